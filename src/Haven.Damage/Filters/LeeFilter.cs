using System.Numerics;

namespace Haven.Damage.Filters;

/// <summary>
/// The Lee minimum-mean-square-error speckle filter (J.-S. Lee, "Digital image enhancement and noise
/// filtering by use of local statistics", IEEE TPAMI 2(2), 1980), in the form PWTT uses: over a square
/// window, var_x = (var_z - mean_z^2 eta^2) / (1 + eta^2), b = max(0, var_x / var_z),
/// out = (1 - b) mean_z + b z, with eta = 1/sqrt(ENL). Cells that are not positive and finite are
/// missing: they are left out of window statistics and stay missing (NaN) in the output.
/// Box sums are separable running sums, vectorised with <see cref="Vector{T}"/>. Stateless, thread-safe.
/// </summary>
public static class LeeFilter
{
    /// <summary>
    /// Filters <paramref name="input"/> (width x height, row-major, linear intensity) into
    /// <paramref name="output"/>, then takes the natural log when <paramref name="log"/> is set.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> input, Span<float> output, int width, int height, int window, double eta, bool log)
    {
        if (input.Length < width * height || output.Length < width * height)
        {
            throw new ArgumentException("Buffers are smaller than width x height.", nameof(input));
        }

        int r = window / 2;
        float eta2 = (float)(eta * eta);
        // Per-row horizontal sums of value, value^2 and count; then vertical sums over the window.
        var hs = new float[width * height];
        var hs2 = new float[width * height];
        var hc = new float[width * height];
        var valid = new float[width];
        var v2 = new float[width];
        var ones = new float[width];
        for (int y = 0; y < height; y++)
        {
            var row = input.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                float z = row[x];
                bool ok = z > 0 && float.IsFinite(z);
                valid[x] = ok ? z : 0;
                v2[x] = ok ? z * z : 0;
                ones[x] = ok ? 1 : 0;
            }

            HorizontalSum(valid, hs.AsSpan(y * width, width), r);
            HorizontalSum(v2, hs2.AsSpan(y * width, width), r);
            HorizontalSum(ones, hc.AsSpan(y * width, width), r);
        }

        var s = new float[width];
        var s2 = new float[width];
        var c = new float[width];
        for (int y = 0; y < height; y++)
        {
            s.AsSpan().Clear();
            s2.AsSpan().Clear();
            c.AsSpan().Clear();
            for (int yy = Math.Max(0, y - r); yy <= Math.Min(height - 1, y + r); yy++)
            {
                Add(s, hs.AsSpan(yy * width, width));
                Add(s2, hs2.AsSpan(yy * width, width));
                Add(c, hc.AsSpan(yy * width, width));
            }

            var z = input.Slice(y * width, width);
            var o = output.Slice(y * width, width);
            Combine(z, s, s2, c, o, eta2, log);
        }
    }

    private static void HorizontalSum(ReadOnlySpan<float> row, Span<float> sums, int r)
    {
        int n = row.Length;
        float running = 0;
        for (int x = 0; x <= Math.Min(r, n - 1); x++)
        {
            running += row[x];
        }

        for (int x = 0; x < n; x++)
        {
            sums[x] = running;
            int enter = x + r + 1;
            int leave = x - r;
            if (enter < n)
            {
                running += row[enter];
            }

            if (leave >= 0)
            {
                running -= row[leave];
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

            var ok = Vector.GreaterThan(vz, zero) & Vector.LessThan(vz, new Vector<float>(float.PositiveInfinity));
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
