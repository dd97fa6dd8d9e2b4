using Haven.Protection.Orders;
using Haven.Protection.Zones;

namespace Haven.Protection.Registry;

/// <summary>
/// Answers "as of a date" questions over zone versions and evacuation orders. Each block keeps its own time
/// line of the orders that name it, so a block's status on a date is a short scan, not a pass over every
/// order. Built once from the records, then read-only; thread-safe for concurrent queries.
/// </summary>
/// <remarks>
/// A block's status on a date is decided by the latest record in force that names it (by issue time): an
/// evacuation order puts it under evacuation, a record declaring it safe ends that. "Since when and by which
/// order" is the first order of the unbroken run of evacuation orders that ends with the deciding one.
/// </remarks>
public sealed class ProtectionRegistry
{
    private static readonly EvacuationOrder[] NoOrders = [];
    private readonly Zone[] _zones;
    private readonly EvacuationOrder[] _orders;
    private readonly Dictionary<(string Edition, int Block), EvacuationOrder[]> _byBlock;

    public ProtectionRegistry(IEnumerable<Zone> zones, IEnumerable<EvacuationOrder> orders)
    {
        _zones = [.. zones.OrderBy(z => z.Id, StringComparer.Ordinal).ThenBy(z => z.Version)];
        _orders = [.. orders.OrderBy(o => o.IssuedAt).ThenBy(o => o.EffectiveFrom).ThenBy(o => o.Id, StringComparer.Ordinal)];
        _byBlock = _orders
            .SelectMany(o => o.Blocks.Distinct().Select(b => (Block: (o.Edition, b), Order: o)))
            .GroupBy(x => x.Block)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Order).ToArray());
    }

    public IReadOnlyList<Zone> Zones => _zones;

    public IReadOnlyList<EvacuationOrder> Orders => _orders;

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

    /// <summary>True when this version is the one of its zone in force on the date.</summary>
    public bool IsCurrent(Zone zone, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!zone.IsValidOn(date))
        {
            return false;
        }

        foreach (var z in _zones)
        {
            if (z.Version > zone.Version && string.Equals(z.Id, zone.Id, StringComparison.Ordinal) && z.IsValidOn(date))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The orders in force on a date, oldest first (records declaring blocks safe included).</summary>
    public IReadOnlyList<EvacuationOrder> OrdersAsOf(DateOnly date) => [.. _orders.Where(o => o.IsInForceOn(date))];

    /// <summary>
    /// The order that put a block under evacuation, as of a date (see the remarks for the rule), or null when
    /// the block is not under evacuation then.
    /// </summary>
    public EvacuationOrder? OrderFor(int block, DateOnly date) => OrderFor(Areas.Block.MainEdition, block, date);

    /// <summary>As <see cref="OrderFor(int, DateOnly)"/>, for a block of an edition of the block map: only orders naming that edition's blocks count.</summary>
    public EvacuationOrder? OrderFor(string edition, int block, DateOnly date)
    {
        var timeline = _byBlock.GetValueOrDefault((edition, block), NoOrders);
        EvacuationOrder? first = null;
        foreach (var order in timeline)
        {
            if (!order.IsInForceOn(date))
            {
                continue;
            }

            first = order.DeclaresSafe ? null : first ?? order;
        }

        return first;
    }

    /// <summary>For each block under evacuation on the date, the order that put it there.</summary>
    public IReadOnlyDictionary<int, EvacuationOrder> BlocksUnderOrderAsOf(DateOnly date) => BlocksUnderOrderAsOf(Areas.Block.MainEdition, date);

    /// <summary>For each block of an edition of the block map under evacuation on the date, the order that put it there.</summary>
    public IReadOnlyDictionary<int, EvacuationOrder> BlocksUnderOrderAsOf(string edition, DateOnly date)
    {
        var result = new Dictionary<int, EvacuationOrder>();
        foreach (var (e, block) in _byBlock.Keys)
        {
            if (e == edition && OrderFor(e, block, date) is { } order)
            {
                result[block] = order;
            }
        }

        return result;
    }

    /// <summary>The editions of the block map that orders name besides the main one.</summary>
    public IReadOnlyList<string> OtherEditions => [.. _orders.Select(o => o.Edition).Where(e => e != Areas.Block.MainEdition).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Every record naming a block of the main map, oldest first: its history of evacuation and safe declarations.</summary>
    public IReadOnlyList<EvacuationOrder> BlockHistory(int block) => _byBlock.GetValueOrDefault((Areas.Block.MainEdition, block), NoOrders);

    /// <summary>Every version of one zone, oldest first.</summary>
    public IReadOnlyList<Zone> ZoneHistory(string zoneId) =>
        [.. _zones.Where(z => string.Equals(z.Id, zoneId, StringComparison.Ordinal)).OrderBy(z => z.Version)];
}
