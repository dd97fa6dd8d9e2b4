using NetTopologySuite.Geometries;

namespace Haven.Protection.Areas;

/// <summary>A numbered block, the unit evacuation orders name, with the area it lies in when known.</summary>
public sealed record Block(int Number, string? AreaPcode, Geometry Boundary, string Source);
