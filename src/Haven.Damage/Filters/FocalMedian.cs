using System.Threading.Tasks;

namespace Haven.Damage.Filters;

/// <summary>
/// Focal median over a circular neighbourhood, NaN cells left out; a missing centre stays missing. For the
/// PWTT default (10 m radius on 10 m pixels) the neighbourhood is the centre and its four edge neighbours.
/// Stateless and thread-safe; rows are processed in parallel.
/// </summary>
public static class FocalMedian
{
    public static float[] Apply(ReadOnlySpan<float> input, int width, int height, CircularKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var source = input.ToArray();
        var output = new float[width * height];
        Parallel.For(0, height, () => new float[kernel.CellCount], (y, _, buffer) =>
        {
            for (int x = 0; x < width; x++)
            {
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
}
