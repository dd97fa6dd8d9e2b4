using Haven.Damage.Filters;
using Haven.Damage.Pwtt;
using Haven.Damage.Stacks;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;

namespace Haven.Damage.Tests.Pwtt;

/// <summary>
/// The engine's banded, vectorised t-test against the method written out pixel by pixel in double precision
/// (Lee filter, log, Welch per orbit and polarisation, Stouffer per polarisation, maximum, smoothing), on
/// synthetic stacks whose widths and band sizes are not whole vectors.
/// </summary>
public sealed class PwttEngineTests : IDisposable
{
    private static readonly DateOnly Event = new(2023, 10, 7);
    private static readonly DateOnly[] Inference = [new(2023, 10, 10), new(2023, 10, 20)];
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-pwtt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Two orbits x VV and VH, six pre dates and four post dates each, gamma speckle of mean 0.3 falling to 0.1
    /// in the left third after the event; a few NaN cells and one image with a whole missing row.
    /// </summary>
    private (ImageStack Stack, List<(StackEntry Entry, float[] Values)> Images) Stack(int width, int height, int? tileSize,
        GeoTiffPredictor predictor = GeoTiffPredictor.None)
    {
        var grid = new RasterGrid(width, height, GeoTransform.NorthUp(580_000, 3_470_300, 10, 10), 32636);
        var rng = new DeterministicRandom((ulong)(width * 31 + height));
        var dates = Enumerable.Range(0, 6).Select(i => new DateOnly(2023, 5, 1).AddDays(20 * i))
            .Concat(Enumerable.Range(0, 4).Select(i => new DateOnly(2023, 10, 12).AddDays(8 * i))).ToList();
        var images = new List<(StackEntry, float[])>();
        foreach (int orbit in new[] { 87, 160 })
        {
            foreach (var pol in new[] { Polarisation.VV, Polarisation.VH })
            {
                foreach (var date in dates)
                {
                    var data = new float[grid.CellCount];
                    for (int c = 0; c < data.Length; c++)
                    {
                        double mean = date > Event && c % width < width / 3 ? 0.1 : 0.3;
                        data[c] = rng.NextDouble() < 0.01 ? float.NaN : (float)(mean * rng.NextGamma(4.5, 1 / 4.5));
                    }

                    if (orbit == 160 && pol == Polarisation.VH && date == dates[7])
                    {
                        data.AsSpan(5 * width, width).Fill(float.NaN);
                    }

                    string name = $"s1_{orbit}_{pol}_{date:yyyyMMdd}.tif";
                    GeoTiffWriter.Write(Path.Combine(_dir, name), new Raster<float>(grid, data), new GeoTiffWriteOptions { TileSize = tileSize, Predictor = predictor });
                    images.Add((new StackEntry(name, date, orbit, pol), data));
                }
            }
        }

        string manifest = Path.Combine(_dir, "stack.csv");
        File.WriteAllText(manifest, StackManifest.Format(images.Select(i => i.Item1).ToList()));
        return (ImageStack.Open(manifest).Value, images);
    }

    /// <summary>The raw statistic for one inference date, pixel by pixel in double precision.</summary>
    private static float[] RawByHand(List<(StackEntry Entry, float[] Values)> images, int width, int height, DateOnly inference, PwttOptions o)
    {
        var logged = images.Select(i =>
        {
            var output = new float[width * height];
            LeeFilter.Apply(i.Values, output, width, height, o.LeeWindow, o.LeeEta, log: true);
            return (i.Entry, Values: output);
        }).ToList();
        var raw = new float[width * height];
        for (int c = 0; c < raw.Length; c++)
        {
            double best = double.NaN;
            foreach (var pol in logged.Select(i => i.Entry.Polarisation).Distinct())
            {
                var t = new List<double>();
                var df = new List<double>();
                foreach (int orbit in logged.Select(i => i.Entry.Orbit).Distinct())
                {
                    var group = logged.Where(i => i.Entry.Orbit == orbit && i.Entry.Polarisation == pol).ToList();
                    var pre = group.Where(i => i.Entry.Date >= Event.AddMonths(-o.PreWindowMonths) && i.Entry.Date < Event)
                        .Select(i => (double)i.Values[c]).Where(v => !double.IsNaN(v)).ToList();
                    var post = group.Where(i => i.Entry.Date >= inference && i.Entry.Date < inference.AddMonths(o.PostWindowMonths))
                        .Select(i => (double)i.Values[c]).Where(v => !double.IsNaN(v)).ToList();
                    if (pre.Count < o.MinPreValues || post.Count < o.MinPostValues)
                    {
                        continue;
                    }

                    var (tt, dd) = WelchT.FromSums(pre.Count, pre.Sum(), pre.Sum(v => v * v), post.Count, post.Sum(), post.Sum(v => v * v));
                    t.Add(tt);
                    df.Add(dd);
                }

                double z = Math.Abs(WelchT.Stouffer([.. t], [.. df]));
                if (!double.IsNaN(z) && (double.IsNaN(best) || z > best))
                {
                    best = z;
                }
            }

            raw[c] = (float)best;
        }

        return raw;
    }

