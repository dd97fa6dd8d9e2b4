using Haven.Geo.Rasters;

namespace Haven.Geo.Coverage;

/// <summary>
/// The exact fraction of each raster cell covered by a polygon, in the spirit of exactextract
/// (D. Baston, exactextract, 2019): no sampling, every partial cell measured.
/// </summary>
/// <remarks>
/// By Green's theorem, for a positively oriented boundary and M(x, y) = clamp(x - xl, 0, w) 1[yb &lt;= y &lt;= yt],
/// the covered area of the cell [xl, xl + w] x [yb, yt] is the line integral of M dy around the polygon
/// (dM/dx is the cell's indicator). Each edge is cut into the rows it crosses; within a row, cells left of
/// the edge receive w dy, cells under it an exact closed-form share, cells right of it nothing. A running
/// sum over a row turns the "left of the edge" parts into one pass, so the cost is the number of
/// edge-row-cell crossings plus the cells of the polygon's bounding box. Holes (clockwise) subtract.
/// Works on north-up grids in the polygon's CRS. Stateless and thread-safe.
/// </remarks>
public static class CellCoverage
{
    /// <summary>Every cell the polygon covers with a fraction above zero, row by row, west to east.</summary>
    public static List<CoveredCell> Compute(CoverageShape shape, RasterGrid grid) => Compute(shape, grid, 0, grid.Height);

    /// <summary>The covered cells in rows [rowStart, rowEnd) only, for streaming over a raster by blocks.</summary>
    public static List<CoveredCell> Compute(CoverageShape shape, RasterGrid grid, int rowStart, int rowEnd)
    {
        var cells = new List<CoveredCell>();
        AppendTo(cells, shape, grid, rowStart, rowEnd);
        return cells;
    }

    /// <summary>
    /// Appends the covered cells in rows [rowStart, rowEnd) to <paramref name="cells"/>, so that a caller
    /// measuring many polygons can reuse one list.
    /// </summary>
    public static void AppendTo(List<CoveredCell> cells, CoverageShape shape, RasterGrid grid, int rowStart, int rowEnd)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(grid);
        var t = grid.Transform;
        if (t.RowRotation != 0 || t.ColumnRotation != 0 || t.PixelWidth <= 0 || t.PixelHeight >= 0)
        {
            throw new ArgumentException("Exact coverage needs a north-up grid without rotation.", nameof(grid));
        }

        if (shape.RingCount == 0)
        {
            return;
        }

        double w = t.PixelWidth;
        double h = -t.PixelHeight;
        int r0 = Math.Max(rowStart, (int)Math.Floor((t.OriginY - shape.MaxY) / h));
        int r1 = Math.Min(rowEnd - 1, (int)Math.Floor((t.OriginY - shape.MinY) / h));
        int c0 = Math.Max(0, (int)Math.Floor((shape.MinX - t.OriginX) / w));
        int c1 = Math.Min(grid.Width - 1, (int)Math.Floor((shape.MaxX - t.OriginX) / w));
        if (r0 > r1 || c0 > c1 || r0 >= grid.Height || r1 < 0)
        {
            return;
        }

        r0 = Math.Max(r0, 0);
        int cols = c1 - c0 + 1;
        int rows = r1 - r0 + 1;
        var (exact, left) = Scratch(rows * cols, rows * (cols + 1));
        for (int ring = 0; ring < shape.RingCount; ring++)
        {
            var (xm, ym) = shape.Ring(ring);
            var xs = xm.Span;
            var ys = ym.Span;
            for (int i = 0; i + 1 < xs.Length; i++)
            {
                AddEdge(xs[i], ys[i], xs[i + 1], ys[i + 1], t, w, h, r0, r1, c0, c1, exact, left);
            }
        }

