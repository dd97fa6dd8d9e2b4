using System.Numerics;

namespace Haven.Damage.Pwtt;

/// <summary>
/// The per-pixel arithmetic of the t-test over a band, a vector of pixels at a time. Welch and Stouffer run
/// over arrays padded to a whole number of vectors (<see cref="Padded"/>), so each has one vector form and
/// no scalar tail; only <see cref="Accumulate"/>, which reads a filtered row as it comes, has a tail.
/// </summary>
internal static class PwttKernels
{
    /// <summary><paramref name="cells"/> rounded up to a whole number of vectors.</summary>
    public static int Padded(int cells) => (cells + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    /// <summary>
    /// Adds valid (non-NaN) values to the running sum and sum of squares and counts the missing ones, a vector
    /// at a time; the missing counts are only touched where a vector holds a NaN, which is rare.
    /// </summary>
    public static void Accumulate(ReadOnlySpan<float> values, Span<float> missing, Span<float> s, Span<float> ss)
    {
        int i = 0;
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(values[i..]);
            if (!Vector.EqualsAll(v, v))
            {
                var ok = Vector.Equals(v, v); // false for NaN
                v = Vector.ConditionalSelect(ok, v, zero);
                (new Vector<float>(missing[i..]) + Vector.ConditionalSelect(ok, zero, one)).CopyTo(missing[i..]);
            }

            (new Vector<float>(s[i..]) + v).CopyTo(s[i..]);
            (new Vector<float>(ss[i..]) + v * v).CopyTo(ss[i..]);
        }

        for (; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v))
            {
                missing[i]++;
            }
            else
            {
                s[i] += v;
                ss[i] += v * v;
            }
        }
    }

    /// <summary>
    /// Welch t and df (<see cref="WelchT.FromSums"/>, in single precision) for every pixel of a band, from the
    /// images in each window less the pixel's missing values; NaN t and zero df where untested (fewer than the
    /// minimum values, or no variance). Every array is at least <paramref name="padded"/> long.
    /// </summary>
    public static void Welch(WindowSums pre, WindowSums post, int minPre, int minPost, float[] t, float[] df, int padded)
    {
        var vPre = new Vector<float>(pre.Images);
        var vPost = new Vector<float>(post.Images);
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        var nan = new Vector<float>(float.NaN);
        var vMinPre = new Vector<float>(minPre);
        var vMinPost = new Vector<float>(minPost);
        for (int i = 0; i < padded; i += Vector<float>.Count)
        {
            var n1 = vPre - new Vector<float>(pre.Missing, i);
            var n2 = vPost - new Vector<float>(post.Missing, i);
            var m1 = new Vector<float>(pre.Sum, i) / Vector.Max(n1, one);
            var m2 = new Vector<float>(post.Sum, i) / Vector.Max(n2, one);
            var v1 = Vector.Max((new Vector<float>(pre.SumOfSquares, i) - n1 * m1 * m1) / Vector.Max(n1 - one, one), zero);
            var v2 = Vector.Max((new Vector<float>(post.SumOfSquares, i) - n2 * m2 * m2) / Vector.Max(n2 - one, one), zero);
            var a = v1 / Vector.Max(n1, one);
            var b = v2 / Vector.Max(n2, one);
            var se2 = a + b;
            var ok = Vector.GreaterThanOrEqual(n1, vMinPre) & Vector.GreaterThanOrEqual(n2, vMinPost) & Vector.GreaterThan(se2, zero);
            var tv = (m2 - m1) / Vector.SquareRoot(se2);
            var dfv = se2 * se2 / (a * a / Vector.Max(n1 - one, one) + b * b / Vector.Max(n2 - one, one));
            Vector.ConditionalSelect(ok, tv, nan).CopyTo(t, i);
            Vector.ConditionalSelect(ok, dfv, zero).CopyTo(df, i);
        }
    }

    /// <summary>
    /// Stouffer's weighted Z (<see cref="WelchT.Stouffer"/>) over the orbits of one polarisation, its absolute
    /// value, and the running maximum over polarisations in <paramref name="best"/> (NaN where nothing was tested).
    /// </summary>
    public static void Stouffer(int[] members, float[][] t, float[][] df, float[] best, int padded)
    {
        var zero = Vector<float>.Zero;
        for (int i = 0; i < padded; i += Vector<float>.Count)
        {
            var num = zero;
            var den = zero;
            foreach (int g in members)
            {
                var tg = new Vector<float>(t[g], i);
                var dfg = new Vector<float>(df[g], i);
                var ok = Vector.Equals(tg, tg);
                num += Vector.ConditionalSelect(ok, Vector.SquareRoot(dfg) * tg, zero);
                den += Vector.ConditionalSelect(ok, dfg, zero);
            }

            var z = Vector.Abs(num) / Vector.SquareRoot(den);
            var tested = Vector.GreaterThan(den, zero);
            var current = new Vector<float>(best, i);
            var better = tested & (Vector.GreaterThan(z, current) | ~Vector.Equals(current, current));
            Vector.ConditionalSelect(better, z, current).CopyTo(best, i);
        }
    }
}

/// <summary>One window's running sums over a band: images in the window, and per pixel the missing count, sum and sum of squares.</summary>
internal sealed class WindowSums(int images, int padded)
{
    public int Images { get; } = images;

    public float[] Missing { get; } = new float[padded];

    public float[] Sum { get; } = new float[padded];

    public float[] SumOfSquares { get; } = new float[padded];

    public void Clear()
    {
        Array.Clear(Missing);
        Array.Clear(Sum);
        Array.Clear(SumOfSquares);
    }
}
