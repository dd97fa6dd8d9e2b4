using System.Numerics;
using System.Threading.Tasks;

namespace Haven.Damage.Filters;

/// <summary>
/// Convolution with normalised circular kernels: each cell becomes the mean of the valid (non-NaN) cells whose
/// centres lie within the radius. Per-row prefix sums are built once and shared by every kernel; each output
/// cell then costs one subtraction per kernel row (a chord), not one per kernel cell, and away from the left
/// and right edges a vector of neighbouring cells is done at once. Missing centre cells stay missing.
/// Stateless and thread-safe; rows run in parallel.
/// </summary>
public static class CircularMean
{
    public static float[] Apply(float[] input, int width, int height, CircularKernel kernel) =>
        SumOfMeans(input, width, height, [kernel]);

    /// <summary>The sum, over the kernels, of each kernel's circular mean (what PWTT averages).</summary>
    public static float[] SumOfMeans(float[] input, int width, int height, IReadOnlyList<CircularKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Length, width * height);
        int stride = width + 1;
        // Prefix sums per row with a leading zero: sum of cells [a, b] = p[b + 1] - p[a]. Single precision is
        // enough here (a row of 4,000 values of 10 loses about 0.002 to rounding, on means over hundreds of
        // cells) and doubles the vector width; counts are exact in float up to 16 million.
        var sums = new float[stride * height];
        var counts = new float[stride * height];
        var source = input;
        Parallel.For(0, height, y =>
        {
            double s = 0, c = 0;
            for (int x = 0; x < width; x++)
            {
                float v = source[y * width + x];
                if (!float.IsNaN(v))
                {
                    s += v;
                    c++;
                }

                sums[y * stride + x + 1] = (float)s;
                counts[y * stride + x + 1] = (float)c;
            }
        });

        // Rows without missing cells: where every row a kernel reaches is complete, the count inside the
        // interior is the kernel's clipped cell count and need not be summed.
        var complete = new bool[height];
        for (int y = 0; y < height; y++)
        {
            complete[y] = counts[y * stride + width] == width;
        }

        var output = new float[width * height];
        int lanes = Vector<float>.Count;
        Parallel.For(0, height, () => (new float[width], new float[width], new float[width]), (y, _, rows) =>
        {
            var (total, s, c) = rows;
            Array.Clear(total);
            foreach (var kernel in kernels)
            {
                int reach = kernel.Radius;
                int widest = kernel.HalfWidths.Max();
                bool known = true;
                float interiorCount = 0;
                for (int yy = Math.Max(0, y - reach); yy <= Math.Min(height - 1, y + reach); yy++)
                {
                    known &= complete[yy];
                    interiorCount += 2 * kernel.HalfWidths[yy - y + reach] + 1;
                }

                Array.Clear(s);
                Array.Clear(c);
                int interiorStart = Math.Min(widest, width), interiorEnd = interiorStart;
                for (int dy = -reach; dy <= reach; dy++)
                {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height)
                    {
                        continue;
                    }

                    int h = kernel.HalfWidths[dy + reach];
                    int row = yy * stride;
                    // Interior: x - h >= 0 and x + h + 1 <= width for every lane.
                    int x = 0;
                    for (; x < Math.Min(widest, width); x++)
                    {
                        Chord(x, h);
                    }

                    if (known)
                    {
                        for (; x <= width - widest - 1 - lanes; x += lanes)
                        {
                            var hi = new Vector<float>(sums, row + x + h + 1);
                            var lo = new Vector<float>(sums, row + x - h);
                            (new Vector<float>(s, x) + hi - lo).CopyTo(s, x);
                        }
                    }
                    else
                    {
                        for (; x <= width - widest - 1 - lanes; x += lanes)
                        {
                            var hi = new Vector<float>(sums, row + x + h + 1);
                            var lo = new Vector<float>(sums, row + x - h);
                            (new Vector<float>(s, x) + hi - lo).CopyTo(s, x);
                            var chi = new Vector<float>(counts, row + x + h + 1);
                            var clo = new Vector<float>(counts, row + x - h);
                            (new Vector<float>(c, x) + chi - clo).CopyTo(c, x);
                        }
                    }

                    interiorEnd = x;
                    for (; x < width; x++)
                    {
                        Chord(x, h);
                    }

                    void Chord(int cx, int half)
                    {
                        int a = Math.Max(0, cx - half);
                        int b = Math.Min(width - 1, cx + half);
                        s[cx] += sums[row + b + 1] - sums[row + a];
                        c[cx] += counts[row + b + 1] - counts[row + a];
                    }
                }

                if (known)
                {
                    c.AsSpan(interiorStart, interiorEnd - interiorStart).Fill(interiorCount);
                }

                int i = 0;
                var zero = Vector<float>.Zero;
                var nan = new Vector<float>(float.NaN);
                for (; i <= width - lanes; i += lanes)
                {
                    var count = new Vector<float>(c, i);
                    var mean = Vector.ConditionalSelect(Vector.GreaterThan(count, zero), new Vector<float>(s, i) / count, nan);
                    (new Vector<float>(total, i) + mean).CopyTo(total, i);
                }

                for (; i < width; i++)
                {
                    total[i] += c[i] > 0 ? s[i] / c[i] : float.NaN;
                }
            }

            for (int x = 0; x < width; x++)
            {
                output[y * width + x] = float.IsNaN(source[y * width + x]) ? float.NaN : total[x];
            }

            return rows;
        }, _ => { });
        return output;
    }
}
