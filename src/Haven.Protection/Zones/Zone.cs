using NetTopologySuite.Geometries;

namespace Haven.Protection.Zones;

/// <summary>
/// One version of a protected or humanitarian zone, valid from <see cref="ValidFrom"/> up to but not including
/// <see cref="ValidTo"/> (open-ended when null).
/// </summary>
public sealed record Zone(
    string Id,
    int Version,
    string Kind,
    string NameEn,
    string NameAr,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    Geometry Boundary,
    string Source)
{
    public bool IsValidOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || date < ValidTo);
}
