using System.Globalization;
using Haven.Geo;
using Haven.Planning;
using Haven.Planning.Aid;
using Haven.Planning.Population;

namespace Haven.Workflows.PlanningAnswers;

/// <summary>The food gap over what a store holds: the same for the command line and the server.</summary>
public static class FoodGapQuery
{
    /// <summary>
    /// People present in a scope on a day: for the Strip, everyone the population ledger counts in its areas; for a
    /// region, its latest estimate on or before the day. Null when neither says.
    /// </summary>
    public static Func<DateOnly, (double? People, string Basis)> People(string scope, PopulationLedger ledger, PlanningData data)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(data);
        if (scope == FoodGaps.Strip)
        {
            return day =>
            {
                var states = ledger.AsOf(day);
                return states.Count == 0 ? (null, "") : (states.Values.Sum(s => s.Present), string.Create(CultureInfo.InvariantCulture, $"population counts of {states.Count} areas"));
            };
        }

        return day => RegionPopulation.On(data.Regions, scope, day) is { } e
            ? (e.People, string.Create(CultureInfo.InvariantCulture, $"{e.Source}, estimate of {e.Date:yyyy-MM-dd}"))
            : (null, "");
    }

    public static Outcome<FoodGapReport> For(PlanningSource source, string scope, DateOnly from, DateOnly to, DeliveryGrouping by, IReadOnlyList<string>? together)
    {
        ArgumentNullException.ThrowIfNull(source);
        var scopes = Scopes(source.Data);
        if (!scopes.Contains(scope))
        {
            return Outcome<FoodGapReport>.Failure("aid.scope", $"--scope (scope): '{scope}' is not a scope with records; expected {string.Join(", ", scopes)}.");
        }

        return FoodGaps.For(scope, Deliveries.All(source.Data), People(scope, source.Population, source.Data), from, to, by, together);
    }

    /// <summary>The Strip and every region with a population estimate or deliveries recorded to it.</summary>
    public static IReadOnlyList<string> Scopes(PlanningData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [FoodGaps.Strip, .. data.Regions.Select(r => r.Region).Concat(data.Arrivals.Select(a => a.Destination).OfType<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
