using System.Globalization;
using Haven.Geo;

namespace Haven.Planning.Aid;

/// <summary>How deliveries are grouped: a period (day, week or month) and any of crossing, category and route. Source is always kept apart.</summary>
public sealed record DeliveryGrouping(string Period, bool Crossing, bool Category, bool Route)
{
    public static readonly IReadOnlyList<string> Periods = ["day", "week", "month"];

    /// <summary>Parses a list such as "month,crossing,category"; at most one period (month when none is named).</summary>
    public static Outcome<DeliveryGrouping> Parse(string? by)
    {
        var parts = (by ?? "month").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToLowerInvariant()).ToList();
        var unknown = parts.Where(p => !Periods.Contains(p) && p is not ("crossing" or "category" or "route" or "source")).ToList();
        if (unknown.Count > 0)
        {
            return Outcome<DeliveryGrouping>.Failure("aid.by", $"--by (by): '{string.Join(", ", unknown)}' is not a grouping; expected day, week or month, and any of crossing, category, route (source is always shown apart).");
        }

        var periods = parts.Where(Periods.Contains).Distinct().ToList();
        if (periods.Count > 1)
        {
            return Outcome<DeliveryGrouping>.Failure("aid.by", $"--by (by): choose one period of day, week and month; got {string.Join(" and ", periods)}.");
        }

        return new DeliveryGrouping(periods.Count == 0 ? "month" : periods[0], parts.Contains("crossing"), parts.Contains("category"), parts.Contains("route"));
    }

    /// <summary>The period a date falls in: its label, first and last day.</summary>
    public (string Label, DateOnly Start, DateOnly End) PeriodOf(DateOnly date)
    {
        switch (Period)
        {
            case "day":
                return (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), date, date);
            case "week":
                var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
                var dt = monday.ToDateTime(TimeOnly.MinValue);
                return (string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(dt)}-W{ISOWeek.GetWeekOfYear(dt):00}"), monday, monday.AddDays(6));
            default:
                var first = new DateOnly(date.Year, date.Month, 1);
                return (first.ToString("yyyy-MM", CultureInfo.InvariantCulture), first, first.AddMonths(1).AddDays(-1));
        }
    }
}

/// <summary>
/// Deliveries of one source in one period and to one destination (the Strip, or a region such as the north, for
/// records of what reached it), and crossing, category, route when grouped by them. Trucks per day
/// divide by the days of the period inside the query. Rows whose weight or energy is unknown are counted, not
/// taken as zero; <see cref="Coverage"/> carries the source's caveat on the period.
/// </summary>
public sealed record DeliveryRow(string Period, DateOnly Start, DateOnly End, string Source, string? Crossing, string? Category, string? Route, string Destination,
    int Records, double Trucks, double TrucksPerDay, double Tonnes, int RecordsWithoutTonnes, double Kcal, int RecordsWithoutKcal, int RecordsAssumed, string Coverage);

/// <summary>Two or more sources in the same period (and category or route): each one's trucks and tonnes, and the difference, never their sum.</summary>
public sealed record SourceComparison(string Period, DateOnly Start, DateOnly End, string? Category, string? Route, string Destination,
    IReadOnlyList<SourceFigures> Sources, string Difference, double? TrucksDifference, double? TonnesDifference);

/// <summary>One source's figures in a comparison; null where the source does not cover the period.</summary>
public sealed record SourceFigures(string Source, bool Covers, double? Trucks, double? Tonnes, string Coverage);

/// <summary>A source's extent: first and last day it records, rows, and its caveats.</summary>
public sealed record SourceExtent(string Source, DateOnly First, DateOnly Last, int Records, IReadOnlyList<string> Caveats);

public sealed record DeliveryReport(DateOnly From, DateOnly To, DeliveryGrouping By, IReadOnlyList<DeliveryRow> Rows, IReadOnlyList<SourceComparison> Comparisons,
    IReadOnlyList<SourceExtent> Sources, IReadOnlyList<string> Missing);

