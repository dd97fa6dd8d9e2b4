using Haven.Geo.Rasters;

namespace Haven.Damage.Ccd;

/// <summary>
/// Interferometric coherence of two co-registered single-look complex images over a square window:
/// gamma = |sum s1 conj(s2)| / sqrt(sum |s1|^2 sum |s2|^2) (e.g. R. Touzi et al., "Coherence estimation for SAR
/// imagery", IEEE TGRS 37(1), 1999). Window sums come from summed-area tables, so each pixel costs the same
/// whatever the window. Cells with a non-finite value are left out of windows. Stateless and thread-safe.
/// </summary>
public static class Coherence
{
    public static float[] Compute(ReadOnlySpan<ComplexFloat> s1, ReadOnlySpan<ComplexFloat> s2, int width, int height, int window)
    {
        int stride = width + 1;
        var re = new double[stride * (height + 1)];
        var im = new double[stride * (height + 1)];
        var p1 = new double[stride * (height + 1)];
        var p2 = new double[stride * (height + 1)];
        for (int y = 0; y < height; y++)
        {
            double rowRe = 0, rowIm = 0, row1 = 0, row2 = 0;
            for (int x = 0; x < width; x++)
            {
                var a = s1[y * width + x];
                var b = s2[y * width + x];
                if (float.IsFinite(a.Real) && float.IsFinite(a.Imaginary) && float.IsFinite(b.Real) && float.IsFinite(b.Imaginary))
                {
                    // a * conj(b)
                    rowRe += (double)a.Real * b.Real + (double)a.Imaginary * b.Imaginary;
                    rowIm += (double)a.Imaginary * b.Real - (double)a.Real * b.Imaginary;
                    row1 += (double)a.Real * a.Real + (double)a.Imaginary * a.Imaginary;
                    row2 += (double)b.Real * b.Real + (double)b.Imaginary * b.Imaginary;
                }

                int i = (y + 1) * stride + x + 1;
                re[i] = re[i - stride] + rowRe;
                im[i] = im[i - stride] + rowIm;
                p1[i] = p1[i - stride] + row1;
                p2[i] = p2[i - stride] + row2;
            }
        }

        int r = window / 2;
        var gamma = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            int y0 = Math.Max(0, y - r), y1 = Math.Min(height - 1, y + r);
            for (int x = 0; x < width; x++)
            {
                int x0 = Math.Max(0, x - r), x1 = Math.Min(width - 1, x + r);
                double sr = Box(re, stride, x0, y0, x1, y1), si = Box(im, stride, x0, y0, x1, y1);
                double e1 = Box(p1, stride, x0, y0, x1, y1), e2 = Box(p2, stride, x0, y0, x1, y1);
                gamma[y * width + x] = e1 > 0 && e2 > 0 ? (float)Math.Min(1, Math.Sqrt(sr * sr + si * si) / Math.Sqrt(e1 * e2)) : float.NaN;
            }
        }

        return gamma;
    }

    private static double Box(double[] table, int stride, int x0, int y0, int x1, int y1) =>
        table[(y1 + 1) * stride + x1 + 1] - table[y0 * stride + x1 + 1] - table[(y1 + 1) * stride + x0] + table[y0 * stride + x0];
}
