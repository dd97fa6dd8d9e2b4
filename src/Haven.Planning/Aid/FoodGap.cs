using System.Globalization;
using Haven.Geo;

namespace Haven.Planning.Aid;

/// <summary>
/// Food that arrived against what the people present need, for one scope (the Strip, or a region such as the
/// north), one period and one source (or sources the user counts together): kcal per person per day, its share of
/// the Sphere 2,100 kcal, the gap, and the trucks a day that would close it. Days the source does not cover, or on
/// which the population is not known, are left out and counted; a period with none left is unknown, not zero.
/// </summary>
/// DaysUsed are the days of the period with both the source's records and a population figure; PersonDays the
/// people present summed over them; KcalArrived what the source records on them (records of unknown energy are
/// counted in RecordsWithoutKcal, not added); KcalPerTruck turns the gap into trucks, KcalPerTruckBasis says how.
public sealed record FoodGapRow(string Scope, string Period, DateOnly Start, DateOnly End, string Source, int Days, int DaysUsed, double? PersonDays, string PeopleBasis,
    double? KcalArrived, int RecordsWithoutKcal, double? KcalPerPersonPerDay, double? ShareOfNeed, double? GapKcalPerPersonPerDay, double? TrucksPerDayToClose,
    double KcalPerTruck, string KcalPerTruckBasis, string Coverage, string Note)
{
    /// <summary>Mean people present over the days used, or null.</summary>
    public double? People => PersonDays is double p && DaysUsed > 0 ? p / DaysUsed : null;
}

public sealed record FoodGapReport(string Scope, DateOnly From, DateOnly To, string Period, double KcalPerPersonPerDayNeeded, IReadOnlyList<FoodGapRow> Rows, IReadOnlyList<string> Missing);

public static class FoodGaps
{
    /// <summary>The Strip as a whole: what entered it, against everyone present.</summary>
    public const string Strip = "strip";

    /// <summary>A food truck at the mean parcel's energy: 17 t x 2,657 kcal/kg.</summary>
    public const double DefaultKcalPerTruck = AidFactors.DefaultKgPerTruck * AidFactors.DefaultFoodKcalPerKg;

