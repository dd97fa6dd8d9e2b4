using NetTopologySuite.Geometries;

namespace Haven.Geo.Coverage;

/// <summary>
/// A polygon or multipolygon prepared for <see cref="CellCoverage"/>: its rings as coordinate arrays,
/// exterior rings counter-clockwise and holes clockwise, so that the signed boundary integral gives area.
/// Build once per polygon and reuse; immutable and thread-safe.
/// </summary>
public sealed class CoverageShape
{
    private CoverageShape(IReadOnlyList<(double[] X, double[] Y)> rings, Envelope envelope)
    {
        Rings = rings;
        Envelope = envelope;
    }

    /// <summary>Closed rings (first point repeated last), oriented for positive area.</summary>
    public IReadOnlyList<(double[] X, double[] Y)> Rings { get; }

    public Envelope Envelope { get; }

    /// <summary>Prepares a Polygon or MultiPolygon; any other geometry has no area and gives an empty shape.</summary>
    public static CoverageShape From(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var rings = new List<(double[], double[])>();
        for (int i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is Polygon { IsEmpty: false } polygon)
            {
                rings.Add(Ring(polygon.Shell, counterClockwise: true));
                foreach (var hole in polygon.Holes)
                {
                    rings.Add(Ring(hole, counterClockwise: false));
                }
            }
        }

        return new CoverageShape(rings, geometry.EnvelopeInternal);
    }

    private static (double[], double[]) Ring(LinearRing ring, bool counterClockwise)
    {
        var seq = ring.CoordinateSequence;
        int n = seq.Count;
        var xs = new double[n];
        var ys = new double[n];
        double twiceArea = 0;
        for (int i = 0; i < n; i++)
        {
            xs[i] = seq.GetX(i);
            ys[i] = seq.GetY(i);
            if (i > 0)
            {
                twiceArea += (xs[i - 1] - xs[0]) * (ys[i] - ys[0]) - (xs[i] - xs[0]) * (ys[i - 1] - ys[0]);
            }
        }

        // Shoelace sign, relative to the first vertex for precision: positive is counter-clockwise.
        if ((twiceArea > 0) != counterClockwise)
        {
            Array.Reverse(xs);
            Array.Reverse(ys);
        }

        return (xs, ys);
    }
}
