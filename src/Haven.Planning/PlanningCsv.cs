using System.Globalization;
using System.Text;
using Haven.Geo.Tabular;
using Haven.Planning.Aid;
using Haven.Planning.Capacity;

namespace Haven.Planning;

/// <summary>Planning results as CSV with HXL hashtags on the second row, for spreadsheets and HDX.</summary>
public static class PlanningCsv
{
    private static readonly string[] Standards =
        [CapacityPlanner.SiteArea, CapacityPlanner.SiteAreaWithoutPlots, CapacityPlanner.CoveredSpace, CapacityPlanner.Water, CapacityPlanner.Taps,
         CapacityPlanner.Latrines, CapacityPlanner.WaterDistance, CapacityPlanner.Food];

    public static string Capacity(IEnumerable<CapacityReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var sb = new StringBuilder("code,name,date,people,total_m2,land_m2,under_order_m2,damaged_footprint_m2,usable_m2,people_per_km2,m2_per_person,shortfall_m2_per_person,water_points,share_beyond_water_limit");
        var tags = new StringBuilder("#adm1+code,#adm1+name,#date,#population,#geo+area+total,#geo+area+land,#geo+area+evacuation,#geo+area+damaged,#geo+area+usable,#population+density,#indicator+m2_per_person,#indicator+m2_per_person+shortfall,#capacity+water+points,#indicator+water+far+pct");
        foreach (string s in Standards)
        {
            sb.Append(CultureInfo.InvariantCulture, $",{s}_needed,{s}_present,{s}_verdict");
            tags.Append(CultureInfo.InvariantCulture, $",#indicator+{s}+needed,#indicator+{s}+present,#indicator+{s}+verdict");
        }

        sb.Append(",missing");
        tags.Append(",#meta+missing");
        sb.Append('\n').Append(tags).Append('\n');
        foreach (var r in reports)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{CsvText.Quote(r.Code)},{CsvText.Quote(r.Name)},{r.AsOf:yyyy-MM-dd},{r.People},{N(r.TotalAreaM2)},{N(r.LandAreaM2)},{N(r.UnderOrderM2)},{N(r.DamagedFootprintM2)},{N(r.UsableAreaM2)},{N(r.PeoplePerKm2)},{N(r.UsableM2PerPerson)},{N(r.ShortfallM2PerPerson)},{r.WaterPoints},{N(r.ShareFartherThanWaterLimit)}");
            foreach (string s in Standards)
            {
                var c = r.Check(s);
                sb.Append(CultureInfo.InvariantCulture, $",{N(c.Needed)},{N(c.Present)},{Verdicts.Text(c.Verdict)}");
            }

            sb.Append(',').Append(CsvText.Quote(string.Join("; ", r.Missing))).Append('\n');
        }

