using Haven.Damage.Filters;

namespace Haven.Damage.Tests.Filters;

public class SmoothingTests
{
    [Fact]
    public void A_10_m_kernel_on_10_m_pixels_is_the_centre_and_its_four_neighbours()
    {
        var k = CircularKernel.FromMetres(10, 10);

        Assert.Equal(5, k.CellCount);
        Assert.Equal([0, 1, 0], k.HalfWidths);
    }

    [Fact]
    public void The_focal_median_takes_the_middle_of_the_plus_shaped_neighbourhood()
    {
        float[] v = [9, 1, 9, 2, 5, 7, 9, 3, 9];

        var m = FocalMedian.Apply(v, 3, 3, CircularKernel.FromMetres(10, 10));

        Assert.Equal(3, m[4]); // median of 1, 2, 5, 7, 3
        Assert.Equal(2, m[0]); // corner: 9, 1, 2 -> 2
    }

    [Fact]
    public void The_circular_mean_averages_the_valid_cells_within_the_radius()
    {
        int w = 7, h = 7;
        var v = Enumerable.Range(0, w * h).Select(i => (float)i).ToArray();
        v[3 * w + 4] = float.NaN;
        var k = CircularKernel.FromMetres(20, 10);

        var c = CircularMean.Apply(v, w, h, k);

        var expected = new List<float>();
        for (int dy = -2; dy <= 2; dy++)
        {
            for (int dx = -2; dx <= 2; dx++)
            {
                if (dx * dx + dy * dy <= 4 && !float.IsNaN(v[(3 + dy) * w + 3 + dx]))
                {
                    expected.Add(v[(3 + dy) * w + 3 + dx]);
                }
            }
        }

        Assert.Equal(expected.Average(), c[3 * w + 3], 4);
        Assert.True(float.IsNaN(c[3 * w + 4]));
    }

    private static float[] Noise(int w, int h, int seed)
    {
        var rng = new Haven.Geo.Sampling.DeterministicRandom((ulong)seed);
        return [.. Enumerable.Range(0, w * h).Select(_ => rng.Chance(0.03) ? float.NaN : (float)rng.Uniform(0, 10))];
    }

    [Fact]
    public void The_vectorised_plus_median_agrees_with_sorting_every_neighbourhood()
    {
        int w = 53, h = 9;
        var v = Noise(w, h, 1);

        var m = FocalMedian.Apply(v, w, h, CircularKernel.FromMetres(10, 10));

        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                var near = new[] { (0, 0), (-1, 0), (1, 0), (0, -1), (0, 1) }
                    .Where(d => x + d.Item1 >= 0 && x + d.Item1 < w && y + d.Item2 >= 0 && y + d.Item2 < h)
                    .Select(d => v[(y + d.Item2) * w + x + d.Item1]).Where(f => !float.IsNaN(f)).Order().ToArray();
                float expected = float.IsNaN(v[y * w + x]) ? float.NaN
                    : near.Length % 2 == 1 ? near[near.Length / 2] : (near[near.Length / 2 - 1] + near[near.Length / 2]) / 2;
                Assert.Equal(expected, m[y * w + x]);
            }
        }
    }

    [Fact]
    public void The_vectorised_circular_mean_agrees_with_averaging_every_neighbourhood()
    {
        int w = 61, h = 23;
        var v = Noise(w, h, 2);
        // Rows 0 to 7 complete, so the known-count path runs there and meets the counted one below.
        for (int i = 0; i < 8 * w; i++)
        {
            v[i] = float.IsNaN(v[i]) ? 5 : v[i];
        }

        var k = CircularKernel.FromMetres(50, 10);

        var c = CircularMean.Apply(v, w, h, k);

        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                var near = new List<double>();
                for (int dy = -5; dy <= 5; dy++)
                {
                    for (int dx = -5; dx <= 5; dx++)
                    {
                        int xx = x + dx, yy = y + dy;
                        if (dx * dx + dy * dy <= 25 && xx >= 0 && xx < w && yy >= 0 && yy < h && !float.IsNaN(v[yy * w + xx]))
                        {
                            near.Add(v[yy * w + xx]);
                        }
                    }
                }

                if (float.IsNaN(v[y * w + x]))
                {
                    Assert.True(float.IsNaN(c[y * w + x]));
                }
                else
                {
                    Assert.Equal(near.Average(), c[y * w + x], 3);
                }
            }
        }
    }
}
