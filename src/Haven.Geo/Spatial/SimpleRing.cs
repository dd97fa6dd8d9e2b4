using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Haven.Geo.Spatial;

/// <summary>
/// A quick proof that a small polygon is valid, for the common case of a building footprint: one ring, no holes,
/// a few dozen vertices. Every pair of edges is tested once (at most 64 vertices, so at most about 2,000 tests),
/// which is several times cheaper than building <see cref="NetTopologySuite.Operation.Valid.IsValidOp"/>'s graph. It
/// answers only "valid" or "not proven": anything else (holes, more vertices, any edge that touches another) goes
/// to IsValidOp, which also writes the message a user sees.
/// </summary>
public static class SimpleRing
{
    public const int MaxVertices = 64;

    /// <summary>
    /// True when <paramref name="geometry"/> is a polygon with one shell and no holes that is valid by the OGC rules
    /// IsValidOp applies: finite coordinates, a closed ring of at least three distinct vertices, and no two edges
    /// meeting except neighbours at their shared vertex. False means "not proven", never "invalid".
    /// </summary>
    public static bool IsProvenValid(Geometry geometry)
    {
        if (geometry is not Polygon { NumInteriorRings: 0 } polygon)
        {
            return false;
        }

        var ring = polygon.Shell.CoordinateSequence;
        int count = ring.Count;
        if (count < 4 || count > MaxVertices + 1)
        {
            return false;
        }

        Span<double> xs = stackalloc double[count];
        Span<double> ys = stackalloc double[count];
        for (int i = 0; i < count; i++)
        {
            xs[i] = ring.GetX(i);
            ys[i] = ring.GetY(i);
        }

        return IsProvenValid(xs, ys);
    }

    /// <summary>The same proof for one ring given as its x and y coordinates, first vertex repeated last.</summary>
    public static bool IsProvenValid(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
    {
        int count = xs.Length;
        if (count < 4 || count > MaxVertices + 1 || ys.Length != count)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
            {
                return false;
            }
        }

        // Closed, and no vertex repeated next to itself (IsValidOp would drop it; leave that case to IsValidOp).
        if (xs[0] != xs[count - 1] || ys[0] != ys[count - 1])
        {
            return false;
        }

        int edges = count - 1;
        for (int i = 0; i < edges; i++)
        {
            if (xs[i] == xs[i + 1] && ys[i] == ys[i + 1])
            {
                return false;
            }
        }

        if (edges < 3)
        {
            return false;
        }

        for (int i = 0; i < edges; i++)
        {
            for (int j = i + 1; j < edges; j++)
            {
                bool neighbours = j == i + 1 || (i == 0 && j == edges - 1);
                if (neighbours ? !MeetOnlyAtSharedVertex(xs, ys, i, j, edges) : Touch(xs, ys, i, j))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether edges i and j (not neighbours) have any point in common, by exact orientation tests.</summary>
    private static bool Touch(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int i, int j)
    {
        double ax = xs[i], ay = ys[i], bx = xs[i + 1], by = ys[i + 1];
        double cx = xs[j], cy = ys[j], dx = xs[j + 1], dy = ys[j + 1];
        if (Math.Max(ax, bx) < Math.Min(cx, dx) || Math.Max(cx, dx) < Math.Min(ax, bx)
            || Math.Max(ay, by) < Math.Min(cy, dy) || Math.Max(cy, dy) < Math.Min(ay, by))
        {
            return false;
        }

        int o1 = Orient(ax, ay, bx, by, cx, cy), o2 = Orient(ax, ay, bx, by, dx, dy);
        int o3 = Orient(cx, cy, dx, dy, ax, ay), o4 = Orient(cx, cy, dx, dy, bx, by);
        // Crossing properly; or a zero turn with overlapping boxes, which may be a touch or an overlap: not proven valid.
        return (o1 * o2 < 0 && o3 * o4 < 0) || o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0;
    }

    /// <summary>Neighbouring edges i and j share one vertex; true when they meet nowhere else (they do not fold back onto each other).</summary>
    private static bool MeetOnlyAtSharedVertex(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int i, int j, int edges)
    {
        // The shared vertex s, and the far ends p (of edge i) and q (of edge j).
        int s, p, q;
        if (j == i + 1)
        {
            (p, s, q) = (i, i + 1, j + 1);
        }
        else
        {
            // i == 0 and j == edges - 1: they share vertex 0 (== vertex edges).
            (p, s, q) = (1, 0, edges - 1);
        }

        int o = Orient(xs[p], ys[p], xs[s], ys[s], xs[q], ys[q]);
        if (o != 0)
        {
            return true;
        }

        // Collinear: valid only when the edges leave the shared vertex in opposite directions.
        double dot = ((xs[p] - xs[s]) * (xs[q] - xs[s])) + ((ys[p] - ys[s]) * (ys[q] - ys[s]));
        return dot < 0;
    }

    /// <summary>The exact sign of the turn a-b-c (robust, as NetTopologySuite decides it).</summary>
    private static int Orient(double ax, double ay, double bx, double by, double cx, double cy) =>
        CGAlgorithmsDD.OrientationIndex(ax, ay, bx, by, cx, cy);
}
