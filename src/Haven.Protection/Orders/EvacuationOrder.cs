namespace Haven.Protection.Orders;

/// <summary>
/// An evacuation order naming blocks. In force from <see cref="EffectiveFrom"/> until it is lifted
/// (<see cref="LiftedOn"/>, exclusive), or indefinitely when never lifted.
/// </summary>
public sealed record EvacuationOrder(
    string Id,
    DateTimeOffset IssuedAt,
    DateOnly EffectiveFrom,
    DateOnly? LiftedOn,
    IReadOnlyList<int> Blocks,
    string StatusEn,
    string StatusAr,
    string Source)
{
    public bool IsInForceOn(DateOnly date) => EffectiveFrom <= date && (LiftedOn is null || date < LiftedOn);
}
