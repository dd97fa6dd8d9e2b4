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

    /// <summary>Receives one filtered row: its index and values (valid until the next call).</summary>
    public delegate void RowSink(int row, ReadOnlySpan<float> values);

    /// <summary>
    /// Filters <paramref name="input"/> (width x height, row-major, linear intensity) into
    /// <paramref name="output"/>, then takes the natural log when <paramref name="log"/> is set.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> input, float[] output, int width, int height, int window, double eta, bool log)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length < width * height)
        {
            throw new ArgumentException("The output is smaller than width x height.", nameof(output));
        }

        ApplyRows(input, width, height, window, eta, log, 0, height, (row, values) => values.CopyTo(output.AsSpan(row * width, width)));
    }

    /// <summary>
    /// Filters rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of <paramref name="input"/> and hands each
    /// to <paramref name="sink"/> as soon as it is ready, so a caller can consume it while it is still in cache.
    /// Works in a ring of 2r + 1 rows of horizontal sums: memory stays at a few rows whatever the image size.
    /// </summary>
    public static void ApplyRows(ReadOnlySpan<float> input, int width, int height, int window, double eta, bool log,
        int firstRow, int endRow, RowSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (input.Length < width * height)
        {
            throw new ArgumentException("The input is smaller than width x height.", nameof(input));
        }

        int r = window / 2;
        if (r == 1 && width >= 2 + Vector<float>.Count)
        {
            ApplyRows3x3(input, width, height, (float)(eta * eta), log, firstRow, endRow, sink);
            return;
        }

        int ring = 2 * r + 1;
        // Scratch: a ring of horizontal sums (value, value^2, count), one cleaned row, the window sums, one output row.
        int need = 3 * ring * width + 3 * width + 3 * width + width;
        if (t_scratch is null || t_scratch.Length < need)
        {
            t_scratch = new float[need];
        }

        var scratch = t_scratch.AsSpan();
        var ringSums = scratch[..(3 * ring * width)];
        var clean = scratch.Slice(3 * ring * width, width);
        var square = scratch.Slice(3 * ring * width + width, width);
        var count = scratch.Slice(3 * ring * width + 2 * width, width);
        var s = scratch.Slice(3 * ring * width + 3 * width, width);
        var s2 = scratch.Slice(3 * ring * width + 4 * width, width);
        var c = scratch.Slice(3 * ring * width + 5 * width, width);
        var result = scratch.Slice(3 * ring * width + 6 * width, width);
        float eta2 = (float)(eta * eta);
        int loaded = Math.Max(0, firstRow - r); // next input row whose horizontal sums are not in the ring yet
        for (int y = firstRow; y < endRow; y++)
        {
            int y0 = Math.Max(0, y - r), y1 = Math.Min(height - 1, y + r);
            for (; loaded <= y1; loaded++)
            {
                int slot = loaded % ring;
                Clean(input.Slice(loaded * width, width), clean, square, count);
                HorizontalSum(clean, ringSums.Slice((3 * slot) * width, width), r);
                HorizontalSum(square, ringSums.Slice((3 * slot + 1) * width, width), r);
                HorizontalSum(count, ringSums.Slice((3 * slot + 2) * width, width), r);
            }

            int first = y0 % ring;
            ringSums.Slice(3 * first * width, width).CopyTo(s);
            ringSums.Slice((3 * first + 1) * width, width).CopyTo(s2);
            ringSums.Slice((3 * first + 2) * width, width).CopyTo(c);
            for (int yy = y0 + 1; yy <= y1; yy++)
            {
                int slot = yy % ring;
                Add(s, ringSums.Slice(3 * slot * width, width));
                Add(s2, ringSums.Slice((3 * slot + 1) * width, width));
                Add(c, ringSums.Slice((3 * slot + 2) * width, width));
            }

            Combine(input.Slice(y * width, width), s, s2, c, result, eta2, log);
            sink(y, result);
        }
    }

    [ThreadStatic]
    private static float[]? t_ring3;

    /// <summary>
    /// The 3 x 3 default, fused: each input row is read once to make its horizontal sums of value and value^2
    /// (invalid cells masked to zero), and each output row sums three ring rows on the fly while combining,
    /// with no intermediate copies. Counts of valid cells are only stored for rows that have invalid cells;
    /// where all three rows are wholly valid the count is known (9 inside, 6 on the left and right edges).
    /// </summary>
    private static void ApplyRows3x3(ReadOnlySpan<float> input, int width, int height, float eta2, bool log, int firstRow, int endRow, RowSink sink)
    {
        int need = 9 * width + width;
        if (t_ring3 is null || t_ring3.Length < need)
        {
            t_ring3 = new float[need];
        }

        var ring = t_ring3.AsSpan(0, 9 * width);
        var result = t_ring3.AsSpan(9 * width, width);
        Span<bool> whole = stackalloc bool[3];
        Span<bool> counted = stackalloc bool[3];
        int loaded = Math.Max(0, firstRow - 1);
        for (int y = firstRow; y < endRow; y++)
        {
            int y0 = Math.Max(0, y - 1), y1 = Math.Min(height - 1, y + 1);
            for (; loaded <= y1; loaded++)
            {
                int slot = loaded % 3;
                counted[slot] = false;
                whole[slot] = HorizontalSums3(input.Slice(loaded * width, width), ring.Slice(3 * slot * width, width),
                    ring.Slice((3 * slot + 1) * width, width), ring.Slice((3 * slot + 2) * width, width));
            }

            // Rows above and below the image count as empty: point them at the centre row with a zero weight.
            int above = y0 % 3, centre = y % 3, below = y1 % 3;
            var rows = new RingRows(above, centre, below, y0 < y, y1 > y, whole[above] && whole[centre] && whole[below]);
            if (!rows.AllValid)
            {
                // Beside a row with invalid cells, wholly valid rows need their counts after all.
                foreach (int slot in (ReadOnlySpan<int>)[above, centre, below])
                {
                    if (whole[slot] && !counted[slot])
                    {
                        var c = ring.Slice((3 * slot + 2) * width, width);
                        c.Fill(3);
                        c[0] = c[^1] = 2;
                        counted[slot] = true;
                    }
                }
            }

            CombineRows(input.Slice(y * width, width), ring, width, rows, result, eta2, log);
            sink(y, result);
        }
    }

    private readonly record struct RingRows(int Above, int Centre, int Below, bool HasAbove, bool HasBelow, bool AllValid);

    /// <summary>Horizontal 3-cell sums of valid values and their squares; counts only when the row has an invalid cell. True when every cell is valid.</summary>
    private static bool HorizontalSums3(ReadOnlySpan<float> z, Span<float> s, Span<float> s2, Span<float> c)
    {
        int n = z.Length;
        var zero = Vector<float>.Zero;
        var inf = new Vector<float>(float.PositiveInfinity);
        var invalid = Vector<int>.Zero;
        for (int i = 0; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(z[i..]);
            invalid |= ~(Vector.GreaterThan(v, zero) & Vector.LessThan(v, inf));
        }

        for (int i = n - n % Vector<float>.Count; i < n; i++)
        {
            if (!(z[i] > 0 && float.IsFinite(z[i])))
            {
                invalid = new Vector<int>(-1);
            }
        }

        bool allValid = invalid == Vector<int>.Zero;
        if (allValid)
        {
            int i = 1;
            for (; i <= n - 1 - Vector<float>.Count; i += Vector<float>.Count)
            {
                var a = new Vector<float>(z[(i - 1)..]);
                var b = new Vector<float>(z[i..]);
                var d = new Vector<float>(z[(i + 1)..]);
                (a + b + d).CopyTo(s[i..]);
                (a * a + b * b + d * d).CopyTo(s2[i..]);
            }

            for (int x = 0; x < n; x = x == 0 ? i : x + 1)
            {
                float sv = 0, sq = 0;
                for (int k = Math.Max(0, x - 1); k <= Math.Min(n - 1, x + 1); k++)
                {
                    sv += z[k];
                    sq += z[k] * z[k];
                }

                s[x] = sv;
                s2[x] = sq;
            }

            return true;
        }

        var one = Vector<float>.One;
        int j = 1;
        for (; j <= n - 1 - Vector<float>.Count; j += Vector<float>.Count)
        {
            var a = new Vector<float>(z[(j - 1)..]);
            var b = new Vector<float>(z[j..]);
            var d = new Vector<float>(z[(j + 1)..]);
            var oa = Vector.GreaterThan(a, zero) & Vector.LessThan(a, inf);
            var ob = Vector.GreaterThan(b, zero) & Vector.LessThan(b, inf);
            var od = Vector.GreaterThan(d, zero) & Vector.LessThan(d, inf);
            a = Vector.ConditionalSelect(oa, a, zero);
            b = Vector.ConditionalSelect(ob, b, zero);
            d = Vector.ConditionalSelect(od, d, zero);
            (a + b + d).CopyTo(s[j..]);
            (a * a + b * b + d * d).CopyTo(s2[j..]);
            (Vector.ConditionalSelect(oa, one, zero) + Vector.ConditionalSelect(ob, one, zero) + Vector.ConditionalSelect(od, one, zero)).CopyTo(c[j..]);
        }

        for (int x = 0; x < n; x = x == 0 ? j : x + 1)
        {
            float sv = 0, sq = 0, cv = 0;
            for (int k = Math.Max(0, x - 1); k <= Math.Min(n - 1, x + 1); k++)
            {
                float v = z[k];
                if (v > 0 && float.IsFinite(v))
                {
                    sv += v;
                    sq += v * v;
                    cv++;
                }
            }

            s[x] = sv;
            s2[x] = sq;
            c[x] = cv;
        }

        return false;
    }

    private static void CombineRows(ReadOnlySpan<float> z, ReadOnlySpan<float> ring, int width, RingRows rows, Span<float> output, float eta2, bool log)
    {
        var sA = ring.Slice(3 * rows.Above * width, width);
        var s2A = ring.Slice((3 * rows.Above + 1) * width, width);
        var sC = ring.Slice(3 * rows.Centre * width, width);
        var s2C = ring.Slice((3 * rows.Centre + 1) * width, width);
        var sB = ring.Slice(3 * rows.Below * width, width);
        var s2B = ring.Slice((3 * rows.Below + 1) * width, width);
        var wa = new Vector<float>(rows.HasAbove ? 1f : 0f);
        var wb = new Vector<float>(rows.HasBelow ? 1f : 0f);
        var vEta2 = new Vector<float>(eta2);
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        var shrink = one / (one + vEta2);
        int i = 0;
        if (rows.AllValid)
        {
            // Every cell valid: a constant count inside, the two edge columns redone below.
            var inv = new Vector<float>(1f / (3 * (1 + (rows.HasAbove ? 1 : 0) + (rows.HasBelow ? 1 : 0))));
            for (; i <= width - Vector<float>.Count; i += Vector<float>.Count)
            {
                var sum = new Vector<float>(sC[i..]) + wa * new Vector<float>(sA[i..]) + wb * new Vector<float>(sB[i..]);
                var sum2 = new Vector<float>(s2C[i..]) + wa * new Vector<float>(s2A[i..]) + wb * new Vector<float>(s2B[i..]);
                var mean = sum * inv;
                var mean2 = mean * mean;
                var variance = Vector.Max(sum2 * inv - mean2, zero);
                var varX = (variance - mean2 * vEta2) * shrink;
                var b = Vector.ConditionalSelect(Vector.GreaterThan(variance, zero), Vector.Max(varX / variance, zero), zero);
                var result = mean + b * (new Vector<float>(z[i..]) - mean);
                (log ? Vector.Log(result) : result).CopyTo(output[i..]);
            }

            for (; i < width; i++)
            {
                output[i] = Cell(z, ring, width, rows, i, eta2, log);
            }

            output[0] = Cell(z, ring, width, rows, 0, eta2, log);
            output[width - 1] = Cell(z, ring, width, rows, width - 1, eta2, log);
            return;
        }

        var cA = ring.Slice((3 * rows.Above + 2) * width, width);
        var cC = ring.Slice((3 * rows.Centre + 2) * width, width);
        var cB = ring.Slice((3 * rows.Below + 2) * width, width);
        var nan = new Vector<float>(float.NaN);
        var inf = new Vector<float>(float.PositiveInfinity);
        for (; i <= width - Vector<float>.Count; i += Vector<float>.Count)
        {
            var sum = new Vector<float>(sC[i..]) + wa * new Vector<float>(sA[i..]) + wb * new Vector<float>(sB[i..]);
            var sum2 = new Vector<float>(s2C[i..]) + wa * new Vector<float>(s2A[i..]) + wb * new Vector<float>(s2B[i..]);
            var count = Vector.Max(new Vector<float>(cC[i..]) + wa * new Vector<float>(cA[i..]) + wb * new Vector<float>(cB[i..]), one);
            var inv = one / count;
            var mean = sum * inv;
            var mean2 = mean * mean;
            var variance = Vector.Max(sum2 * inv - mean2, zero);
            var varX = (variance - mean2 * vEta2) * shrink;
            var b = Vector.ConditionalSelect(Vector.GreaterThan(variance, zero), Vector.Max(varX / variance, zero), zero);
            var vz = new Vector<float>(z[i..]);
            var result = mean + b * (vz - mean);
            if (log)
            {
                result = Vector.Log(result);
            }

            var ok = Vector.GreaterThan(vz, zero) & Vector.LessThan(vz, inf);
            Vector.ConditionalSelect(ok, result, nan).CopyTo(output[i..]);
        }

        for (; i < width; i++)
        {
            output[i] = Cell(z, ring, width, rows, i, eta2, log);
        }
    }

    /// <summary>One output cell computed directly from the ring, for edges and tails.</summary>
    private static float Cell(ReadOnlySpan<float> z, ReadOnlySpan<float> ring, int width, RingRows rows, int x, float eta2, bool log)
    {
        float zi = z[x];
        if (!(zi > 0 && float.IsFinite(zi)))
        {
            return float.NaN;
        }

        float sum = 0, sum2 = 0, count = 0;
        int y0 = rows.HasAbove ? -1 : 0, y1 = rows.HasBelow ? 1 : 0;
        for (int dy = y0; dy <= y1; dy++)
        {
            int slot = dy < 0 ? rows.Above : dy > 0 ? rows.Below : rows.Centre;
            sum += ring[3 * slot * width + x];
            sum2 += ring[(3 * slot + 1) * width + x];
            count += rows.AllValid ? (x == 0 || x == width - 1 ? 2 : 3) : ring[(3 * slot + 2) * width + x];
        }

        count = Math.Max(count, 1);
        float mean = sum / count;
        float variance = Math.Max(sum2 / count - mean * mean, 0);
        float varX = (variance - mean * mean * eta2) / (1 + eta2);
        float b = variance > 0 ? Math.Max(varX / variance, 0) : 0;
        float result = mean + b * (zi - mean);
        return log ? MathF.Log(result) : result;
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
