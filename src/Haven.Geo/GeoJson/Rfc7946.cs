using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Haven.Geo.GeoJson;

/// <summary>
/// RFC 7946 conventions for output: polygon rings follow the right-hand rule (exterior counter-clockwise,
/// holes clockwise) and coordinates carry 7 decimals of a degree (about 1 cm), which keeps files small and
/// byte-for-byte reproducible.
/// </summary>
public static class Rfc7946
{
    public const int CoordinateDecimals = 7;

    /// <summary>A coordinate rounded as every Haven GeoJSON output rounds it (<see cref="CoordinateDecimals"/> decimals, halves to even).</summary>
    public static double Round(double value) => Math.Round(value, CoordinateDecimals, MidpointRounding.ToEven);

    /// <summary>A copy of the geometry with rounded coordinates and right-hand-rule rings.</summary>
    public static Geometry Prepare(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var copy = geometry.Copy();
        copy.Apply(RoundingFilter.Instance);
        copy.GeometryChanged();
        return Orient(copy);
    }

    private static Geometry Orient(Geometry geometry) => geometry switch
    {
        Polygon p => OrientPolygon(p),
        MultiPolygon mp => mp.Factory.CreateMultiPolygon(
            [.. Enumerable.Range(0, mp.NumGeometries).Select(i => OrientPolygon((Polygon)mp.GetGeometryN(i)))]),
        GeometryCollection gc when gc is not MultiPoint and not MultiLineString => gc.Factory.CreateGeometryCollection(
            [.. Enumerable.Range(0, gc.NumGeometries).Select(i => Orient(gc.GetGeometryN(i)))]),
        _ => geometry,
    };

    private static Polygon OrientPolygon(Polygon polygon)
    {
        var shell = Ring(polygon.Shell, counterClockwise: true);
        var holes = polygon.Holes.Select(h => Ring(h, counterClockwise: false)).ToArray();
        return polygon.Factory.CreatePolygon(shell, holes);
    }

    private static LinearRing Ring(LinearRing ring, bool counterClockwise) =>
        Orientation.IsCCW(ring.CoordinateSequence) == counterClockwise ? ring : (LinearRing)ring.Reverse();

    private sealed class RoundingFilter : ICoordinateSequenceFilter
    {
        public static readonly RoundingFilter Instance = new();

        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, Round(seq.GetX(i)));
            seq.SetY(i, Round(seq.GetY(i)));
        }
    }
}
