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
    /// <summary>
    /// The edition of the block map whose numbers <see cref="Blocks"/> are (<see cref="Areas.Block.MainEdition"/>, the
    /// store's main map, unless the order was published on another: OCHA's 2025 orders name the 2025 blocks).
    /// </summary>
    public string Edition { get; init; } = Areas.Block.MainEdition;

    public bool IsInForceOn(DateOnly date) => EffectiveFrom <= date && (LiftedOn is null || date < LiftedOn);
}
