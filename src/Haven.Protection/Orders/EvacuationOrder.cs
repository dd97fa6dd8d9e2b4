namespace Haven.Protection.Orders;

/// <summary>
/// An evacuation order naming blocks. In force from <see cref="EffectiveFrom"/> until it is lifted
/// (<see cref="LiftedOn"/>, exclusive), or indefinitely when never lifted. Published maps also mark blocks
/// as safe: such a record (<see cref="DeclaresSafe"/>) is the latest word on its blocks and ends the
/// evacuation status an earlier order gave them.
/// </summary>
public sealed record EvacuationOrder(
    string Id,
    DateTimeOffset IssuedAt,
    DateOnly EffectiveFrom,
    DateOnly? LiftedOn,
    IReadOnlyList<int> Blocks,
    string StatusEn,
    string StatusAr,
    string Source,
    bool DeclaresSafe = false)
{
    public bool IsInForceOn(DateOnly date) => EffectiveFrom <= date && (LiftedOn is null || date < LiftedOn);
}
