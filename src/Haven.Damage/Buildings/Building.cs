using NetTopologySuite.Geometries;

namespace Haven.Damage.Buildings;

/// <summary>A building footprint (WGS 84) with its id, the block and area it lies in, and its area in m2.</summary>
public sealed record Building(long Id, Geometry Footprint, int Block, string AreaPcode, double AreaM2);
