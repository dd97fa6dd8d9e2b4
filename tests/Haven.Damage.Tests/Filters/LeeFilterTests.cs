using Haven.Damage.Filters;

namespace Haven.Damage.Tests.Filters;

public class LeeFilterTests
{
    private static readonly double Eta = 1 / Math.Sqrt(5);

    /// <summary>The filter by hand for one cell, from its window values.</summary>
    private static double ByHand(double[] window, double z)
    {
        double mean = window.Average();
        double variance = window.Sum(v => (v - mean) * (v - mean)) / window.Length;
        double varX = (variance - mean * mean * Eta * Eta) / (1 + Eta * Eta);
        double b = variance > 0 ? Math.Max(0, varX / variance) : 0;
        return (1 - b) * mean + b * z;
    }

    [Fact]
    public void The_centre_of_a_3x3_raster_matches_the_formula_computed_by_hand()
    {
        float[] z = [1, 2, 3, 4, 10, 6, 7, 8, 9];
        var output = new float[9];

        LeeFilter.Apply(z, output, 3, 3, 3, Eta, log: false);

        Assert.Equal(ByHand([1, 2, 3, 4, 10, 6, 7, 8, 9], 10), output[4], 5);
    }

    [Fact]
    public void A_corner_uses_only_the_cells_inside_the_raster()
    {
        float[] z = [1, 2, 3, 4, 10, 6, 7, 8, 9];
        var output = new float[9];

        LeeFilter.Apply(z, output, 3, 3, 3, Eta, log: false);

        Assert.Equal(ByHand([1, 2, 4, 10], 1), output[0], 5);
    }

    [Fact]
    public void A_homogeneous_area_with_strong_speckle_is_smoothed_to_its_mean()
    {
        // Variance below what speckle alone explains: b = 0, the output is the window mean.
        float[] z = [1.0f, 1.1f, 0.9f, 1.0f, 1.05f, 0.95f, 1.0f, 1.0f, 1.0f];
        var output = new float[9];

        LeeFilter.Apply(z, output, 3, 3, 3, Eta, log: false);

        Assert.Equal(z.Average(), output[4], 5);
    }

    [Fact]
    public void The_log_option_returns_the_natural_log_and_missing_cells_stay_missing()
    {
        float[] z = [1, 2, 3, 4, 10, float.NaN, 7, 8, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5];
        var linear = new float[18];
        var logged = new float[18];

        LeeFilter.Apply(z, linear, 9, 2, 3, Eta, log: false);
        LeeFilter.Apply(z, logged, 9, 2, 3, Eta, log: true);

        for (int i = 0; i < 18; i++)
        {
            if (float.IsNaN(z[i]) || z[i] <= 0)
            {
                Assert.True(float.IsNaN(logged[i]), $"cell {i} should be missing");
            }
            else
            {
                Assert.Equal(Math.Log(linear[i]), logged[i], 5);
            }
        }
    }

    [Fact]
    public void Vectorised_and_scalar_paths_agree_on_a_wide_raster()
    {
        var rng = new Haven.Geo.Sampling.DeterministicRandom(4);
        int w = 37, h = 5;
        var z = Enumerable.Range(0, w * h).Select(_ => (float)rng.NextGamma(4.5, 0.1 / 4.5)).ToArray();
        var output = new float[w * h];

        LeeFilter.Apply(z, output, w, h, 3, Eta, log: false);

        for (int y = 1; y < h - 1; y++)
        {
            for (int x = 1; x < w - 1; x++)
            {
                var window = new List<double>();
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        window.Add(z[(y + dy) * w + x + dx]);
                    }
                }

                Assert.Equal(ByHand([.. window], z[y * w + x]), output[y * w + x], 4);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_cell_matches_the_formula_when_some_rows_have_missing_cells_and_others_are_complete(bool log)
    {
        // Rows 4 and 5 hold a missing, a zero and an infinite cell; the other rows are complete, so both the
        // complete-row and the counted paths run, and their borders meet. Edges and corners are checked too.
        var rng = new Haven.Geo.Sampling.DeterministicRandom(9);
        int w = 41, h = 11;
        var z = Enumerable.Range(0, w * h).Select(_ => (float)rng.NextGamma(4.5, 0.1 / 4.5)).ToArray();
        z[4 * w + 7] = float.NaN;
        z[4 * w + 40] = 0;
        z[5 * w + 20] = float.PositiveInfinity;
        var output = new float[w * h];

        LeeFilter.Apply(z, output, w, h, 3, Eta, log);

        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                float centre = z[y * w + x];
                if (!(centre > 0 && float.IsFinite(centre)))
                {
                    Assert.True(float.IsNaN(output[y * w + x]), $"cell {x},{y} should be missing");
                    continue;
                }

                var window = new List<double>();
                for (int yy = Math.Max(0, y - 1); yy <= Math.Min(h - 1, y + 1); yy++)
                {
                    for (int xx = Math.Max(0, x - 1); xx <= Math.Min(w - 1, x + 1); xx++)
                    {
                        float v = z[yy * w + xx];
                        if (v > 0 && float.IsFinite(v))
                        {
                            window.Add(v);
                        }
                    }
                }

                double expected = ByHand([.. window], centre);
                Assert.Equal(log ? Math.Log(expected) : expected, output[y * w + x], 1e-4);
            }
        }
    }
}
