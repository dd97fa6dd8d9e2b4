using Haven.Damage.Assessment;
using Haven.Damage.Unosat;
using Haven.Geo;
using Haven.Geo.Tabular;
using Haven.Planning;
using Haven.Planning.Capacity;
using Haven.Workflows.Assessments;

namespace Haven.Workflows.PlanningAnswers;

/// <summary>
/// One area on one date, as the map page's dashboard shows it: structures and the damaged share with its 95%
/// interval (from the newest assessment's latest date on or before), people present, resident and displaced,
/// density, and usable space per person against the Sphere site standard.
/// </summary>
public sealed record AreaTrend(
    string Code, string NameEn, string NameAr, DateOnly Date, double LandKm2,
    int Structures, int? Damaged, double? DamagedShare, double? Lower95, double? Upper95, DateOnly? DamageDate,
    long People, long Residents, long DisplacedIn, long DisplacedOut,
    double? PeoplePerKm2, double? UsableM2PerPerson, double StandardM2PerPerson, double? ShortfallM2PerPerson,
    int? UnosatSites = null, int? UnosatDamaged = null, DateOnly? UnosatDate = null, string? UnosatLayer = null);

/// <summary>The dashboard's figures per area over a run of dates, computed from one <see cref="PlanningSource"/>.</summary>
public static class AreaTrends
{
    /// <summary>Most dates one answer covers; longer runs keep the first, the last and evenly spaced dates between.</summary>
    public const int MaxDates = 60;

    /// <summary>
    /// The dates a dashboard from <paramref name="from"/> to <paramref name="to"/> shows: both ends and every date in
    /// between on which population, movements, orders, zones or damage change.
    /// </summary>
    public static IReadOnlyList<DateOnly> Dates(PlanningSource source, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(source);
        var all = source.ChangeDates().Where(d => d > from && d < to).Prepend(from).Append(to).Distinct().Order().ToList();
        if (all.Count <= MaxDates)
        {
            return all;
        }

        return [.. Enumerable.Range(0, MaxDates).Select(i => all[(int)Math.Round(i * (all.Count - 1) / (double)(MaxDates - 1))]).Distinct()];
    }

    public static IReadOnlyList<AreaTrend> For(PlanningSource source, IReadOnlyList<DateOnly> dates, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(dates);
        var rows = new List<AreaTrend>();
        var unosat = Unosat(source, dates);
        foreach (var date in dates)
        {
            var scene = source.On(date).Scene;
            var damageDate = source.DamageDate(date);
            foreach (var area in scene.Areas)
            {
                var state = scene.People.GetValueOrDefault(area.Pcode);
                long people = state?.Present ?? 0;
                var space = CapacityPlanner.Space(scene, area.Boundary, people);
                var damage = damageDate is null ? null : source.AreaDamage.FirstOrDefault(a => a.Code == area.Pcode && a.Inference == damageDate);
                // An area whose buildings the radar could not see has no damage figures on that date: unknown, not 0.
                var known = damage is { Scored: > 0 } ? damage : null;
                var seen = unosat.GetValueOrDefault((area.Pcode, date));
                rows.Add(new AreaTrend(area.Pcode, area.NameEn, area.NameAr, date, space.LandM2 / 1e6,
                    damage?.Structures ?? space.Structures, known?.Damaged, Numbers.Finite(known?.Share), Numbers.Finite(known?.Lower), Numbers.Finite(known?.Upper), damage is null ? null : damageDate,
                    people, state?.Residents ?? 0, state?.DisplacedPresent ?? 0, state?.DisplacedOut ?? 0,
                    space.PeoplePerKm2, space.UsableM2PerPerson, scene.Standards.SiteM2PerPerson, space.ShortfallM2PerPerson,
                    seen.Counts?.Sites, seen.Counts?.Damaged, seen.Counts?.Date, seen.Layer));
            }

            progress?.Report(rows.Count);
        }

        return rows;
    }

    /// <summary>UNOSAT's figure per area code and date (<see cref="UnosatSites.AsOf"/>), each level of areas counted on its own.</summary>
    private static Dictionary<(string Code, DateOnly Date), (DamageSiteCounts? Counts, string? Layer)> Unosat(PlanningSource source, IReadOnlyList<DateOnly> dates)
    {
        var figures = new Dictionary<(string, DateOnly), (DamageSiteCounts?, string?)>();
        if (source.DamageSites.Count == 0)
        {
            return figures;
        }

        foreach (var level in source.Areas.GroupBy(a => a.Level))
        {
            var areas = level.Select(a => new AssessmentArea(a.Pcode, a.NameEn, a.Boundary)).ToList();
            foreach (var (asOf, counts, layer) in UnosatSites.AsOf(source.DamageSites, areas, dates))
            {
                figures[(counts.Code, asOf)] = (counts, layer);
            }
        }

        return figures;
    }

    public static string Csv(IEnumerable<AreaTrend> rows) => PlanningCsv.Table(
        "code,name,name_ar,date,land_km2,structures,damaged,damaged_share,damaged_share_lower95,damaged_share_upper95,damage_date,people,residents,displaced_in,displaced_out,people_per_km2,usable_m2_per_person,standard_m2_per_person,shortfall_m2_per_person,unosat_sites,unosat_damaged,unosat_date,unosat_layer",
        "#adm1+code,#adm1+name+i_en,#adm1+name+i_ar,#date,#geo+area+land,#indicator+structures+total,#indicator+structures+damaged,#indicator+damaged+pct,#indicator+damaged+pct+lower,#indicator+damaged+pct+upper,#date+damage,#population,#population+residents,#population+idps+in,#population+idps+out,#population+density,#indicator+m2_per_person,#indicator+m2_per_person+standard,#indicator+m2_per_person+shortfall,#indicator+sites+unosat,#indicator+damaged+unosat,#date+unosat,#meta+source+unosat",
        rows, t => $"{CsvText.Quote(t.Code)},{CsvText.Quote(t.NameEn)},{CsvText.Quote(t.NameAr)},{t.Date:yyyy-MM-dd},{PlanningCsv.N(t.LandKm2)},{t.Structures},{t.Damaged},{PlanningCsv.N(t.DamagedShare)},{PlanningCsv.N(t.Lower95)},{PlanningCsv.N(t.Upper95)},{t.DamageDate:yyyy-MM-dd},{t.People},{t.Residents},{t.DisplacedIn},{t.DisplacedOut},{PlanningCsv.N(t.PeoplePerKm2)},{PlanningCsv.N(t.UsableM2PerPerson)},{PlanningCsv.N(t.StandardM2PerPerson)},{PlanningCsv.N(t.ShortfallM2PerPerson)},{t.UnosatSites},{t.UnosatDamaged},{t.UnosatDate:yyyy-MM-dd},{CsvText.Quote(t.UnosatLayer ?? string.Empty)}");
}