public static class Deliveries
{
    /// <summary>
    /// Arrivals from every source, the truck log's offloaded consignments counted as arrivals of their own source.
    /// Collected and delivered rows of the log are onward movements of the same trucks and are not counted again.
    /// </summary>
    public static IReadOnlyList<Arrival> All(PlanningData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. data.Arrivals, .. data.Trucks.Where(d => d.Stage == Stage.Offloaded).Select(d =>
        {
            string category = AidCategories.Of(d.Commodity) is var c && c != AidCategories.Other ? c : d.Commodity;
            var (kcal, assumed) = AidFactors.Default.Energy(d.Tonnes, category, d.Commodity);
            return new Arrival(d.Source, $"line {d.Line}", d.Date, d.Crossing, "land", category, d.Commodity, d.Commodity, d.Trucks, "trucks", string.Empty, d.Trucks, d.Tonnes,
                kcal, assumed, string.Empty, null, $"truck log line {d.Line}");
        })];
    }

    public static DeliveryReport Report(IReadOnlyList<Arrival> arrivals, DateOnly from, DateOnly to, DeliveryGrouping by)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(by);
        var extents = arrivals.GroupBy(a => a.Source, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SourceExtent(g.Key, g.Min(a => a.Date), g.Max(a => a.Date), g.Count(),
                [.. g.Select(a => a.Coverage).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)])).ToList();
        var inRange = arrivals.Where(a => a.Date >= from && a.Date <= to).ToList();
        var rows = inRange
            .GroupBy(a => (Period: by.PeriodOf(a.Date), a.Source, Crossing: by.Crossing ? a.Crossing ?? $"not named ({a.Route})" : null,
                Category: by.Category ? a.Category : null, Route: by.Route ? a.Route : null, Destination: a.Destination ?? FoodGaps.Strip))
            .Select(g =>
            {
                var (label, start, end) = g.Key.Period;
                int days = Days(start, end, from, to);
                double trucks = g.Sum(a => a.Trucks ?? 0);
                return new DeliveryRow(label, start, end, g.Key.Source, g.Key.Crossing, g.Key.Category, g.Key.Route, g.Key.Destination, g.Count(), trucks, trucks / days,
                    g.Sum(a => a.Tonnes ?? 0), g.Count(a => a.Tonnes is null), g.Sum(a => a.Kcal ?? 0), g.Count(a => a.Kcal is null), g.Count(a => a.Assumed.Length > 0),
                    string.Join(" ", g.Select(a => a.Coverage).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)));
            })
            .OrderBy(r => r.Start).ThenBy(r => r.Destination, StringComparer.Ordinal).ThenBy(r => r.Crossing, StringComparer.Ordinal).ThenBy(r => r.Category, StringComparer.Ordinal)
            .ThenBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Source, StringComparer.Ordinal).ToList();

        var comparisons = new List<SourceComparison>();
        if (extents.Count > 1)
        {
            // Crossings are compared only through their totals: not every source names them.
            // Sources are compared where they record the same flow: into the Strip, or to the same region.
            var reach = arrivals.GroupBy(a => (a.Source, Destination: a.Destination ?? FoodGaps.Strip)).ToDictionary(g => g.Key, g => (First: g.Min(a => a.Date), Last: g.Max(a => a.Date)));
            foreach (var g in rows.GroupBy(r => (r.Period, r.Start, r.End, r.Category, r.Route, r.Destination)).OrderBy(g => g.Key.Start).ThenBy(g => g.Key.Destination, StringComparer.Ordinal))
            {
                var figures = extents.Where(e => reach.ContainsKey((e.Source, g.Key.Destination))).Select(e =>
                {
                    var span = reach[(e.Source, g.Key.Destination)];
                    bool covers = span.First <= g.Key.End && span.Last >= g.Key.Start;
                    var mine = g.Where(r => r.Source == e.Source).ToList();
                    return new SourceFigures(e.Source, covers, covers ? mine.Sum(r => r.Trucks) : null, covers ? mine.Sum(r => r.Tonnes) : null,
                        string.Join(" ", mine.Select(r => r.Coverage).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)));
                }).ToList();
                var covering = figures.Where(f => f.Covers).ToList();
                if (covering.Count < 2)
                {
                    continue;
                }

                var (a, b) = (covering[0], covering[1]);
                comparisons.Add(new SourceComparison(g.Key.Period, g.Key.Start, g.Key.End, g.Key.Category, g.Key.Route, g.Key.Destination, figures,
                    $"{a.Source} minus {b.Source}", a.Trucks - b.Trucks, a.Tonnes - b.Tonnes));
            }
        }

        var missing = new List<string>();
        if (arrivals.Count == 0)
        {
            missing.Add("delivery records: none are imported (haven aid import FILE), so what arrived is unknown, not zero");
        }
        else if (inRange.Count == 0)
        {
            missing.Add(string.Create(CultureInfo.InvariantCulture, $"delivery records from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: the records run {extents.Min(e => e.First):yyyy-MM-dd} to {extents.Max(e => e.Last):yyyy-MM-dd}"));
        }

        return new DeliveryReport(from, to, by, rows, comparisons, extents, missing);
    }

    /// <summary>Days of a period that fall between from and to (at least one).</summary>
    public static int Days(DateOnly start, DateOnly end, DateOnly from, DateOnly to)
    {
        var a = start > from ? start : from;
        var b = end < to ? end : to;
        return Math.Max(1, b.DayNumber - a.DayNumber + 1);
    }
}
