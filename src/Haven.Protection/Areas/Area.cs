using NetTopologySuite.Geometries;

namespace Haven.Protection.Areas;

/// <summary>
/// An administrative unit: P-code (OCHA COD convention), names in English and Arabic, level, parent and
/// boundary in WGS 84.
/// </summary>
public sealed record Area(
    string Pcode,
    string NameEn,
    string NameAr,
    int Level,
    string? ParentPcode,
    Geometry Boundary,
    string Source);
