using System.Globalization;

namespace Haven.Planning.Aid;

/// <summary>Trucks one source recorded through a crossing in a period.</summary>
public sealed record SourceTrucks(string Source, double Trucks, double TrucksPerDay, string Coverage);

/// <summary>A crossing and what each source recorded through it in a period (sources never added).</summary>
public sealed record CrossingFlow(Crossing Crossing, IReadOnlyList<SourceTrucks> Sources)
{
    /// <summary>The largest figure any one source gives: what a symbol's size shows.</summary>
    public double LargestSourceTrucks => Sources.Count == 0 ? 0 : Sources.Max(s => s.Trucks);
}

/// <summary>Crossings on the map with their trucks in a period, and the trucks recorded at crossing names no crossing record places.</summary>
public sealed record CrossingFlows(DateOnly From, DateOnly To, IReadOnlyList<CrossingFlow> Crossings, IReadOnlyList<(string Crossing, SourceTrucks Trucks)> Unplaced);

public static class CrossingTrucks
{
    /// <summary>
    /// Whether a record's crossing is this crossing: its id or English name, letter case and a trailing
    /// "crossing" aside ("Rafah Crossing" is Rafah).
    /// </summary>
    public static bool Names(Crossing crossing, string name)
    {
        ArgumentNullException.ThrowIfNull(crossing);
        ArgumentNullException.ThrowIfNull(name);
        string n = Plain(name);
        return n.Length > 0 && (n == Plain(crossing.Id) || n == Plain(crossing.NameEn));
    }

    public static CrossingFlows For(IReadOnlyList<Crossing> crossings, IReadOnlyList<Arrival> arrivals, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(crossings);
        ArgumentNullException.ThrowIfNull(arrivals);
        int days = to.DayNumber - from.DayNumber + 1;
        var named = arrivals.Where(a => a.Crossing is not null && a.Destination is null && a.Date >= from && a.Date <= to)
            .GroupBy(a => (Crossing: a.Crossing!, a.Source))
            .Select(g => (g.Key.Crossing, Trucks: new SourceTrucks(g.Key.Source, g.Sum(a => a.Trucks ?? 0), g.Sum(a => a.Trucks ?? 0) / days,
                string.Join(" ", g.Select(a => a.Coverage).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)))))
            .ToList();
        var flows = crossings.Select(c => new CrossingFlow(c, [.. named.Where(n => Names(c, n.Crossing)).GroupBy(n => n.Trucks.Source, StringComparer.Ordinal)
            .Select(g => new SourceTrucks(g.Key, g.Sum(x => x.Trucks.Trucks), g.Sum(x => x.Trucks.TrucksPerDay), string.Join(" ", g.Select(x => x.Trucks.Coverage).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal))))
            .OrderBy(s => s.Source, StringComparer.Ordinal)])).ToList();
        var unplaced = named.Where(n => !crossings.Any(c => Names(c, n.Crossing))).OrderBy(n => n.Crossing, StringComparer.Ordinal).ThenBy(n => n.Trucks.Source, StringComparer.Ordinal).ToList();
        return new CrossingFlows(from, to, flows, unplaced);
    }

    private static string Plain(string s)
    {
        string t = string.Join(' ', s.Trim().ToLower(CultureInfo.InvariantCulture).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return t.EndsWith(" crossing", StringComparison.Ordinal) ? t[..^" crossing".Length] : t;
    }
}
