namespace Haven.Protection.Orders;

/// <summary>
/// What makes an evacuation order valid, checked on every write path (HTTP, import, command line) so that no
/// order can be stored that would be in force forever by mistake, or name blocks that do not exist.
/// </summary>
public static class OrderRules
{
    /// <summary>Earliest and latest instants an order may carry: a date outside is a typing or parsing error.</summary>
    public static readonly DateTimeOffset Earliest = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first broken rule, naming its field, or null when the order is valid.</summary>
    public static string? Check(EvacuationOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (string.IsNullOrWhiteSpace(order.Id) || order.Id.Length > 200)
        {
            return "id: must be 1 to 200 characters";
        }

        if (order.IssuedAt < Earliest || order.IssuedAt >= Latest)
        {
            return $"issued_at: {order.IssuedAt:O} is outside {Earliest:yyyy}-{Latest:yyyy}";
        }

        if (order.EffectiveFrom < DateOnly.FromDateTime(Earliest.UtcDateTime) || order.EffectiveFrom >= DateOnly.FromDateTime(Latest.UtcDateTime))
        {
            return $"effective_from: {order.EffectiveFrom:yyyy-MM-dd} is outside {Earliest:yyyy}-{Latest:yyyy}";
        }

        if (order.LiftedOn is { } lifted && lifted <= order.EffectiveFrom)
        {
            return $"lifted_on: {lifted:yyyy-MM-dd} must be after effective_from {order.EffectiveFrom:yyyy-MM-dd} (the order would never be in force)";
        }

        if (order.Blocks.Count == 0)
        {
            return "blocks: an order names at least one block";
        }

        foreach (int block in order.Blocks)
        {
            if (block < 0)
            {
                return $"blocks: {block} is not a block number (whole numbers from 0)";
            }
        }

        return null;
    }

    /// <summary>The blocks an order names that are not in <paramref name="known"/>, in order; empty when all exist.</summary>
    public static IReadOnlyList<int> UnknownBlocks(EvacuationOrder order, IReadOnlySet<int> known)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(known);
        return [.. order.Blocks.Where(b => !known.Contains(b)).Distinct().Order()];
    }
}
