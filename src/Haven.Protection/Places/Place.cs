using NetTopologySuite.Geometries;

namespace Haven.Protection.Places;

/// <summary>A named place (town, village, neighbourhood, landmark) to search by name, in English and Arabic.</summary>
public sealed record Place(string Id, string NameEn, string NameAr, string Kind, Point Location, string Source);
