using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Stacks;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Tests.Stacks;

/// <summary>Bad stacks get clear problems; odd pixels and buildings are handled, not crashed on. Synthetic tiny rasters.</summary>
public sealed class ImageStackTests : IDisposable
{
    private static readonly RasterGrid Grid = new(40, 30, GeoTransform.NorthUp(580_000, 3_470_300, 10, 10), 32636);
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-stack-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a stack of gamma-speckled images of mean 0.3, dropping to 0.1 in the left half after the event.</summary>
    private string Stack(int preDates = 6, int postDates = 3, RasterGrid? oddGrid = null, Action<float[], DateOnly>? tamper = null)
    {
        var rng = new DeterministicRandom(1);
        var lines = new List<string> { StackManifest.Header };
        var start = new DateOnly(2023, 6, 1);
        for (int i = 0; i < preDates + postDates; i++)
        {
            var date = i < preDates ? start.AddDays(12 * i) : new DateOnly(2023, 10, 10).AddDays(12 * (i - preDates));
            var grid = oddGrid is not null && i == 2 ? oddGrid : Grid;
            var data = new float[grid.CellCount];
            for (int c = 0; c < data.Length; c++)
            {
                double mean = i >= preDates && c % grid.Width < grid.Width / 2 ? 0.1 : 0.3;
                data[c] = (float)(mean * rng.NextGamma(4.5, 1 / 4.5));
            }

            tamper?.Invoke(data, date);
            string name = $"img{i}.tif";
            GeoTiffWriter.Write(Path.Combine(_dir, name), new Raster<float>(grid, data));
            lines.Add($"{name},{date:yyyy-MM-dd},87,VV");
        }

        string manifest = Path.Combine(_dir, "stack.csv");
        File.WriteAllLines(manifest, lines);
        return manifest;
    }

    [Fact]
    public void Images_on_different_grids_are_refused_naming_both_files()
    {
        var shifted = Grid with { Transform = GeoTransform.NorthUp(580_005, 3_470_300, 10, 10) };

        var open = ImageStack.Open(Stack(oddGrid: shifted));

        Assert.Equal("stack.grid_mismatch", open.Problem!.Code);
        Assert.Contains("img2.tif", open.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("img0.tif", open.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_image_is_refused_naming_it()
    {
        string manifest = Stack();
        File.Delete(Path.Combine(_dir, "img4.tif"));

        var open = ImageStack.Open(manifest);

        Assert.Equal("stack.image", open.Problem!.Code);
        Assert.Contains("img4.tif", open.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_polarisation_is_refused_naming_the_line()
    {
        string manifest = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(manifest, "path,date,orbit,polarisation\nimg0.tif,2023-06-01,87,HV\n");

        var open = ImageStack.Open(manifest);

        Assert.Equal("stack.polarisation", open.Problem!.Code);
        Assert.Contains("bad.csv line 2", open.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_dates_in_a_window_are_refused_naming_the_window_and_the_count()
    {
        var stack = ImageStack.Open(Stack(preDates: 2)).Value;

        var run = PwttEngine.Run(stack, new DateOnly(2023, 10, 7), [new DateOnly(2023, 10, 10)]);

        Assert.Equal("pwtt.too_few_dates", run.Problem!.Code);
        Assert.Contains("pre window 2022-10-07..2023-10-06 has 2 image(s) (needs 3)", run.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_changed_half_scores_high_and_nan_or_nodata_pixels_become_nodata_in_t()
    {
        var stack = ImageStack.Open(Stack(tamper: (data, _) => data[15 * 40 + 30] = float.NaN)).Value;

        var map = PwttEngine.Run(stack, new DateOnly(2023, 10, 7), [new DateOnly(2023, 10, 10)]).Value.Maps[0].T;

        Assert.True(float.IsNaN(map[30, 15]));
        double changed = Enumerable.Range(0, 30).Average(r => map[5, r]);
        double stable = Enumerable.Range(0, 30).Where(r => r != 15).Average(r => map[35, r]);
        Assert.True(changed > 3.3, $"changed {changed:F2}");
        Assert.True(stable < changed / 2, $"stable {stable:F2}");
    }

    [Fact]
    public void A_building_outside_the_raster_is_flagged_and_not_scored()
    {
        var stack = ImageStack.Open(Stack()).Value;
        var map = PwttEngine.Run(stack, new DateOnly(2023, 10, 7), [new DateOnly(2023, 10, 10)]).Value.Maps[0].T;
        var f = new GeometryFactory();
        var inside = new Footprint("1", f.ToGeometry(new Envelope(580_020, 580_040, 3_470_100, 3_470_120)), 400);
        var outside = new Footprint("2", f.ToGeometry(new Envelope(590_000, 590_020, 3_470_100, 3_470_120)), 400);
        var edge = new Footprint("3", f.ToGeometry(new Envelope(579_990, 580_010, 3_470_100, 3_470_102)), 40);

        var scores = new BuildingScorer([inside, outside, edge], map.Grid).Score(map, 3.3, 50);

        Assert.True(scores[0].Scored && scores[0].Damaged);
        Assert.False(scores[1].Scored);
        Assert.Equal(BuildingFlags.Outside, scores[1].Flags);
        Assert.Equal(BuildingFlags.Small | BuildingFlags.PartlyOutside, scores[2].Flags);
        Assert.Equal(0.5, scores[2].Coverage, 6);
    }
}
