using NetTopologySuite.Geometries;

namespace Haven.Protection.Zones;

/// <summary>
/// One version of a protected or humanitarian zone, valid from <see cref="ValidFrom"/> up to but not including
/// <see cref="ValidTo"/> (open-ended when null): the end date is the first day the version no longer applies,
/// the day the next version starts. <see cref="IsValidOn"/> is the one rule every front end uses.
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

    /// <summary>The first broken rule of a zone version, naming its field, or null when it is valid.</summary>
    public string? Check() =>
        string.IsNullOrWhiteSpace(Id) || Id.Length > 200 ? "id: must be 1 to 200 characters"
        : ValidTo is { } to && to <= ValidFrom ? $"valid_to: {to:yyyy-MM-dd} must be after valid_from {ValidFrom:yyyy-MM-dd}"
        : Boundary.IsEmpty ? "geometry: a zone needs a non-empty polygon"
        : null;
}