    /// <summary>
    /// The gap per period and source for <paramref name="scope"/> (<see cref="Strip"/>: arrivals into the Strip;
    /// a region: arrivals that reached it). <paramref name="together"/> names sources that record different
    /// consignments, which the user counts together; they get a row of their own besides their separate rows.
    /// </summary>
    public static Outcome<FoodGapReport> For(string scope, IReadOnlyList<Arrival> arrivals, Func<DateOnly, (double? People, string Basis)> people,
        DateOnly from, DateOnly to, DeliveryGrouping by, IReadOnlyList<string>? together = null, double kcalNeeded = 2100)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(by);
        var mine = arrivals.Where(a => scope == Strip ? a.Destination is null : a.Destination == scope).ToList();
        var sources = mine.GroupBy(a => a.Source, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var groups = sources.Select(s => (Name: s.Key, Members: (IReadOnlyList<string>)[s.Key])).ToList();
        if (together is { Count: > 0 })
        {
            var unknown = together.Where(t => !sources.ContainsKey(t)).ToList();
            if (unknown.Count > 0 || together.Count < 2)
            {
                return Outcome<FoodGapReport>.Failure("aid.together", $"--together (together): '{string.Join(", ", together)}' must name two or more sources that have records for '{scope}'; "
                    + $"{(unknown.Count > 0 ? $"'{string.Join(", ", unknown)}' has none; " : "")}the sources are {(sources.Count == 0 ? "none" : string.Join(", ", sources.Keys))}.");
            }

            groups.Add((string.Join(" + ", together), together));
        }

        var peopleOn = new Dictionary<DateOnly, (double? People, string Basis)>();
        (double? People, string Basis) PeopleOn(DateOnly d) => peopleOn.TryGetValue(d, out var p) ? p : peopleOn[d] = people(d);

        var rows = new List<FoodGapRow>();
        var periods = new List<(string Label, DateOnly Start, DateOnly End)>();
        for (var d = from; d <= to;)
        {
            var p = by.PeriodOf(d);
            periods.Add(p);
            d = p.End.AddDays(1);
        }

        foreach (var (name, members) in groups)
        {
            var records = members.SelectMany(m => sources[m]).ToList();
            // A group covers a day when every member does: its records run from the latest first day to the earliest last day.
            var first = members.Max(m => sources[m].Min(a => a.Date));
            var last = members.Min(m => sources[m].Max(a => a.Date));
            var byDay = records.GroupBy(a => a.Date).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var (label, start, end) in periods)
            {
                var a = start > from ? start : from;
                var b = end < to ? end : to;
                int days = b.DayNumber - a.DayNumber + 1;
                var used = new List<DateOnly>();
                double personDays = 0;
                var bases = new List<string>();
                for (var d = a; d <= b; d = d.AddDays(1))
                {
                    if (d < first || d > last || PeopleOn(d) is not { People: double n } p)
                    {
                        continue;
                    }

                    used.Add(d);
                    personDays += n;
                    if (!bases.Contains(p.Basis))
                    {
                        bases.Add(p.Basis);
                    }
                }

                var inPeriod = used.SelectMany(d => byDay.GetValueOrDefault(d) ?? []).ToList();
                int withoutKcal = inPeriod.Count(x => x.Kcal is null);
                string coverage = string.Join(" ", inPeriod.Select(x => x.Coverage).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal));
                var food = inPeriod.Where(x => x.Category == AidCategories.Food && x.Trucks is > 0 && x.Kcal is not null).ToList();
                double foodTrucks = food.Sum(x => x.Trucks!.Value);
                var (perTruck, perTruckBasis) = foodTrucks >= 10
                    ? (food.Sum(x => x.Kcal!.Value) / foodTrucks, string.Create(CultureInfo.InvariantCulture, $"mean of {name}'s {foodTrucks:0} food trucks in the period"))
                    : (DefaultKcalPerTruck, string.Create(CultureInfo.InvariantCulture, $"{AidFactors.DefaultKgPerTruck / 1000:0} t a truck at {AidFactors.DefaultFoodKcalPerKg:0} kcal/kg"));
                if (used.Count == 0 || personDays <= 0)
                {
                    string why = a > last || b < first ? "unknown: no records for this period" : "unknown: population not known";
                    rows.Add(new FoodGapRow(scope, label, start, end, name, days, 0, null, "", null, 0, null, null, null, null, perTruck, perTruckBasis, coverage, why));
                    continue;
                }

                if (inPeriod.Count > 0 && withoutKcal == inPeriod.Count)
                {
                    rows.Add(new FoodGapRow(scope, label, start, end, name, days, used.Count, personDays, string.Join("; ", bases), null, withoutKcal, null, null, null, null,
                        perTruck, perTruckBasis, coverage, "unknown: no record of the period gives its energy"));
                    continue;
                }

                double kcal = inPeriod.Sum(x => x.Kcal ?? 0);
                double perPerson = kcal / personDays;
                double gap = Math.Max(0, kcalNeeded - perPerson);
                string note = used.Count < days ? $"{used.Count} of {days} days" : string.Empty;
                if (withoutKcal > 0)
                {
                    note = string.Join("; ", new[] { note, string.Create(CultureInfo.InvariantCulture, $"{withoutKcal} records of unknown kcal left out") }.Where(s => s.Length > 0));
                }

                rows.Add(new FoodGapRow(scope, label, start, end, name, days, used.Count, personDays, string.Join("; ", bases), kcal, withoutKcal, perPerson, perPerson / kcalNeeded,
                    gap, gap * personDays / used.Count / perTruck, perTruck, perTruckBasis, coverage, note));
            }
        }

        var missing = new List<string>();
        if (sources.Count == 0)
        {
            missing.Add(scope == Strip
                ? "delivery records into the Strip: none are imported, so what arrived is unknown, not zero"
                : $"delivery records that reached '{scope}': none are imported, so what reached it is unknown, not zero");
        }

        if (!Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Any(i => PeopleOn(from.AddDays(i)).People is not null))
        {
            missing.Add(scope == Strip ? "population of the areas on these dates (import population)" : $"population of '{scope}' on these dates (import a table of its estimates)");
        }

        return new FoodGapReport(scope, from, to, by.Period, kcalNeeded, [.. rows.OrderBy(r => r.Start).ThenBy(r => r.Source, StringComparer.Ordinal)], missing);
    }
}
