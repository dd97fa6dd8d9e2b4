using Haven.Planning.Population;
using Haven.Protection.Orders;
using Haven.Protection.Zones;

namespace Haven.Storage.Scenarios;

/// <summary>The first and last dates of a store's dated records: what a date control should run over.</summary>
public static class DatedSpan
{
    /// <summary>
    /// From the earliest to the latest of: orders taking effect and being lifted, zones starting and ending,
    /// population counts, and the event date when there is one; null when there is no date at all.
    /// </summary>
    public static (DateOnly First, DateOnly Last)? Of(IEnumerable<EvacuationOrder> orders, IEnumerable<Zone> zones, IEnumerable<PopulationRecord> population,
        DateOnly? eventDate)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(population);
        var dates = orders.SelectMany(o => o.LiftedOn is { } l ? new[] { o.EffectiveFrom, l } : [o.EffectiveFrom])
            .Concat(zones.Where(z => z.ValidFrom != DateOnly.MinValue).SelectMany(z => z.ValidTo is { } to ? new[] { z.ValidFrom, to } : [z.ValidFrom]))
            .Concat(population.Select(p => p.Date))
            .Concat(eventDate is { } e ? [e] : [])
            .ToList();
        return dates.Count == 0 ? null : (dates.Min(), dates.Max());
    }
}
