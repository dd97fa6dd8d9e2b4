namespace Haven.Geo.Rasters.Warping;

/// <summary>
/// Resamples a window of a source raster onto a target grid in another CRS or at another cell size, the job
/// <c>gdalwarp</c> does. The position in the source of every target cell centre is computed exactly every
/// <see cref="Step"/> columns and interpolated linearly between (as GDAL's approximate transformer does; over a
/// few hundred metres the error is far below a thousandth of a cell). Only valid results are written, so warping
/// several sources into one target in turn mosaics them, later sources over earlier ones, as gdalwarp does.
/// </summary>
public static class Warp
{
    /// <summary>Columns between exactly transformed positions.</summary>
    public const int Step = 16;

    /// <summary>
    /// The source window a warp onto <paramref name="target"/> reads (one cell of margin, clipped to the source), or
    /// null when the target does not touch the source.
    /// </summary>
    public static RasterWindow? SourceWindow(RasterGrid target, RasterGrid source, CrsTransform targetToSource)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        double minC = double.MaxValue, minR = double.MaxValue, maxC = double.MinValue, maxR = double.MinValue;
        int samples = 32;
        for (int i = 0; i <= samples; i++)
        {
            for (int j = 0; j <= samples; j++)
            {
                var (x, y) = target.Transform.ToMap((double)i * target.Width / samples, (double)j * target.Height / samples);
                var (sx, sy) = targetToSource.Apply(x, y);
                var (c, r) = source.Transform.ToPixel(sx, sy);
                if (!double.IsFinite(c) || !double.IsFinite(r))
                {
                    continue;
                }

                minC = Math.Min(minC, c);
                maxC = Math.Max(maxC, c);
                minR = Math.Min(minR, r);
                maxR = Math.Max(maxR, r);
            }
        }

