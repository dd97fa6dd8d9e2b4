using System.Numerics;

namespace Haven.Damage.Filters;

/// <summary>
/// The Lee minimum-mean-square-error speckle filter (J.-S. Lee, "Digital image enhancement and noise
/// filtering by use of local statistics", IEEE TPAMI 2(2), 1980), in the form PWTT uses: over a square
/// window, var_x = (var_z - mean_z^2 eta^2) / (1 + eta^2), b = max(0, var_x / var_z),
/// out = (1 - b) mean_z + b z, with eta = 1/sqrt(ENL). Cells that are not positive and finite are
/// missing: they are left out of window statistics and stay missing (NaN) in the output.
/// Window sums are separable running sums; every per-cell step is vectorised with <see cref="Vector{T}"/>
/// (including the logarithm). Stateless and thread-safe; scratch buffers are per thread.
/// </summary>
public static class LeeFilter
{
    [ThreadStatic]
    private static float[]? t_scratch;

    /// <summary>
    /// Filters <paramref name="input"/> (width x height, row-major, linear intensity) into
    /// <paramref name="output"/>, then takes the natural log when <paramref name="log"/> is set.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> input, Span<float> output, int width, int height, int window, double eta, bool log)
    {
        int n = width * height;
        if (input.Length < n || output.Length < n)
        {
            throw new ArgumentException("Buffers are smaller than width x height.", nameof(input));
        }

        int r = window / 2;
        // Scratch: horizontal sums of value, value^2 and count for every row, then one row of each for the cleaned input.
        int need = 3 * n + 3 * width;
        if (t_scratch is null || t_scratch.Length < need)
        {
            t_scratch = new float[need];
        }

        var scratch = t_scratch.AsSpan();
        var hs = scratch[..n];
        var hs2 = scratch.Slice(n, n);
        var hc = scratch.Slice(2 * n, n);
        var clean = scratch.Slice(3 * n, width);
        var square = scratch.Slice(3 * n + width, width);
        var count = scratch.Slice(3 * n + 2 * width, width);
        for (int y = 0; y < height; y++)
        {
            Clean(input.Slice(y * width, width), clean, square, count);
            HorizontalSum(clean, hs.Slice(y * width, width), r);
            HorizontalSum(square, hs2.Slice(y * width, width), r);
            HorizontalSum(count, hc.Slice(y * width, width), r);
        }

        // Vertical window sums reuse the cleaned-row buffers as accumulators.
        var s = clean;
        var s2 = square;
        var c = count;
        float eta2 = (float)(eta * eta);
        for (int y = 0; y < height; y++)
        {
            int y0 = Math.Max(0, y - r), y1 = Math.Min(height - 1, y + r);
            hs.Slice(y0 * width, width).CopyTo(s);
            hs2.Slice(y0 * width, width).CopyTo(s2);
            hc.Slice(y0 * width, width).CopyTo(c);
            for (int yy = y0 + 1; yy <= y1; yy++)
            {
                Add(s, hs.Slice(yy * width, width));
                Add(s2, hs2.Slice(yy * width, width));
                Add(c, hc.Slice(yy * width, width));
            }

            Combine(input.Slice(y * width, width), s, s2, c, output.Slice(y * width, width), eta2, log);
        }
    }

    /// <summary>Valid cells (positive, finite) keep their value, square and a count of one; others become zeros.</summary>
    private static void Clean(ReadOnlySpan<float> z, Span<float> value, Span<float> square, Span<float> count)
    {
        int i = 0;
        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        var inf = new Vector<float>(float.PositiveInfinity);
        for (; i <= z.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(z[i..]);
            var ok = Vector.GreaterThan(v, zero) & Vector.LessThan(v, inf);
            var c = Vector.ConditionalSelect(ok, v, zero);
            c.CopyTo(value[i..]);
            (c * c).CopyTo(square[i..]);
            Vector.ConditionalSelect(ok, one, zero).CopyTo(count[i..]);
        }

        for (; i < z.Length; i++)
        {
            float v = z[i];
            bool ok = v > 0 && float.IsFinite(v);
            value[i] = ok ? v : 0;
            square[i] = ok ? v * v : 0;
            count[i] = ok ? 1 : 0;
        }
    }

    private static void HorizontalSum(ReadOnlySpan<float> row, Span<float> sums, int r)
    {
        int n = row.Length;
        if (r == 1 && n >= 2 + Vector<float>.Count)
        {
            // The 3 x 3 default: three shifted vector loads per output vector.
            sums[0] = row[0] + row[1];
            int i = 1;
            for (; i <= n - 1 - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(row[(i - 1)..]) + new Vector<float>(row[i..]) + new Vector<float>(row[(i + 1)..])).CopyTo(sums[i..]);
            }

            for (; i < n - 1; i++)
            {
                sums[i] = row[i - 1] + row[i] + row[i + 1];
            }

            sums[n - 1] = row[n - 2] + row[n - 1];
            return;
        }

        float running = 0;
        for (int x = 0; x <= Math.Min(r, n - 1); x++)
        {
            running += row[x];
        }

        for (int x = 0; x < n; x++)
        {
            sums[x] = running;
            if (x + r + 1 < n)
            {
                running += row[x + r + 1];
            }

            if (x - r >= 0)
            {
                running -= row[x - r];
            }
        }
    }

    private static void Add(Span<float> target, ReadOnlySpan<float> source)
    {
        int i = 0;
        for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(target[i..]) + new Vector<float>(source[i..])).CopyTo(target[i..]);
        }

        for (; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }

    private static void Combine(ReadOnlySpan<float> z, ReadOnlySpan<float> s, ReadOnlySpan<float> s2, ReadOnlySpan<float> c,
        Span<float> output, float eta2, bool log)
    {
        int n = z.Length;
        int i = 0;
        var vEta2 = new Vector<float>(eta2);
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        var nan = new Vector<float>(float.NaN);
        var inf = new Vector<float>(float.PositiveInfinity);
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var vz = new Vector<float>(z[i..]);
            var vc = Vector.Max(new Vector<float>(c[i..]), one);
            var mean = new Vector<float>(s[i..]) / vc;
            var variance = Vector.Max(new Vector<float>(s2[i..]) / vc - mean * mean, zero);
            var varX = (variance - mean * mean * vEta2) / (one + vEta2);
            var b = Vector.ConditionalSelect(Vector.GreaterThan(variance, zero), Vector.Max(varX / variance, zero), zero);
            var result = (one - b) * mean + b * vz;
            if (log)
            {
                result = Vector.Log(result);
            }

            var ok = Vector.GreaterThan(vz, zero) & Vector.LessThan(vz, inf);
            Vector.ConditionalSelect(ok, result, nan).CopyTo(output[i..]);
        }

        for (; i < n; i++)
        {
            float zi = z[i];
            if (!(zi > 0 && float.IsFinite(zi)))
            {
                output[i] = float.NaN;
                continue;
            }

            float count = Math.Max(c[i], 1);
            float mean = s[i] / count;
            float variance = Math.Max(s2[i] / count - mean * mean, 0);
            float varX = (variance - mean * mean * eta2) / (1 + eta2);
            float b = variance > 0 ? Math.Max(varX / variance, 0) : 0;
            float result = (1 - b) * mean + b * zi;
            output[i] = log ? MathF.Log(result) : result;
        }
    }
}
