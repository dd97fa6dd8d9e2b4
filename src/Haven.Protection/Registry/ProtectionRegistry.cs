using Haven.Protection.Orders;
using Haven.Protection.Zones;

namespace Haven.Protection.Registry;

/// <summary>
/// Answers "as of a date" questions over zone versions and evacuation orders. Built once from the records,
/// then read-only; thread-safe for concurrent queries.
/// </summary>
public sealed class ProtectionRegistry
{
    private readonly Zone[] _zones;
    private readonly EvacuationOrder[] _orders;

    public ProtectionRegistry(IEnumerable<Zone> zones, IEnumerable<EvacuationOrder> orders)
    {
        _zones = [.. zones.OrderBy(z => z.Id, StringComparer.Ordinal).ThenBy(z => z.Version)];
        _orders = [.. orders.OrderBy(o => o.EffectiveFrom).ThenBy(o => o.IssuedAt).ThenBy(o => o.Id, StringComparer.Ordinal)];
    }

    /// <summary>The zone versions valid on a date: at most one version per zone id, the latest that applies.</summary>
    public IReadOnlyList<Zone> ZonesAsOf(DateOnly date)
    {
        var result = new List<Zone>();
        foreach (var group in _zones.Where(z => z.IsValidOn(date)).GroupBy(z => z.Id, StringComparer.Ordinal))
        {
            result.Add(group.MaxBy(z => z.Version)!);
        }

        return result;
    }

    /// <summary>The orders in force on a date, oldest first.</summary>
    public IReadOnlyList<EvacuationOrder> OrdersAsOf(DateOnly date) => [.. _orders.Where(o => o.IsInForceOn(date))];

    /// <summary>
    /// For each block under at least one order on the date, the order that first put it under evacuation
    /// (the earliest in force), which answers "since when and by which order".
    /// </summary>
    public IReadOnlyDictionary<int, EvacuationOrder> BlocksUnderOrderAsOf(DateOnly date)
    {
        var result = new Dictionary<int, EvacuationOrder>();
        foreach (var order in _orders)
        {
            if (!order.IsInForceOn(date))
            {
                continue;
            }

            foreach (int block in order.Blocks)
            {
                result.TryAdd(block, order);
            }
        }

        return result;
    }

    /// <summary>Every version of one zone, oldest first.</summary>
    public IReadOnlyList<Zone> ZoneHistory(string zoneId) =>
        [.. _zones.Where(z => string.Equals(z.Id, zoneId, StringComparison.Ordinal)).OrderBy(z => z.Version)];
}