        // The edges sampled bound the footprint; a margin covers bilinear neighbours and averaging footprints.
        double pad = 2 + Math.Max((maxC - minC) / target.Width, (maxR - minR) / target.Height);
        int c0 = (int)Math.Max(0, Math.Floor(minC - pad));
        int r0 = (int)Math.Max(0, Math.Floor(minR - pad));
        int c1 = (int)Math.Min(source.Width, Math.Ceiling(maxC + pad));
        int r1 = (int)Math.Min(source.Height, Math.Ceiling(maxR + pad));
        return c1 <= c0 || r1 <= r0 ? null : new RasterWindow(c0, r0, c1 - c0, r1 - r0);
    }

    /// <summary>
    /// The target cell size in source cells (columns, rows), measured at the target's centre: above 1 the target is coarser.
    /// </summary>
    public static (double Columns, double Rows) Scale(RasterGrid target, RasterGrid source, CrsTransform targetToSource)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        double c = target.Width / 2.0, r = target.Height / 2.0;
        var p = SourcePixel(target, source, targetToSource, c, r);
        var px = SourcePixel(target, source, targetToSource, c + 1, r);
        var py = SourcePixel(target, source, targetToSource, c, r + 1);
        return (Math.Sqrt(Sq(px.C - p.C) + Sq(px.R - p.R)), Math.Sqrt(Sq(py.C - p.C) + Sq(py.R - p.R)));
    }

    /// <summary>
    /// Warps <paramref name="values"/> (the source cells of <paramref name="window"/>, NaN where missing) into
    /// <paramref name="destination"/> (one value per target cell); cells with no valid result are left as they were.
    /// Returns how many target cells were written.
    /// </summary>
    public static long Into(float[] destination, RasterGrid target, ReadOnlySpan<float> values, RasterWindow window, RasterGrid source,
        CrsTransform targetToSource, Resampling method, int firstRow = 0, int rowCount = -1)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        int last = rowCount < 0 ? target.Height : firstRow + rowCount;
        if (method == Resampling.Bilinear && SameLattice(target, source, targetToSource) is var (dc, dr))
        {
            return Copy(destination, target, values, window, firstRow, last, dc, dr);
        }

        var (scaleC, scaleR) = Scale(target, source, targetToSource);
        double halfC = Math.Max(scaleC, 1) / 2, halfR = Math.Max(scaleR, 1) / 2;
        var cols = new double[target.Width];
        var rows = new double[target.Width];
        long written = 0;
        for (int row = firstRow; row < last; row++)
        {
            RowPositions(target, source, targetToSource, row, cols, rows);
            int offset = row * target.Width;
            for (int col = 0; col < target.Width; col++)
            {
                // Positions in the window's cells; a centre outside the source has no value, as in GDAL.
                double sc = cols[col], sr = rows[col];
                if (!(sc >= 0 && sr >= 0 && sc < source.Width && sr < source.Height))
                {
                    continue;
                }

                double value = method == Resampling.Average
                    ? Average(values, window, sc - window.Column, sr - window.Row, halfC, halfR)
                    : Bilinear(values, window, sc - window.Column, sr - window.Row);
                if (!double.IsNaN(value))
                {
                    destination[offset + col] = (float)value;
                    written++;
                }
            }
        }

        return written;
    }

    /// <summary>
    /// The whole-cell offset (source column and row of target cell 0, 0) when both grids share a CRS, a cell size and
    /// a lattice, as products snapped to whole cells do: bilinear interpolation at a cell's own centre is that cell.
    /// </summary>
    internal static (int Columns, int Rows)? SameLattice(RasterGrid target, RasterGrid source, CrsTransform targetToSource)
    {
        var t = target.Transform;
        var s = source.Transform;
        if (!targetToSource.IsIdentity || !t.IsNorthUp || !s.IsNorthUp
            || Math.Abs(t.PixelWidth - s.PixelWidth) > 1e-9 * Math.Abs(s.PixelWidth) || Math.Abs(t.PixelHeight - s.PixelHeight) > 1e-9 * Math.Abs(s.PixelHeight))
        {
            return null;
        }

        double dc = (t.OriginX - s.OriginX) / s.PixelWidth, dr = (t.OriginY - s.OriginY) / s.PixelHeight;
        return Math.Abs(dc - Math.Round(dc)) < 1e-6 && Math.Abs(dr - Math.Round(dr)) < 1e-6 && Math.Abs(dc) < int.MaxValue && Math.Abs(dr) < int.MaxValue
            ? ((int)Math.Round(dc), (int)Math.Round(dr))
            : null;
    }

    /// <summary>Copies the valid cells of a source on the same lattice into the target rows [first, last).</summary>
    private static long Copy(float[] destination, RasterGrid target, ReadOnlySpan<float> values, RasterWindow window, int first, int last, int dc, int dr)
    {
        long written = 0;
        // Target column c reads source column c + dc, which lies in the window when window.Column <= c + dc < window.Column + window.Width.
        int c0 = Math.Max(0, window.Column - dc), c1 = Math.Min(target.Width, window.Column + window.Width - dc);
        for (int row = Math.Max(first, window.Row - dr); row < Math.Min(last, window.Row + window.Height - dr); row++)
        {
            var from = values.Slice((row + dr - window.Row) * window.Width + (c0 + dc - window.Column), Math.Max(0, c1 - c0));
            var to = destination.AsSpan(row * target.Width + c0, from.Length);
            for (int i = 0; i < from.Length; i++)
            {
                if (!float.IsNaN(from[i]))
                {
                    to[i] = from[i];
                    written++;
                }
            }
        }

        return written;
    }

    /// <summary>Source pixel positions (fractional, 0 at the top-left corner) of the centres of one target row.</summary>
    internal static void RowPositions(RasterGrid target, RasterGrid source, CrsTransform targetToSource, int row, double[] cols, double[] rows)
    {
        int width = target.Width;
        if (targetToSource.IsIdentity)
        {
            for (int col = 0; col < width; col++)
            {
                var (x, y) = target.Transform.ToMap(col + 0.5, row + 0.5);
                (cols[col], rows[col]) = source.Transform.ToPixel(x, y);
            }

            return;
        }

        for (int col = 0; col < width; col += Step)
        {
            int next = Math.Min(col + Step, width - 1);
            var a = SourcePixel(target, source, targetToSource, col + 0.5, row + 0.5);
            var b = next == col ? a : SourcePixel(target, source, targetToSource, next + 0.5, row + 0.5);
            int span = Math.Max(1, next - col);
            for (int k = col; k <= next && k < width; k++)
            {
                double t = (double)(k - col) / span;
                cols[k] = a.C + (b.C - a.C) * t;
                rows[k] = a.R + (b.R - a.R) * t;
            }
        }
    }

    private static (double C, double R) SourcePixel(RasterGrid target, RasterGrid source, CrsTransform targetToSource, double col, double row)
    {
        var (x, y) = target.Transform.ToMap(col, row);
        var (sx, sy) = targetToSource.Apply(x, y);
        return source.Transform.ToPixel(sx, sy);
    }

    /// <summary>GDAL's bilinear: the four cells around (c - 0.5, r - 0.5), missing ones left out, the rest renormalised.</summary>
    private static double Bilinear(ReadOnlySpan<float> values, RasterWindow w, double c, double r)
    {
        double x = c - 0.5, y = r - 0.5;
        int i0 = (int)Math.Floor(x), j0 = (int)Math.Floor(y);
        double fx = x - i0, fy = y - j0;
        double sum = 0, weight = 0;
        for (int dj = 0; dj <= 1; dj++)
        {
            int j = j0 + dj;
            if (j < 0 || j >= w.Height)
            {
                continue;
            }

            double wy = dj == 0 ? 1 - fy : fy;
            for (int di = 0; di <= 1; di++)
            {
                int i = i0 + di;
                if (i < 0 || i >= w.Width)
                {
                    continue;
                }

                double wxy = (di == 0 ? 1 - fx : fx) * wy;
                float v = values[j * w.Width + i];
                if (wxy > 0 && !float.IsNaN(v))
                {
                    sum += wxy * v;
                    weight += wxy;
                }
            }
        }

        return weight < 1e-5 ? double.NaN : sum / weight;
    }

    /// <summary>The area-weighted mean of the cells under the footprint [c - hc, c + hc] x [r - hr, r + hr].</summary>
    private static double Average(ReadOnlySpan<float> values, RasterWindow w, double c, double r, double hc, double hr)
    {
        double left = c - hc, right = c + hc, top = r - hr, bottom = r + hr;
        int i0 = Math.Max(0, (int)Math.Floor(left)), i1 = Math.Min(w.Width - 1, (int)Math.Ceiling(right) - 1);
        int j0 = Math.Max(0, (int)Math.Floor(top)), j1 = Math.Min(w.Height - 1, (int)Math.Ceiling(bottom) - 1);
        double sum = 0, weight = 0;
        for (int j = j0; j <= j1; j++)
        {
            double wy = Math.Min(j + 1, bottom) - Math.Max(j, top);
            if (wy <= 0)
            {
                continue;
            }

            for (int i = i0; i <= i1; i++)
            {
                double wx = Math.Min(i + 1, right) - Math.Max(i, left);
                float v = values[j * w.Width + i];
                if (wx > 0 && !float.IsNaN(v))
                {
                    sum += wx * wy * v;
                    weight += wx * wy;
                }
            }
        }

        return weight < 1e-9 ? double.NaN : sum / weight;
    }

    private static double Sq(double v) => v * v;
}
