using NetTopologySuite.Geometries;

namespace Haven.Geo.Coverage;

/// <summary>
/// A polygon or multipolygon prepared for <see cref="CellCoverage"/>: every ring's vertices in one pair of packed
/// coordinate arrays, exterior rings counter-clockwise and holes clockwise, so that the signed boundary integral
/// gives area. A few objects per polygon, not one per vertex or ring, which matters for hundreds of thousands of
/// footprints. Build once per polygon and reuse; immutable and thread-safe.
/// </summary>
public sealed class CoverageShape
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly int[] _ringEnds;

    private CoverageShape(double[] x, double[] y, int[] ringEnds)
    {
        _x = x;
        _y = y;
        _ringEnds = ringEnds;
        MinX = MinY = double.PositiveInfinity;
        MaxX = MaxY = double.NegativeInfinity;
        foreach (double v in x)
        {
            MinX = Math.Min(MinX, v);
            MaxX = Math.Max(MaxX, v);
        }

        foreach (double v in y)
        {
            MinY = Math.Min(MinY, v);
            MaxY = Math.Max(MaxY, v);
        }
    }

    /// <summary>How many closed rings (first point repeated last) the shape has; none for an empty shape.</summary>
    public int RingCount => _ringEnds.Length;

    public double MinX { get; }

    public double MinY { get; }

    public double MaxX { get; }

    public double MaxY { get; }

    /// <summary>The bounding box; a null envelope for an empty shape.</summary>
    public Envelope Envelope => RingCount == 0 ? new Envelope() : new Envelope(MinX, MaxX, MinY, MaxY);

    /// <summary>Ring <paramref name="ring"/>'s x and y coordinates, closed, oriented for positive area.</summary>
    public (ReadOnlyMemory<double> X, ReadOnlyMemory<double> Y) Ring(int ring)
    {
        int start = ring == 0 ? 0 : _ringEnds[ring - 1];
        int length = _ringEnds[ring] - start;
        return (_x.AsMemory(start, length), _y.AsMemory(start, length));
    }

    /// <summary>Prepares a Polygon or MultiPolygon; any other geometry has no area and gives an empty shape.</summary>
    public static CoverageShape From(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var rings = new List<(CoordinateSequence Sequence, bool Hole)>();
        int total = 0;
        for (int i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is Polygon { IsEmpty: false } polygon)
            {
                rings.Add((polygon.Shell.CoordinateSequence, false));
                total += polygon.Shell.CoordinateSequence.Count;
                foreach (var hole in polygon.Holes)
                {
                    rings.Add((hole.CoordinateSequence, true));
                    total += hole.CoordinateSequence.Count;
                }
            }
        }

        var xs = new double[total];
        var ys = new double[total];
        var ends = new int[rings.Count];
        var holes = new bool[rings.Count];
        int at = 0;
        for (int r = 0; r < rings.Count; r++)
        {
            var sequence = rings[r].Sequence;
            for (int i = 0; i < sequence.Count; i++, at++)
            {
                xs[at] = sequence.GetX(i);
                ys[at] = sequence.GetY(i);
            }

            ends[r] = at;
            holes[r] = rings[r].Hole;
        }

        return FromRings(xs, ys, ends, holes);
    }

    /// <summary>
    /// A shape of one ring (no holes) over the given coordinates, which are taken, not copied. Rings of up to a few dozen
    /// vertices (building footprints) share their ring table, so each such shape costs its coordinates and one object.
    /// </summary>
    internal static CoverageShape FromRing(double[] xs, double[] ys) =>
        FromRings(xs, ys, xs.Length < SingleRings.Length ? SingleRings[xs.Length] : [xs.Length], null);

    private static readonly int[][] SingleRings = [.. Enumerable.Range(0, 129).Select(n => new[] { n })];

    /// <summary>
    /// A shape over rings already packed: ring r spans [<paramref name="ringEnds"/>[r - 1], <paramref name="ringEnds"/>[r])
    /// of <paramref name="xs"/> and <paramref name="ys"/>, closed; <paramref name="holes"/>[r] says whether it is a hole
    /// (null: none is). The arrays are taken, not copied, and rings are reversed in place where their orientation is wrong.
    /// </summary>
    internal static CoverageShape FromRings(double[] xs, double[] ys, int[] ringEnds, bool[]? holes)
    {
        for (int r = 0, at = 0; r < ringEnds.Length; at = ringEnds[r], r++)
        {
            int n = ringEnds[r] - at;
            double twiceArea = 0;
            for (int i = at + 1; i < at + n; i++)
            {
                twiceArea += (xs[i - 1] - xs[at]) * (ys[i] - ys[at]) - (xs[i] - xs[at]) * (ys[i - 1] - ys[at]);
            }

            // Shoelace sign, relative to the first vertex for precision: positive is counter-clockwise.
            bool counterClockwise = holes is null || !holes[r];
            if ((twiceArea > 0) != counterClockwise)
            {
                Array.Reverse(xs, at, n);
                Array.Reverse(ys, at, n);
            }
        }

        return new CoverageShape(xs, ys, ringEnds);
    }
}