        return sb.ToString();
    }

    public static string Housing(IEnumerable<HousingReport> rows) => Table(
        "code,name,level,structures,damaged,intact,not_assessed,capacity_people,people,surplus_people,verdict",
        "#loc+code,#loc+name,#meta+level,#indicator+structures+total,#indicator+structures+damaged,#indicator+structures+intact,#indicator+structures+unassessed,#capacity+people,#population,#indicator+surplus,#indicator+verdict",
        rows, h => $"{CsvText.Quote(h.Code)},{CsvText.Quote(h.Name)},{h.Level},{h.Structures},{h.Damaged},{h.Intact},{h.NotAssessed},{N(h.Capacity)},{N(h.People)},{N(h.Surplus)},{(h.DamageKnown ? Verdicts.Text(h.Verdict) : "unknown")}");

    public static string ReturnBlocks(IEnumerable<BlockReadiness> rows) => Table(
        "rank,block,under_order,structures,intact,intact_share,capacity_people,nearest_water_m,nearest_health_m,water_within_limit,note",
        "#meta+rank,#loc+block,#status+evacuation,#indicator+structures+total,#indicator+structures+intact,#indicator+intact+pct,#capacity+people,#indicator+water+distance,#indicator+health+distance,#indicator+water+near,#description",
        rows, b => $"{b.Rank},{b.Block},{B(b.UnderOrder)},{b.Structures},{b.Intact},{N(b.IntactShare)},{N(b.Capacity)},{N(b.NearestWaterM)},{N(b.NearestHealthM)},{B(b.WaterWithinLimit)},{CsvText.Quote(b.Note)}");

    public static string Needs(IEnumerable<AidNeed> rows) => Table(
        "pcode,date,people,commodity,tonnes,basis",
        "#adm1+code,#date,#population,#item+name,#value+tonnes+needed,#meta+basis",
        rows, n => $"{n.Area},{n.Date:yyyy-MM-dd},{n.People},{n.Commodity},{N(n.Tonnes)},{CsvText.Quote(n.Basis)}");

    public static string Gaps(IEnumerable<AidGap> rows) => Table(
        "pcode,date,commodity,need_tonnes,delivered_tonnes,gap_tonnes,unmet_share",
        "#adm1+code,#date,#item+name,#value+tonnes+needed,#value+tonnes+delivered,#value+tonnes+gap,#indicator+unmet+pct",
        rows, g => $"{g.Area},{g.Date:yyyy-MM-dd},{g.Commodity},{N(g.NeedTonnes)},{N(g.DeliveredTonnes)},{N(g.GapTonnes)},{N(g.UnmetShare)}");

    public static string Plan(AidPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Table(
            "pcode,date,commodity,need_tonnes,allocated_tonnes,unmet_share,reachable,note",
            "#adm1+code,#date,#item+name,#value+tonnes+needed,#value+tonnes+allocated,#indicator+unmet+pct,#access+reachable,#description",
            plan.Areas, a => $"{a.Area},{plan.Date:yyyy-MM-dd},{plan.Commodity},{N(a.NeedTonnes)},{N(a.AllocatedTonnes)},{N(a.UnmetShare)},{B(a.Reachable)},{CsvText.Quote(a.Note ?? string.Empty)}");
    }

    /// <summary>Deliveries per period and source (and crossing, category, route when grouped so), one row each.</summary>
    public static string Deliveries(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Table(
            "period,start,end,destination,crossing,category,route,source,records,trucks,trucks_per_day,tonnes,records_without_tonnes,kcal,records_without_kcal,records_assumed,coverage",
            "#date+period,#date+start,#date+end,#loc+dest,#loc+crossing,#item+type,#loc+route,#meta+source,#indicator+records,#indicator+trucks,#indicator+trucks+per_day,#indicator+tonnes,#indicator+records+no_weight,#indicator+kcal,#indicator+records+no_kcal,#indicator+records+assumed,#meta+coverage",
            report.Rows, r => $"{r.Period},{r.Start:yyyy-MM-dd},{r.End:yyyy-MM-dd},{CsvText.Quote(r.Destination)},{CsvText.Quote(r.Crossing ?? "")},{r.Category},{r.Route},{CsvText.Quote(r.Source)},{r.Records},{N(r.Trucks)},{N(r.TrucksPerDay)},{N(r.Tonnes)},{r.RecordsWithoutTonnes},{N(r.Kcal)},{r.RecordsWithoutKcal},{r.RecordsAssumed},{CsvText.Quote(r.Coverage)}");
    }

    /// <summary>Sources side by side per period (and category, route): one row per source, with the difference between the first two that cover it.</summary>
    public static string DeliveryComparisons(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Table(
            "period,start,end,destination,category,route,source,covers,trucks,tonnes,difference,trucks_difference,tonnes_difference,coverage",
            "#date+period,#date+start,#date+end,#loc+dest,#item+type,#loc+route,#meta+source,#meta+covered,#indicator+trucks,#indicator+tonnes,#description+difference,#indicator+trucks+difference,#indicator+tonnes+difference,#meta+coverage",
            report.Comparisons.SelectMany(c => c.Sources.Select(s => (c, s))),
            x => $"{x.c.Period},{x.c.Start:yyyy-MM-dd},{x.c.End:yyyy-MM-dd},{CsvText.Quote(x.c.Destination)},{x.c.Category},{x.c.Route},{CsvText.Quote(x.s.Source)},{B(x.s.Covers)},{N(x.s.Trucks)},{N(x.s.Tonnes)},{CsvText.Quote(x.c.Difference)},{N(x.c.TrucksDifference)},{N(x.c.TonnesDifference)},{CsvText.Quote(x.s.Coverage)}");
    }

    /// <summary>The food gap per period and source: kcal per person per day against the need, and trucks a day to close it.</summary>
    public static string FoodGaps(FoodGapReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Table(
            "scope,period,start,end,source,days,days_used,people,kcal_arrived,records_without_kcal,kcal_per_person_day,share_of_need,gap_kcal_per_person_day,trucks_per_day_to_close,kcal_per_truck,people_basis,kcal_per_truck_basis,coverage,note",
            "#loc+region,#date+period,#date+start,#date+end,#meta+source,#indicator+days,#indicator+days+used,#population,#indicator+kcal,#indicator+records+no_kcal,#indicator+kcal+per_person_day,#indicator+kcal+pct,#indicator+kcal+gap,#indicator+trucks+needed,#indicator+kcal+per_truck,#meta+population,#meta+trucks,#meta+coverage,#description",
            report.Rows, r => $"{CsvText.Quote(r.Scope)},{r.Period},{r.Start:yyyy-MM-dd},{r.End:yyyy-MM-dd},{CsvText.Quote(r.Source)},{r.Days},{r.DaysUsed},{N(r.People)},{N(r.KcalArrived)},{r.RecordsWithoutKcal},{N(r.KcalPerPersonPerDay)},{N(r.ShareOfNeed)},{N(r.GapKcalPerPersonPerDay)},{N(r.TrucksPerDayToClose)},{N(r.KcalPerTruck)},{CsvText.Quote(r.PeopleBasis)},{CsvText.Quote(r.KcalPerTruckBasis)},{CsvText.Quote(r.Coverage)},{CsvText.Quote(r.Note)}");
    }

    /// <summary>A CSV table: a header row, an HXL hashtag row, then one line per row.</summary>
    public static string Table<T>(string header, string tags, IEnumerable<T> rows, Func<T, FormattableString> line)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder(header).Append('\n').Append(tags).Append('\n');
        foreach (var r in rows)
        {
            sb.Append(line(r).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A number as a CSV cell: at most four decimals, empty when missing.</summary>
    public static string N(double? v) => v is double d && double.IsFinite(d) ? Math.Round(d, 4).ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;

    private static string B(bool v) => v ? "true" : "false";
}

/// <summary>Verdicts as words in files and answers.</summary>
public static class Verdicts
{
    public static string Text(Verdict v) => v switch { Verdict.Met => "met", Verdict.NotMet => "not met", _ => "unknown" };
}