    [Theory]
    [InlineData(37, 45, null, 3)]
    [InlineData(37, 45, 16, 3)]
    [InlineData(21, 50, 16, 5)]
    [InlineData(9, 70, null, 7)]
    [InlineData(5, 40, null, 3)]
    [InlineData(37, 200, 64, 3)]
    public void Every_pixel_of_t_matches_the_method_computed_pixel_by_pixel(int width, int height, int? tileSize, int leeWindow)
    {
        var (stack, images) = Stack(width, height, tileSize);
        var options = new PwttOptions { LeeWindow = leeWindow };

        var run = PwttEngine.Run(stack, Event, Inference, options);

        Assert.True(run.Succeeded, run.Problem?.Message);
        var median = CircularKernel.FromMetres(options.MedianRadiusMetres, 10);
        var kernels = options.ConvolutionRadiiMetres.Select(r => CircularKernel.FromMetres(r, 10)).ToList();
        for (int k = 0; k < Inference.Length; k++)
        {
            var t10 = FocalMedian.Apply(RawByHand(images, width, height, Inference[k], options), width, height, median);
            var sum = CircularMean.SumOfMeans(t10, width, height, kernels);
            var actual = run.Value.Maps[k].T.Data;
            Assert.Equal(Inference[k], run.Value.Maps[k].Inference);
            for (int c = 0; c < t10.Length; c++)
            {
                double expected = (sum[c] + t10[c]) / (1 + kernels.Count);
                if (float.IsNaN(t10[c]))
                {
                    Assert.True(float.IsNaN(actual[c]), $"date {k} pixel {c % width},{c / width} should be untested");
                }
                else
                {
                    // Single against double precision: sums of squares of logs lose a few digits.
                    Assert.True(Math.Abs(expected - actual[c]) <= 5e-4 * Math.Max(1, Math.Abs(expected)), $"date {k} pixel {c % width},{c / width}: expected {expected:F5}, got {actual[c]:F5}");
                }
            }
        }
    }

    [Fact]
    public void Tiles_taller_than_a_band_are_decoded_about_once_each_not_once_per_band()
    {
        // 37 x 512 cells in 128-row DEFLATE tiles with the floating-point predictor, as products are laid out:
        // 4 tile rows, 16 bands of 32 rows. One decode per band would be at least 16 per image.
        var (stack, images) = Stack(37, 512, tileSize: 128, GeoTiffPredictor.FloatingPoint);

        var run = PwttEngine.Run(stack, Event, [Inference[0]]).Value;

        Assert.Equal(40, images.Count);
        Assert.InRange(run.BlocksDecoded, 40 * 4, 40 * 2 * 4);
    }

    [Fact]
    public void The_changed_third_scores_above_the_threshold_and_the_rest_below()
    {
        var (stack, _) = Stack(37, 45, tileSize: 16);

        var t = PwttEngine.Run(stack, Event, Inference).Value.Maps[0].T;

        double changed = Enumerable.Range(5, 35).Average(y => t[4, y]);
        double stable = Enumerable.Range(5, 35).Average(y => t[30, y]);
        Assert.True(changed > 3.3, $"changed {changed:F2}");
        Assert.True(stable < 3.3, $"stable {stable:F2}");
    }
}
