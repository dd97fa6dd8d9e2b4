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

    /// <summary>The filter by hand over a clipped square window of valid cells; NaN where the centre is missing.</summary>
    private static double ByHandAt(float[] z, int w, int h, int x, int y, int window)
    {
        float centre = z[y * w + x];
        if (!(centre > 0 && float.IsFinite(centre)))
        {
            return double.NaN;
        }

        int r = window / 2;
        var values = new List<double>();
        for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
        {
            for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++)
            {
                float v = z[yy * w + xx];
                if (v > 0 && float.IsFinite(v))
                {
                    values.Add(v);
                }
            }
        }

        return ByHand([.. values], centre);
    }

    /// <summary>Synthetic gamma speckle with a missing, a zero and an infinite cell where the raster is big enough.</summary>
    private static float[] Speckle(int w, int h, int seed)
    {
        var rng = new Haven.Geo.Sampling.DeterministicRandom((ulong)seed);
        var z = Enumerable.Range(0, w * h).Select(_ => (float)rng.NextGamma(4.5, 0.1 / 4.5)).ToArray();
        if (w * h > 30)
        {
            z[w * h / 3] = float.NaN;
            z[w * h / 2] = 0;
            z[w * h - 2] = float.PositiveInfinity;
        }

        return z;
    }

    [Theory]
    [InlineData(3, 1, 4)]
    [InlineData(3, 7, 5)]
    [InlineData(3, 9, 6)]
    [InlineData(3, 13, 5)]
    [InlineData(3, 19, 7)]
    [InlineData(3, 43, 9)]
    [InlineData(5, 1, 6)]
    [InlineData(5, 11, 7)]
    [InlineData(5, 21, 9)]
    [InlineData(5, 45, 8)]
    [InlineData(7, 3, 2)]
    [InlineData(7, 15, 11)]
    [InlineData(7, 29, 10)]
    [InlineData(7, 47, 9)]
    public void Every_cell_matches_the_formula_for_windows_3_5_and_7_on_widths_that_are_not_whole_vectors(int window, int w, int h)
    {
        // Widths 1 to 47 with remainders modulo every vector size (4, 8, 16): the scalar tails and edges run.
        var z = Speckle(w, h, 100 * window + w);
        var output = new float[w * h];

        LeeFilter.Apply(z, output, w, h, window, Eta, log: false);

        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double expected = ByHandAt(z, w, h, x, y, window);
                float actual = output[y * w + x];
                if (double.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(actual), $"cell {x},{y} should be missing");
                }
                else
                {
                    Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"cell {x},{y}: expected {expected}, got {actual}");
                }
            }
        }
    }

    [Fact]
    public void A_workspace_reused_for_a_narrower_image_after_a_wider_one_gives_the_same_rows_as_a_fresh_one()
    {
        var wide = Speckle(53, 6, 1);
        var narrow = Speckle(19, 6, 2);
        var workspace = new LeeWorkspace();
        LeeFilter.ApplyRows(wide, 53, 6, 5, Eta, true, 0, 6, (_, _) => { }, workspace);
        var reused = new float[19 * 6];
        var fresh = new float[19 * 6];

        LeeFilter.ApplyRows(narrow, 19, 6, 5, Eta, true, 0, 6, (row, values) => values.CopyTo(reused.AsSpan(row * 19)), workspace);
        LeeFilter.Apply(narrow, fresh, 19, 6, 5, Eta, log: true);

        Assert.Equal(fresh, reused);
    }

    [Fact]
    public void Rows_of_a_band_filtered_alone_equal_the_same_rows_of_the_whole_image()
    {
        // PWTT filters one band of rows at a time: rows 4..9 of a 14-row image, from the image, not a copy.
        var z = Speckle(23, 14, 3);
        var whole = new float[23 * 14];
        LeeFilter.Apply(z, whole, 23, 14, 7, Eta, log: false);
        var band = new float[23 * 14];
        Array.Fill(band, -1);

        LeeFilter.ApplyRows(z, 23, 14, 7, Eta, false, 4, 10, (row, values) => values.CopyTo(band.AsSpan(row * 23)), new LeeWorkspace());

        Assert.Equal(whole.AsSpan(4 * 23, 6 * 23).ToArray(), band.AsSpan(4 * 23, 6 * 23).ToArray());
        Assert.All(band.AsSpan(0, 4 * 23).ToArray(), v => Assert.Equal(-1, v));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void An_even_or_empty_window_is_refused(int window)
    {
        var output = new float[9];

        Assert.Throws<ArgumentOutOfRangeException>(() => LeeFilter.Apply(new float[9], output, 3, 3, window, Eta, log: false));
    }
}
