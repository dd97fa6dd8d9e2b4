using NetTopologySuite.Geometries;

namespace Haven.Protection.Sites;

/// <summary>A protected site: a hospital, shelter, water point and so on, with names in both languages.</summary>
public sealed record Site(
    string Id,
    SiteKind Kind,
    string NameEn,
    string NameAr,
    Geometry Location,
    string Status,
    DateOnly StatusSince,
    string Source);
