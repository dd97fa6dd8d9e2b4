using System.Numerics;

namespace Haven.Damage.Filters;

/// <summary>
/// The 3 x 3 default, fused: each input row is read once to make its horizontal sums of value and value^2
/// (invalid cells masked to zero), and each output row sums three ring rows on the fly while combining,
/// with no intermediate copies. Counts of valid cells are only stored for rows that have invalid cells;
/// where all three rows are wholly valid the count is known (9 inside, 6 on the left and right edges).
/// </summary>
public static partial class LeeFilter
{
    private static void ApplyRows3x3(ReadOnlySpan<float> input, int width, int height, in Constants k, int firstRow, int endRow,
        RowSink sink, LeeWorkspace workspace)
    {
        var scratch = workspace.Take(10 * width);
        var ring = scratch[..(9 * width)];
        var result = scratch.Slice(9 * width, width);
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

            CombineRows(input.Slice(y * width, width), ring, width, rows, result, k);
            sink(y, result);
        }
    }

    private readonly record struct RingRows(int Above, int Centre, int Below, bool HasAbove, bool HasBelow, bool AllValid);

    /// <summary>Horizontal 3-cell sums of valid values and their squares; counts only when the row has an invalid cell. True when every cell is valid.</summary>
    private static bool HorizontalSums3(ReadOnlySpan<float> z, Span<float> s, Span<float> s2, Span<float> c)
    {
        int n = z.Length;
        var invalid = Vector<int>.Zero;
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            invalid |= ~Valid(new Vector<float>(z[i..]));
        }

        bool allValid = invalid == Vector<int>.Zero;
        for (; i < n; i++)
        {
            allValid &= Valid(z[i]);
        }

        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        int j = 1;
        if (allValid)
        {
            for (; j <= n - 1 - Vector<float>.Count; j += Vector<float>.Count)
            {
                var a = new Vector<float>(z[(j - 1)..]);
                var b = new Vector<float>(z[j..]);
                var d = new Vector<float>(z[(j + 1)..]);
                (a + b + d).CopyTo(s[j..]);
                (a * a + b * b + d * d).CopyTo(s2[j..]);
            }
        }
        else
        {
            for (; j <= n - 1 - Vector<float>.Count; j += Vector<float>.Count)
            {
                var a = new Vector<float>(z[(j - 1)..]);
                var b = new Vector<float>(z[j..]);
                var d = new Vector<float>(z[(j + 1)..]);
                var oa = Valid(a);
                var ob = Valid(b);
                var od = Valid(d);
                a = Vector.ConditionalSelect(oa, a, zero);
                b = Vector.ConditionalSelect(ob, b, zero);
                d = Vector.ConditionalSelect(od, d, zero);
                (a + b + d).CopyTo(s[j..]);
                (a * a + b * b + d * d).CopyTo(s2[j..]);
                (Vector.ConditionalSelect(oa, one, zero) + Vector.ConditionalSelect(ob, one, zero) + Vector.ConditionalSelect(od, one, zero)).CopyTo(c[j..]);
            }
        }

        // The first cell and the tail, one at a time.
        for (int x = 0; x < n; x = x == 0 ? j : x + 1)
        {
            float sv = 0, sq = 0, cv = 0;
            for (int m = Math.Max(0, x - 1); m <= Math.Min(n - 1, x + 1); m++)
            {
                if (Valid(z[m]))
                {
                    sv += z[m];
                    sq += z[m] * z[m];
                    cv++;
                }
            }

            s[x] = sv;
            s2[x] = sq;
            if (!allValid)
            {
                c[x] = cv;
            }
        }

        return allValid;
    }

    private static void CombineRows(ReadOnlySpan<float> z, ReadOnlySpan<float> ring, int width, RingRows rows, Span<float> output, in Constants k)
    {
        var sA = ring.Slice(3 * rows.Above * width, width);
        var s2A = ring.Slice((3 * rows.Above + 1) * width, width);
        var sC = ring.Slice(3 * rows.Centre * width, width);
        var s2C = ring.Slice((3 * rows.Centre + 1) * width, width);
        var sB = ring.Slice(3 * rows.Below * width, width);
        var s2B = ring.Slice((3 * rows.Below + 1) * width, width);
        var cA = ring.Slice((3 * rows.Above + 2) * width, width);
        var cC = ring.Slice((3 * rows.Centre + 2) * width, width);
        var cB = ring.Slice((3 * rows.Below + 2) * width, width);
        var wa = new Vector<float>(rows.HasAbove ? 1f : 0f);
        var wb = new Vector<float>(rows.HasBelow ? 1f : 0f);
        var one = Vector<float>.One;
        // Every cell valid: a constant count inside and nothing to mask; the two edge columns are redone below.
        var constantInverse = new Vector<float>(1f / (3 * (1 + (rows.HasAbove ? 1 : 0) + (rows.HasBelow ? 1 : 0))));
        Vector<float> eta2 = k.Eta2, shrink = k.Shrink;
        bool log = k.Log;
        int i = 0;
        if (rows.AllValid)
        {
            for (; i <= width - Vector<float>.Count; i += Vector<float>.Count)
            {
                var sum = new Vector<float>(sC[i..]) + wa * new Vector<float>(sA[i..]) + wb * new Vector<float>(sB[i..]);
                var sum2 = new Vector<float>(s2C[i..]) + wa * new Vector<float>(s2A[i..]) + wb * new Vector<float>(s2B[i..]);
                Estimate(new Vector<float>(z[i..]), sum, sum2, constantInverse, eta2, shrink, log).CopyTo(output[i..]);
            }
        }
        else
        {
            for (; i <= width - Vector<float>.Count; i += Vector<float>.Count)
            {
                var sum = new Vector<float>(sC[i..]) + wa * new Vector<float>(sA[i..]) + wb * new Vector<float>(sB[i..]);
                var sum2 = new Vector<float>(s2C[i..]) + wa * new Vector<float>(s2A[i..]) + wb * new Vector<float>(s2B[i..]);
                var count = new Vector<float>(cC[i..]) + wa * new Vector<float>(cA[i..]) + wb * new Vector<float>(cB[i..]);
                var vz = new Vector<float>(z[i..]);
                Masked(vz, Estimate(vz, sum, sum2, one / Vector.Max(count, one), eta2, shrink, log)).CopyTo(output[i..]);
            }
        }

        for (; i < width; i++)
        {
            output[i] = Cell(z, ring, width, rows, i, k);
        }

        if (rows.AllValid)
        {
            output[0] = Cell(z, ring, width, rows, 0, k);
            output[width - 1] = Cell(z, ring, width, rows, width - 1, k);
        }
    }

    /// <summary>One output cell from the ring, for edges and tails.</summary>
    private static float Cell(ReadOnlySpan<float> z, ReadOnlySpan<float> ring, int width, RingRows rows, int x, in Constants k)
    {
        float sum = 0, sum2 = 0, count = 0;
        int y0 = rows.HasAbove ? -1 : 0, y1 = rows.HasBelow ? 1 : 0;
        for (int dy = y0; dy <= y1; dy++)
        {
            int slot = dy < 0 ? rows.Above : dy > 0 ? rows.Below : rows.Centre;
            sum += ring[3 * slot * width + x];
            sum2 += ring[(3 * slot + 1) * width + x];
            count += rows.AllValid ? (x == 0 || x == width - 1 ? 2 : 3) : ring[(3 * slot + 2) * width + x];
        }

        return Estimate(z[x], sum, sum2, count, k);
    }
}
