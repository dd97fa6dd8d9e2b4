using System.Threading.Tasks;

namespace Haven.Damage.Filters;

/// <summary>
/// Convolution with a normalised circular kernel: each cell becomes the mean of the valid (non-NaN) cells
/// whose centres lie within the radius. Computed from per-row prefix sums, so each output cell costs one
/// subtraction per kernel row (a chord), not one per kernel cell. Missing centre cells stay missing.
/// Stateless and thread-safe; rows are processed in parallel.
/// </summary>
public static class CircularMean
{
    public static float[] Apply(ReadOnlySpan<float> input, int width, int height, CircularKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        // Prefix sums per row with a leading zero: sum of cells [a, b] = p[b + 1] - p[a].
        int stride = width + 1;
        var sums = new double[stride * height];
        var counts = new int[stride * height];
        for (int y = 0; y < height; y++)
        {
            double s = 0;
            int c = 0;
            for (int x = 0; x < width; x++)
            {
                float v = input[y * width + x];
                if (!float.IsNaN(v))
                {
                    s += v;
                    c++;
                }

                sums[y * stride + x + 1] = s;
                counts[y * stride + x + 1] = c;
            }
        }

        var source = input.ToArray();
        var output = new float[width * height];
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                if (float.IsNaN(source[y * width + x]))
                {
                    output[y * width + x] = float.NaN;
                    continue;
                }

                double s = 0;
                int c = 0;
                for (int dy = -kernel.Radius; dy <= kernel.Radius; dy++)
                {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height)
                    {
                        continue;
                    }

                    int h = kernel.HalfWidths[dy + kernel.Radius];
                    int a = Math.Max(0, x - h);
                    int b = Math.Min(width - 1, x + h);
                    s += sums[yy * stride + b + 1] - sums[yy * stride + a];
                    c += counts[yy * stride + b + 1] - counts[yy * stride + a];
                }

                output[y * width + x] = c == 0 ? float.NaN : (float)(s / c);
            }
        });
        return output;
    }
}
