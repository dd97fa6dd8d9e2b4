using System.Numerics;
using System.Runtime.CompilerServices;

namespace Haven.Damage.Filters;

/// <summary>
/// The Lee minimum-mean-square-error speckle filter (J.-S. Lee, "Digital image enhancement and noise
/// filtering by use of local statistics", IEEE TPAMI 2(2), 1980), in the form PWTT uses: over a square
/// window, var_x = (var_z - mean_z^2 eta^2) / (1 + eta^2), b = max(0, var_x / var_z),
/// out = (1 - b) mean_z + b z, with eta = 1/sqrt(ENL). Cells that are not positive and finite are
/// missing: they are left out of window statistics and stay missing (NaN) in the output.
/// Window sums are separable running sums; the estimate itself is one function (<c>Estimate</c>),
/// vectorised with <see cref="Vector{T}"/> (including the logarithm) and used for edges and tails too.
/// Stateless: scratch memory comes from the caller's <see cref="LeeWorkspace"/>.
/// </summary>
public static partial class LeeFilter
{
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

        ApplyRows(input, width, height, window, eta, log, 0, height, (row, values) => values.CopyTo(output.AsSpan(row * width, width)), new LeeWorkspace());
    }

    /// <summary>
    /// Filters rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of <paramref name="input"/> and hands each
    /// to <paramref name="sink"/> as soon as it is ready, so a caller can consume it while it is still in cache.
    /// Works in a ring of 2r + 1 rows of horizontal sums: memory stays at a few rows whatever the image size.
    /// One <paramref name="workspace"/> serves one thread at a time; reuse it from call to call.
    /// </summary>
    public static void ApplyRows(ReadOnlySpan<float> input, int width, int height, int window, double eta, bool log,
        int firstRow, int endRow, RowSink sink, LeeWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(workspace);
        if (input.Length < width * height)
        {
            throw new ArgumentException("The input is smaller than width x height.", nameof(input));
        }

        if (window < 1 || window % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The Lee window is an odd number of cells.");
        }

        var constants = new Constants((float)(eta * eta), log);
        int r = window / 2;
        if (r == 1 && width >= 2 + Vector<float>.Count)
        {
            ApplyRows3x3(input, width, height, constants, firstRow, endRow, sink, workspace);
            return;
        }

        int ring = 2 * r + 1;
        // Scratch: a ring of horizontal sums (value, value^2, count), one cleaned row, the window sums, one output row.
        var scratch = workspace.Take((3 * ring + 7) * width);
        var ringSums = scratch[..(3 * ring * width)];
        var rows = scratch[(3 * ring * width)..];
        var clean = rows[..width];
        var square = rows.Slice(width, width);
        var count = rows.Slice(2 * width, width);
        var s = rows.Slice(3 * width, width);
        var s2 = rows.Slice(4 * width, width);
        var c = rows.Slice(5 * width, width);
        var result = rows.Slice(6 * width, width);
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

            Combine(input.Slice(y * width, width), s, s2, c, result, constants);
            sink(y, result);
        }
    }

    /// <summary>The filter's settings as the estimate uses them.</summary>
    private readonly struct Constants(float eta2, bool log)
    {
        public Vector<float> Eta2 { get; } = new(eta2);

        /// <summary>1 / (1 + eta^2).</summary>
        public Vector<float> Shrink { get; } = new(1 / (1 + eta2));

        public bool Log { get; } = log;
    }

    /// <summary>
    /// The Lee estimate for cells <paramref name="z"/> whose windows hold values summing to <paramref name="sum"/>
    /// and squares summing to <paramref name="sum2"/> over 1 / <paramref name="inverseCount"/> valid cells, and its
    /// log when asked. The one definition of the filter's arithmetic; where a cell itself may be missing, the
    /// caller masks it with <see cref="Masked"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Estimate(Vector<float> z, Vector<float> sum, Vector<float> sum2, Vector<float> inverseCount,
        Vector<float> eta2, Vector<float> shrink, bool log)
    {
        var zero = Vector<float>.Zero;
        var mean = sum * inverseCount;
        var mean2 = mean * mean;
        var variance = Vector.Max(sum2 * inverseCount - mean2, zero);
        var varX = (variance - mean2 * eta2) * shrink;
        var gain = Vector.ConditionalSelect(Vector.GreaterThan(variance, zero), Vector.Max(varX / variance, zero), zero);
        var result = mean + gain * (z - mean);
        return log ? Vector.Log(result) : result;
    }

    /// <summary>The estimate where <paramref name="z"/> is valid, NaN where it is missing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Masked(Vector<float> z, Vector<float> estimate) =>
        Vector.ConditionalSelect(Valid(z), estimate, new Vector<float>(float.NaN));

    /// <summary>The same estimate for one cell (edges and the tail of a row shorter than a vector), NaN where it is missing.</summary>
    private static float Estimate(float z, float sum, float sum2, float count, in Constants k) => !Valid(z) ? float.NaN
        : Estimate(new Vector<float>(z), new Vector<float>(sum), new Vector<float>(sum2), new Vector<float>(1 / Math.Max(count, 1)), k.Eta2, k.Shrink, k.Log)[0];

    /// <summary>All ones where a cell is valid: positive and finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> Valid(Vector<float> v) =>
        Vector.GreaterThan(v, Vector<float>.Zero) & Vector.LessThan(v, new Vector<float>(float.PositiveInfinity));

    private static bool Valid(float v) => v > 0 && float.IsFinite(v);

    /// <summary>Valid cells keep their value, square and a count of one; others become zeros.</summary>
    private static void Clean(ReadOnlySpan<float> z, Span<float> value, Span<float> square, Span<float> count)
    {
        int i = 0;
        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        for (; i <= z.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(z[i..]);
            var ok = Valid(v);
            var c = Vector.ConditionalSelect(ok, v, zero);
            c.CopyTo(value[i..]);
            (c * c).CopyTo(square[i..]);
            Vector.ConditionalSelect(ok, one, zero).CopyTo(count[i..]);
        }

        for (; i < z.Length; i++)
        {
            bool ok = Valid(z[i]);
            value[i] = ok ? z[i] : 0;
            square[i] = ok ? z[i] * z[i] : 0;
            count[i] = ok ? 1 : 0;
        }
    }

    /// <summary>Running sums over 2r + 1 cells centred on each cell, clipped at the row's ends.</summary>
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
        Span<float> output, in Constants k)
    {
        int n = z.Length;
        int i = 0;
        var one = Vector<float>.One;
        Vector<float> eta2 = k.Eta2, shrink = k.Shrink;
        bool log = k.Log;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var vz = new Vector<float>(z[i..]);
            var inverseCount = one / Vector.Max(new Vector<float>(c[i..]), one);
            Masked(vz, Estimate(vz, new Vector<float>(s[i..]), new Vector<float>(s2[i..]), inverseCount, eta2, shrink, log)).CopyTo(output[i..]);
        }

        for (; i < n; i++)
        {
            output[i] = Estimate(z[i], s[i], s2[i], c[i], k);
        }
    }
}