        double cellArea = w * h;
        for (int r = 0; r < rows; r++)
        {
            double running = 0;
            for (int c = 0; c < cols; c++)
            {
                running += left[r * (cols + 1) + c];
                double fraction = (running + exact[r * cols + c]) / cellArea;
                if (fraction > 1e-12)
                {
                    cells.Add(new CoveredCell(r0 + r, c0 + c, Math.Min(fraction, 1)));
                }
            }
        }
    }

    [ThreadStatic]
    private static double[]? t_exact;

    [ThreadStatic]
    private static double[]? t_left;

    /// <summary>Zeroed working arrays, reused per thread: most polygons are footprints a few cells wide.</summary>
    private static (double[] Exact, double[] Left) Scratch(int exactLength, int leftLength)
    {
        if (t_exact is null || t_exact.Length < exactLength)
        {
            t_exact = new double[Math.Max(exactLength, 256)];
        }

        if (t_left is null || t_left.Length < leftLength)
        {
            t_left = new double[Math.Max(leftLength, 256)];
        }

        Array.Clear(t_exact, 0, exactLength);
        Array.Clear(t_left, 0, leftLength);
        return (t_exact, t_left);
    }

    private static void AddEdge(double xa, double ya, double xb, double yb, GeoTransform t, double w, double h,
        int r0, int r1, int c0, int c1, double[] exact, double[] left)
    {
        if (ya == yb)
        {
            return; // dy = 0: horizontal edges add nothing
        }

        int cols = c1 - c0 + 1;
        double yLow = Math.Min(ya, yb), yHigh = Math.Max(ya, yb);
        int rowFirst = Math.Max(r0, (int)Math.Floor((t.OriginY - yHigh) / h));
        int rowLast = Math.Min(r1, (int)Math.Floor((t.OriginY - yLow) / h));
        double slope = (xb - xa) / (yb - ya);
        for (int r = rowFirst; r <= rowLast; r++)
        {
            double bandTop = t.OriginY - r * h;
            double bandBottom = bandTop - h;
            double y1 = Math.Clamp(ya, bandBottom, bandTop);
            double y2 = Math.Clamp(yb, bandBottom, bandTop);
            double dy = y2 - y1;
            if (dy == 0)
            {
                continue;
            }

            double x1 = xa + (y1 - ya) * slope;
            double x2 = xa + (y2 - ya) * slope;
            double xMin = Math.Min(x1, x2), xMax = Math.Max(x1, x2);
            int k0 = (int)Math.Floor((xMin - t.OriginX) / w);
            int k1 = (int)Math.Floor((xMax - t.OriginX) / w);
            int row = r - r0;

            // Cells wholly left of the segment: w dy each, through the running sum.
            int prefixEnd = Math.Min(k0, c1 + 1);
            if (prefixEnd > c0)
            {
                left[row * (cols + 1)] += w * dy;
                left[row * (cols + 1) + (prefixEnd - c0)] -= w * dy;
            }

            for (int k = Math.Max(k0, c0); k <= Math.Min(k1, c1); k++)
            {
                double xl = t.OriginX + k * w;
                exact[row * cols + (k - c0)] += Share(x1, x2, dy, xl, w);
            }
        }
    }

    /// <summary>
    /// The integral of clamp(x - xl, 0, w) dy along a segment whose x runs linearly from x1 to x2 while y
    /// changes by dy: dy times the mean of the clamp over [x1, x2], from its antiderivative.
    /// </summary>
    private static double Share(double x1, double x2, double dy, double xl, double w)
    {
        if (Math.Abs(x2 - x1) < 1e-12 * w)
        {
            return Math.Clamp((x1 + x2) / 2 - xl, 0, w) * dy;
        }

        return dy * (Antiderivative(x2, xl, w) - Antiderivative(x1, xl, w)) / (x2 - x1);
    }

    private static double Antiderivative(double x, double xl, double w)
    {
        double u = x - xl;
        return u <= 0 ? 0 : u < w ? u * u / 2 : w * w / 2 + w * (u - w);
    }
}
