using System.Globalization;
using System.Text;
using System.Text.Json;
using Haven.Cli.Tests.Support;
using Haven.Damage.Stacks.Products;
using Haven.Damage.Timeline;
using Haven.Geo.Crs;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;
using Haven.Workflows.Assessments;

namespace Haven.Cli.Tests.Commands;

/// <summary>
/// A folder of real OPERA RTC-S1 files, as downloaded, through `haven stack build` and `haven assess --stack FOLDER`.
/// The buildings and the area are synthetic (squares laid out here over the burst crop in Papua New Guinea); the
/// radar is real. All its dates precede the May 2024 landslide, so the "event" here is only a split of the dates.
/// </summary>
public sealed class ProductFolderCommandTests : CliTest
{
    private static string Samples => Path.Combine(ReferenceData.S1Samples!, "opera_rtc_s1_png_T009");

    [ReferenceFact]
    public async Task Assess_takes_a_folder_of_real_opera_files_aligns_them_on_the_utm_grid_of_the_buildings_and_explains_what_it_skipped()
    {
        var (buildings, areas) = Layers();
        string output = Path.Combine(Dir, "out");

        var (code, said) = await CapturedHaven.RunAsync(Time, "assess", "--stack", Samples, "--event", "2024-04-01", "--inference", "2024-04-02",
            "--post-months", "2", "--buildings", buildings, "--areas", areas, "--out", output,
            "--cache", Path.Combine(Dir, "cache"), "--db", Path.Combine(Dir, "haven.db"));

        Assert.True(code == 0, said);
        Assert.Contains("skipped T009_019294_IW2_cropped_tv/OPERA_L2_RTC-S1_T009-019294-IW2_20240123T084748Z_20240123T162136Z_S1A_30_v1.0_VH_tv_cropped.tif: the same acquisition as", said, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var root = summary.RootElement;
        var grid = root.GetProperty("grid");
        Assert.Equal(32754, grid.GetProperty("epsg").GetInt32());
        Assert.Equal(30, grid.GetProperty("pixel_size").GetDouble());
        var stack = root.GetProperty("stack");
        var images = stack.GetProperty("images").EnumerateArray().ToList();
        // Ten dates, VH from the raw crop and VV from the despeckled one (the despeckled VH repeats the raw VH).
        Assert.Equal(20, images.Count);
        Assert.All(images, i => Assert.Equal(9, i.GetProperty("track").GetInt32()));
        Assert.All(images, i => Assert.Equal("bilinear", i.GetProperty("resampling").GetString()));
        Assert.All(images, i => Assert.InRange(i.GetProperty("coverage").GetDouble(), 0.9, 1.0));
        var skipped = stack.GetProperty("skipped").EnumerateArray().Select(s => (Path.GetFileName(s.GetProperty("path").GetString()!), s.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal(12, skipped.Count);
        Assert.Equal(10, skipped.Count(s => s.Item1.EndsWith("_VH_tv_cropped.tif", StringComparison.Ordinal) && s.Item2.StartsWith("the same acquisition as", StringComparison.Ordinal)));
        Assert.Contains(("README.txt", "not a GeoTIFF image (metadata, browse image or other file)"), skipped);
        // The inputs recorded are the products as downloaded, each with its digest.
        var inputs = root.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(20, inputs.Count(i => i.GetProperty("role").GetString()!.StartsWith("OPERA RTC-S1 image", StringComparison.Ordinal)));
        Assert.All(root.GetProperty("windows").EnumerateArray(), w => Assert.Equal((6, 4, true), (w.GetProperty("pre_images").GetInt32(), w.GetProperty("post_images")[0].GetInt32(), w.GetProperty("used").GetBoolean())));
        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("aria-label=\"Share of the analysis grid each radar image covers\"", report, StringComparison.Ordinal);
        Assert.Equal(20, CoverageBars(report)); // one bar per aligned image
        Assert.Contains("12 file(s) not used", report, StringComparison.Ordinal);
        Assert.True(root.GetProperty("buildings").GetProperty("scored").GetInt32() >= 50, root.GetProperty("buildings").ToString() + root.GetProperty("warnings").ToString());
    }

    [ReferenceFact]
    public async Task Buildings_over_the_real_crops_no_data_are_written_stored_and_mapped_as_unknown_never_as_intact()
    {
        // Synthetic squares every 500 m over the whole crop: the real images have no data (NaN) over much of it.
        var (buildings, areas) = Layers(757_000, 767_000, 9_402_200, 9_409_200, 500);
        string output = Path.Combine(Dir, "out"), db = Path.Combine(Dir, "haven.db");

        var (code, said) = await CapturedHaven.RunAsync(Time, "assess", "--stack", Samples, "--event", "2024-04-01", "--inference", "2024-04-02",
            "--post-months", "2", "--buildings", buildings, "--areas", areas, "--out", output, "--cache", Path.Combine(Dir, "cache"), "--db", db);

        Assert.True(code == 0, said);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "buildings.geojson")));
        var properties = written.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var unscored = properties.Where(p => p.GetProperty("score").ValueKind == JsonValueKind.Null).ToList();
        var scored = properties.Where(p => p.GetProperty("score").ValueKind == JsonValueKind.Number).ToList();
        Assert.NotEmpty(unscored);
        Assert.NotEmpty(scored);
        Assert.All(unscored, p => Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, "nodata"),
            (p.GetProperty("damaged").ValueKind, p.GetProperty("damaged_20240402").ValueKind, p.GetProperty("flags").GetString())));
        Assert.All(scored, p => Assert.True(p.GetProperty("damaged").ValueKind is JsonValueKind.True or JsonValueKind.False));
        // The area counts as assessed exactly the buildings with a call.
        string[] row = File.ReadAllLines(Path.Combine(output, "areas.csv"))[2].Split(',');
        Assert.Equal((properties.Count, scored.Count), (int.Parse(row[3], CultureInfo.InvariantCulture), int.Parse(row[4], CultureInfo.InvariantCulture)));
        Assert.Matches($@"Synthetic area \(PG-SYN\)\s*│\s*2024-04-02\s*│\s*{properties.Count}\s*│\s*{scored.Count}\s*│", said);
        // The store's time line, which the map, its tiles and planning read: not assessed where there was no data.
        var (_, timeline) = await new Haven.Storage.Sqlite.SqliteStore(db).GetNewestDamageAsync();
        var asOf = new DateOnly(2024, 5, 1);
        Assert.All(unscored, p => Assert.Equal(DamageState.NotAssessed, timeline.StateOn(p.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture), asOf)));
        Assert.All(scored, p => Assert.Equal(p.GetProperty("damaged").GetBoolean() ? DamageState.Damaged : DamageState.Intact,
            timeline.StateOn(p.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture), asOf)));
    }

    [ReferenceFact]
    public async Task Buildings_under_the_layover_of_opera_masks_beside_the_real_images_are_unknown_and_every_other_building_is_called_as_without_masks()
    {
        // The real VH images, copied to a folder of this test, first alone and then each with a synthetic mask of its
        // product that calls layover every cell west of x = 762,000 (OPERA's coding: 2).
        string folder = Directory.CreateDirectory(Path.Combine(Dir, "opera")).FullName;
        var images = Directory.GetFiles(Path.Combine(Samples, "T009_019294_IW2_cropped"), "*_VH_cropped.tif");
        foreach (string image in images)
        {
            File.Copy(image, Path.Combine(folder, Path.GetFileName(image)));
        }

        var (buildings, areas) = Layers();
        const double edge = 762_000;
        var before = await Calls("before");
        foreach (string image in images)
        {
            using var file = GeoTiffFile.Open(image).Value;
            var grid = file.Info.Grid;
            var mask = new byte[grid.CellCount];
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = grid.CellCenter(i % grid.Width, i / grid.Width).X < edge ? (byte)2 : (byte)0;
            }

            GeoTiffWriter.Write(Path.Combine(folder, ProductNames.OperaMaskName(image)!), grid, [mask], 255,
                new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, TileSize = 512 });
        }

        var after = await Calls("after");

        // Squares west of the edge (x + 10 <= 761,910) and east of it (x >= 762,000); the layers put one every 100 m from 761,500.
        var west = before.Calls.Keys.Where(id => before.West.Contains(id)).ToList();
        var east = before.Calls.Keys.Where(id => !before.West.Contains(id)).ToList();
        Assert.Contains(west, id => before.Calls[id] is not null);
        Assert.All(west, id => Assert.Equal((null, "nodata"), (after.Calls[id], after.Flags[id])));
        Assert.Equal(east.Select(id => before.Calls[id] is null), east.Select(id => after.Calls[id] is null));
        Assert.Contains(east, id => after.Calls[id] is not null);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "after", "summary.json")));
        var root = summary.RootElement;
        Assert.All(root.GetProperty("stack").GetProperty("images").EnumerateArray(), i => Assert.InRange(i.GetProperty("masked").GetDouble(), 0.05, 0.95));
        Assert.Equal(images.Length, root.GetProperty("inputs").EnumerateArray().Count(i => i.GetProperty("role").GetString()!.StartsWith("OPERA RTC-S1 layover/shadow mask of", StringComparison.Ordinal)));
        Assert.Contains($"{images.Length} OPERA RTC-S1 image(s) came with their product's layover/shadow mask", after.Said, StringComparison.Ordinal);

        async Task<(Dictionary<int, bool?> Calls, Dictionary<int, string?> Flags, HashSet<int> West, string Said)> Calls(string name)
        {
            string output = Path.Combine(Dir, name);
            var (code, said) = await CapturedHaven.RunAsync(Time, "assess", "--stack", folder, "--event", "2024-04-01", "--inference", "2024-04-02",
                "--post-months", "2", "--buildings", buildings, "--areas", areas, "--out", output,
                "--cache", Path.Combine(Dir, "cache"), "--db", Path.Combine(Dir, name + ".db"));
            Assert.True(code == 0, said);
            using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "buildings.geojson")));
            var calls = new Dictionary<int, bool?>();
            var flags = new Dictionary<int, string?>();
            var westIds = new HashSet<int>();
            var utm = new UtmProjection(32754);
            foreach (var f in written.RootElement.GetProperty("features").EnumerateArray())
            {
                var p = f.GetProperty("properties");
                int id = p.GetProperty("id").GetInt32();
                calls[id] = p.GetProperty("damaged").ValueKind == JsonValueKind.Null ? null : p.GetProperty("damaged").GetBoolean();
                flags[id] = p.GetProperty("flags").GetString();
                var corner = f.GetProperty("geometry").GetProperty("coordinates")[0][1];
                if (utm.FromWgs84(corner[0].GetDouble(), corner[1].GetDouble()).Easting < edge - 50)
                {
                    westIds.Add(id);
                }
            }

            return (calls, flags, westIds, said);
        }
    }

    [ReferenceFact]
    public async Task Stack_build_writes_the_aligned_images_and_a_manifest_whose_cells_equal_the_opera_cells_on_the_same_30_m_lattice()
    {
        var (buildings, _) = Layers();
        string output = Path.Combine(Dir, "stack");

        var (code, said) = await CapturedHaven.RunAsync(Time, "stack", "build", Path.Combine(Samples, "T009_019294_IW2_cropped"), "--buildings", buildings, "--out", output);

        Assert.True(code == 0, said);
        var manifest = File.ReadAllLines(Path.Combine(output, "stack.csv"));
        Assert.Equal("path,date,orbit,polarisation", manifest[0]);
        Assert.Equal("20240123_T009_VH.tif,2024-01-23,9,VH", manifest[1]);
        Assert.Equal(11, manifest.Length);
        // OPERA grids sit on multiples of 30 m, and so does Haven's: a cell's value is the product's own.
        using var aligned = Haven_Geo.Open(Path.Combine(output, "20240311_T009_VH.tif"));
        using var original = Haven_Geo.Open(Directory.GetFiles(Path.Combine(Samples, "T009_019294_IW2_cropped"), "*20240311T*").Single());
        var g = aligned.Info.Grid;
        Assert.Equal(0, g.Transform.OriginX % 30, 9);
        Assert.Equal(0, g.Transform.OriginY % 30, 9);
        var (x, y) = g.CellCenter(g.Width / 2, g.Height / 2);
        var (c, r) = original.Info.Grid.Transform.ToPixel(x, y);
        float expected = original.ReadWindow<float>(1, new RasterWindow((int)c, (int)r, 1, 1)).Value[0];
        float actual = aligned.ReadWindow<float>(1, new RasterWindow(g.Width / 2, g.Height / 2, 1, 1)).Value[0];
        Assert.Equal(expected, actual);
    }

    [ReferenceFact]
    public async Task Stack_build_over_the_whole_real_crop_leaves_out_the_images_under_the_coverage_floor_and_says_which()
    {
        // Over the whole crop and its margin, the real VV images cover about 16% of the grid and the VH ones about 33%.
        var (buildings, _) = Layers(757_000, 767_000, 9_402_200, 9_409_200, 500);
        string output = Path.Combine(Dir, "stack");

        var (code, said) = await CapturedHaven.RunAsync(Time, "stack", "build", Samples, "--buildings", buildings, "--out", output, "--min-coverage", "0.25");

        Assert.True(code == 0, said);
        var images = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "alignment.json"))).RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(20, images.Count);
        Assert.All(images, i => Assert.Equal((i.GetProperty("polarisation").GetString() == "VV", i.GetProperty("coverage").GetDouble() < 0.25),
            (i.GetProperty("dropped").GetBoolean(), i.GetProperty("dropped").GetBoolean())));
        Assert.Equal(10, said.Split("no: under the floor").Length - 1);
        var manifest = File.ReadAllLines(Path.Combine(output, "stack.csv"));
        Assert.Equal(11, manifest.Length);
        Assert.All(manifest.Skip(1), row => Assert.EndsWith(",VH", row, StringComparison.Ordinal));
    }

    [ReferenceFact]
    public async Task Stack_build_where_every_real_image_is_under_the_coverage_floor_exits_2_names_the_best_and_writes_nothing()
    {
        var (buildings, _) = Layers(757_000, 767_000, 9_402_200, 9_409_200, 500);
        string output = Path.Combine(Dir, "stack");

        var (code, said) = await CapturedHaven.RunAsync(Time, "stack", "build", Samples, "--buildings", buildings, "--out", output, "--min-coverage", "0.6");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Matches(@"every aligned image covers less of the grid than the coverage floor \(60 ?%\); the most, 2024-\d\d-\d\d track 9 VH, covers 3\d\.\d ?%", said.ReplaceLineEndings(" "));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_folder_with_no_product_exits_2_and_lists_the_files_it_skipped()
    {
        string folder = Directory.CreateDirectory(Path.Combine(Dir, "empty")).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not radar");
        File.WriteAllText(Path.Combine(Dir, "aoi.geojson"), """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[34.4,31.5],[34.41,31.5],[34.41,31.51],[34.4,31.51],[34.4,31.5]]]}}]}""");
        var (code, said) = await CapturedHaven.RunAsync(Time, "stack", "build", folder, "--aoi", Path.Combine(Dir, "aoi.geojson"), "--out", Path.Combine(Dir, "never"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no usable Sentinel-1 image", said, StringComparison.Ordinal);
        Assert.Contains("notes.txt: not a GeoTIFF image", said, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Dir, "never")));
    }

    /// <summary>The bars of the report's coverage chart.</summary>
    private static int CoverageBars(string report)
    {
        int start = report.IndexOf("aria-label=\"Share of the analysis grid", StringComparison.Ordinal);
        int end = report.IndexOf("</svg>", start, StringComparison.Ordinal);
        return report[start..end].Split("<rect x=").Length - 1;
    }

    /// <summary>Synthetic: 10 m squares every 100 m over the well-covered middle of the crop, and one area around them.</summary>
    private (string Buildings, string Areas) Layers() => Layers(761_500, 762_500, 9_404_600, 9_406_400, 100);

    /// <summary>Synthetic: 10 m squares every <paramref name="step"/> metres over a UTM 54S box, and one area around them.</summary>
    private (string Buildings, string Areas) Layers(double minX, double maxX, double minY, double maxY, double step)
    {
        var utm = new UtmProjection(32754);
        var features = new List<string>();
        int id = 0;
        for (double x = minX; x <= maxX; x += step)
        {
            for (double y = minY; y <= maxY; y += step)
            {
                features.Add($$$"""{"type":"Feature","properties":{"id":{{{id++}}}},"geometry":{"type":"Polygon","coordinates":[{{{Ring(utm, x, y, x + 10, y + 10)}}}]}}""");
            }
        }

        string buildings = Path.Combine(Dir, "buildings.geojson");
        File.WriteAllText(buildings, $$$"""{"type":"FeatureCollection","features":[{{{string.Join(",", features)}}}]}""", Encoding.UTF8);
        string areas = Path.Combine(Dir, "areas.geojson");
        File.WriteAllText(areas, $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pcode":"PG-SYN","name":"Synthetic area"},"geometry":{"type":"Polygon","coordinates":[{{{Ring(utm, minX - 100, minY - 100, maxX + 200, maxY + 100)}}}]}}]}""", Encoding.UTF8);
        return (buildings, areas);
    }

    private static string Ring(UtmProjection utm, double x0, double y0, double x1, double y1)
    {
        var corners = new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }.Select(p => utm.ToWgs84(p.Item1, p.Item2));
        return "[" + string.Join(",", corners.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.Longitude:F7},{c.Latitude:F7}]"))) + "]";
    }

    private static class Haven_Geo
    {
        public static GeoTiffFile Open(string path) => GeoTiffFile.Open(path).Value;
    }
}
