using System.Numerics;
using System.Threading.Tasks;

namespace Haven.Damage.Filters;

/// <summary>
/// Focal median over a circular neighbourhood, NaN cells left out; a missing centre stays missing. For the
/// PWTT default (10 m radius on 10 m pixels) the neighbourhood is the centre and its four edge neighbours.
/// Stateless and thread-safe; rows are processed in parallel.
/// </summary>
public static class FocalMedian
{
    public static float[] Apply(float[] input, int width, int height, CircularKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Length, width * height);
        var source = input;
        var output = new float[width * height];
        bool plus = kernel.Radius == 1 && kernel.HalfWidths[0] == 0 && kernel.HalfWidths[1] == 1 && kernel.HalfWidths[2] == 0;
        Parallel.For(0, height, () => new float[kernel.CellCount], (y, _, buffer) =>
        {
            bool fast = plus && y > 0 && y < height - 1;
            if (fast)
            {
                PlusMedianRow(source, output, width, y);
            }

            for (int x = 0; x < width; x++)
            {
                if (fast && x >= 1 && x < width - 1 && !float.IsNaN(output[y * width + x]))
                {
                    continue;
                }

                if (float.IsNaN(source[y * width + x]))
                {
                    output[y * width + x] = float.NaN;
                    continue;
                }

                int n = 0;
                for (int dy = -kernel.Radius; dy <= kernel.Radius; dy++)
                {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height)
                    {
                        continue;
                    }

                    int h = kernel.HalfWidths[dy + kernel.Radius];
                    for (int xx = Math.Max(0, x - h); xx <= Math.Min(width - 1, x + h); xx++)
                    {
                        float v = source[yy * width + xx];
                        if (!float.IsNaN(v))
                        {
                            buffer[n++] = v;
                        }
                    }
                }

                var values = buffer.AsSpan(0, n);
                values.Sort();
                output[y * width + x] = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            }

            return buffer;
        }, _ => { });
        return output;
    }

    /// <summary>
    /// The 5-cell "plus" median for interior cells of one row, a vector at a time: median of five as the
    /// median of (e, max(min(a, b), min(c, d)), min(max(a, b), max(c, d))). Cells whose neighbourhood holds a
    /// NaN are left NaN here and redone by the general path.
    /// </summary>
    private static void PlusMedianRow(float[] source, float[] output, int width, int y)
    {
        int lanes = Vector<float>.Count;
        int row = y * width;
        int x = 1;
        for (; x <= width - 1 - lanes; x += lanes)
        {
            var e = new Vector<float>(source, row + x);
            var a = new Vector<float>(source, row + x - 1);
            var b = new Vector<float>(source, row + x + 1);
            var c = new Vector<float>(source, row - width + x);
            var d = new Vector<float>(source, row + width + x);
            var f = Vector.Max(Vector.Min(a, b), Vector.Min(c, d));
            var g = Vector.Min(Vector.Max(a, b), Vector.Max(c, d));
            var median = Vector.Max(Vector.Min(e, f), Vector.Min(Vector.Max(e, f), g));
            var ok = Vector.Equals(a, a) & Vector.Equals(b, b) & Vector.Equals(c, c) & Vector.Equals(d, d) & Vector.Equals(e, e);
            Vector.ConditionalSelect(ok, median, new Vector<float>(float.NaN)).CopyTo(output, row + x);
        }

        for (; x < width - 1; x++)
        {
            output[row + x] = float.NaN; // done by the general path
        }
    }
}
