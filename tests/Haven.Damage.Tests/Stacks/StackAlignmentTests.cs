using System.Globalization;
using Haven.Damage.Stacks;
using Haven.Damage.Stacks.Products;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Rasters.Warping;
using Haven.Geo.Tests.Support;

namespace Haven.Damage.Tests.Stacks;

/// <summary>
/// Products put on one grid, checked against gdalwarp doing the same job: the real GAMMA scene (dB, nodata -99)
/// into the next UTM zone, and synthetic bursts (made here) across two zones, overlapping, at half coverage and
/// at a coarser cell size.
/// </summary>
public sealed class StackAlignmentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-align-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void The_real_db_scene_found_in_its_folder_and_reprojected_into_the_next_utm_zone_matches_gdalwarp_bilinear_on_its_linear_values()
    {
        Skip.If(ReferenceData.S1Samples is null, ReferenceData.NoS1Samples);
        Skip.IfNot(Gdal.Installed, "GDAL (gdalinfo) is not installed; .ci/run installs Debian's gdal-bin.");
        // The folder as it lies: the pyroSAR name says VV, in dB; nothing was told by hand.
        var scan = ProductFolder.Scan(Path.Combine(ReferenceData.S1Samples!, "pyrosar_geocoded_db")).Value;
        var product = Assert.Single(scan.Products);
        string scene = product.Path;
        var grid = StackAlignment.GridFor((4.495, 43.580, 4.545, 43.608), [(product, GeoTiffFile.Open(scene).Value.Info)],
            new AlignmentOptions { Epsg = 32632, MarginMetres = 0 }).Value;

        var aligned = StackAlignment.Write(scan, grid, Path.Combine(_dir, "aligned"), AlignmentOptions.Default).Value;

        // GDAL's reference: the scene in linear power (converted here, -99 and zeros to NaN), warped by gdalwarp with an exact transformer.
        using var source = GeoTiffFile.Open(scene).Value;
        var linear = source.ReadWindow<float>(1, RasterWindow.Full(source.Info.Grid)).Value;
        RadarValues.ToLinear(linear, RadarScale.Db, -99);
        Assert.Equal(MathF.Pow(10, source.ReadWindow<float>(1, new RasterWindow(134, 108, 1, 1)).Value[0] / 10), linear[108 * 268 + 134], 6);
        string linearPath = Path.Combine(_dir, "linear.tif");
        GeoTiffWriter.Write(linearPath, source.Info.Grid, [linear], double.NaN, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        var expected = Warped(linearPath, grid, "bilinear");
        var image = Assert.Single(aligned.Images);
        Assert.Equal(Resampling.Bilinear, image.Resampling);
        var actual = Read(Path.Combine(aligned.Folder, image.File!));

        Compare(expected, actual, relative: 1e-4, mismatchedEdges: 0.002);
        Assert.Equal(actual.Count(float.IsFinite) / (double)actual.Length, image.Coverage, 9);
    }

    [GdalFact]
    public void Bursts_of_one_date_in_two_utm_zones_and_overlapping_are_mosaicked_as_gdalwarp_mosaics_them()
    {
        // Two synthetic bursts of one pass: the first in zone 36N, the second in zone 35N, overlapping by a third.
        string a = Path.Combine(_dir, "in", "burst1.tif");
        string b = Path.Combine(_dir, "in", "burst2.tif");
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        Field(a, new RasterGrid(120, 90, GeoTransform.NorthUp(255_000, 3_500_000, 10, 10), 32636), seed: 1);
        var (x35, y35) = new Haven.Geo.Crs.UtmProjection(32635).FromWgs84(new Haven.Geo.Crs.UtmProjection(32636).ToWgs84(255_800, 3_499_700).Longitude,
            new Haven.Geo.Crs.UtmProjection(32636).ToWgs84(255_800, 3_499_700).Latitude);
        Field(b, new RasterGrid(120, 90, GeoTransform.NorthUp(Math.Round(x35), Math.Round(y35), 10, 10), 32635), seed: 2);
        var when = new DateTimeOffset(2023, 10, 20, 15, 42, 0, TimeSpan.Zero);
        var scan = new ProductScan(
            [new RadarProduct(a, "test", when, Polarisation.VV, RadarScale.Linear, 160, "test"),
             new RadarProduct(b, "test", when.AddSeconds(3), Polarisation.VV, RadarScale.Linear, 160, "test")], [], []);
        var grid = new RasterGrid(160, 110, GeoTransform.NorthUp(255_100, 3_499_900, 10, 10), 32636);

        var aligned = StackAlignment.Write(scan, grid, Path.Combine(_dir, "aligned"), AlignmentOptions.Default).Value;

        var image = Assert.Single(aligned.Images);
        Assert.Equal([a, b], image.Sources);
        var expected = Warped([a, b], grid, "bilinear");
        var actual = Read(Path.Combine(aligned.Folder, image.File!));
        Compare(expected, actual, relative: 1e-6, mismatchedEdges: 0.01);
        Assert.True(image.Coverage is > 0.6 and < 0.999, image.Coverage.ToString(CultureInfo.InvariantCulture));
    }

    [GdalFact]
    public void A_grid_three_times_coarser_averages_the_cells_under_each_target_cell_as_gdalwarp_average_does()
    {
        string a = Path.Combine(_dir, "fine.tif");
        var fine = new RasterGrid(90, 60, GeoTransform.NorthUp(300_000, 3_500_000, 10, 10), 32636);
        var values = Field(a, fine, seed: 3, holes: true);
        var scan = new ProductScan([new RadarProduct(a, "test", DateTimeOffset.UnixEpoch, Polarisation.VH, RadarScale.Linear, 1, "test")], [], []);
        var grid = new RasterGrid(30, 20, GeoTransform.NorthUp(300_000, 3_500_000, 30, 30), 32636);

        var aligned = StackAlignment.Write(scan, grid, Path.Combine(_dir, "aligned"), AlignmentOptions.Default).Value;

        var image = Assert.Single(aligned.Images);
        Assert.Equal(Resampling.Average, image.Resampling);
        var actual = Read(Path.Combine(aligned.Folder, image.File!));
        Compare(Warped(a, grid, "average"), actual, relative: 1e-6, mismatchedEdges: 0);
        // And by hand: the first cell is the mean of the valid cells of the top-left 3 x 3.
        var block = new[] { 0, 1, 2, 90, 91, 92, 180, 181, 182 }.Select(i => values[i]).Where(float.IsFinite).ToList();
        Assert.Equal(block.Average(v => (double)v), actual[0], 4);
    }

    [Fact]
    public void A_date_covering_half_the_grid_reports_its_share_and_under_the_floor_is_dropped_from_the_manifest_with_a_warning()
    {
        var grid = new RasterGrid(40, 40, GeoTransform.NorthUp(400_000, 3_500_000, 10, 10), 32636);
        string full = Path.Combine(_dir, "full.tif");
        string half = Path.Combine(_dir, "half.tif");
        Field(full, grid, seed: 4);
        Field(half, grid with { Width = 20 }, seed: 5);
        var scan = new ProductScan(
            [Vv(full, new DateTimeOffset(2023, 1, 1, 4, 0, 0, TimeSpan.Zero)),
             Vv(half, new DateTimeOffset(2023, 1, 13, 4, 0, 0, TimeSpan.Zero))], [], []);

        var kept = StackAlignment.Write(scan, grid, Path.Combine(_dir, "kept"), new AlignmentOptions { MinCoverage = 0.4 }).Value;
        var dropped = StackAlignment.Write(scan, grid, Path.Combine(_dir, "dropped"), new AlignmentOptions { MinCoverage = 0.6 }).Value;

        Assert.Equal([1.0, 0.5], kept.Images.Select(i => i.Coverage));
        Assert.Equal(3, File.ReadAllLines(kept.Manifest).Length);
        Assert.True(dropped.Images[1].Dropped);
        Assert.Null(dropped.Images[1].File);
        Assert.Equal(["path,date,orbit,polarisation", "20230101_T007_VV.tif,2023-01-01,7,VV"], File.ReadAllLines(dropped.Manifest));
        Assert.Equal(["2023-01-13 track 7 VV: covers 50% of the grid, under the floor; left out"], dropped.Warnings);
    }

    [Fact]
    public void The_cache_is_reused_for_the_same_inputs_and_grid_and_rebuilt_when_an_input_changes()
    {
        var grid = new RasterGrid(20, 20, GeoTransform.NorthUp(400_000, 3_500_000, 10, 10), 32636);
        string image = Path.Combine(_dir, "one.tif");
        Field(image, grid, seed: 6);
        var scan = new ProductScan([Vv(image, DateTimeOffset.UnixEpoch)], [], []);
        string cache = Path.Combine(_dir, "cache");

        var first = StackAlignment.Cached(scan, grid, cache, AlignmentOptions.Default, new Dictionary<string, string> { [image] = "aa" }).Value;
        var second = StackAlignment.Cached(scan, grid, cache, AlignmentOptions.Default, new Dictionary<string, string> { [image] = "aa" }).Value;
        var changed = StackAlignment.Cached(scan, grid, cache, AlignmentOptions.Default, new Dictionary<string, string> { [image] = "bb" }).Value;

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Folder, second.Folder);
        Assert.Equal(first.Images, second.Images, (x, y) => x.File == y.File && x.Coverage == y.Coverage && x.Sources.SequenceEqual(y.Sources));
        Assert.False(changed.FromCache);
        Assert.NotEqual(first.Folder, changed.Folder);
        Assert.Equal(2, Directory.GetDirectories(cache).Length);
    }

    [Fact]
    public void A_product_with_a_damaged_tile_stops_the_alignment_naming_the_file_and_tile_once_and_writes_nothing()
    {
        var grid = new RasterGrid(64, 64, GeoTransform.NorthUp(400_000, 3_500_000, 10, 10), 32636);
        string good = Path.Combine(_dir, "good.tif");
        string bad = Path.Combine(_dir, "bad.tif");
        Field(good, grid, seed: 7);
        Field(bad, grid, seed: 8);
        byte[] bytes = File.ReadAllBytes(bad);
        long offset;
        using (var tif = BitMiracle.LibTiff.Classic.Tiff.Open(bad, "r"))
        {
            offset = tif.GetField(BitMiracle.LibTiff.Classic.TiffTag.TILEOFFSETS)[0].TolongArray()[0];
        }

        for (int i = 8; i < 200; i++)
        {
            bytes[offset + i] ^= 0x5A;
        }

        File.WriteAllBytes(bad, bytes);
        var scan = new ProductScan(
            [Vv(good, DateTimeOffset.UnixEpoch),
             Vv(bad, DateTimeOffset.UnixEpoch.AddDays(12))], [], []);
        string output = Path.Combine(_dir, "aligned");

        var aligned = StackAlignment.Write(scan, grid, output, AlignmentOptions.Default);

        Assert.Equal("geotiff.corrupt", aligned.Problem!.Code);
        Assert.StartsWith($"{bad}: tile 0 cannot be decoded", aligned.Problem.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(aligned.Problem.Message, System.Text.RegularExpressions.Regex.Escape(bad)));
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetDirectories(_dir));
    }

    [Fact]
    public void A_layover_shadow_mask_leaves_every_flagged_cell_without_data_and_every_other_cell_as_the_image_has_it()
    {
        var grid = new RasterGrid(40, 40, GeoTransform.NorthUp(400_000, 3_500_000, 10, 10), 32636);
        string image = Path.Combine(_dir, "image.tif");
        string maskPath = Path.Combine(_dir, "image_mask.tif");
        var values = Field(image, grid, seed: 9);
        // Synthetic mask in OPERA's coding: 0 valid, 1 shadow, 2 layover, 3 both, 255 invalid; a third of the cells flagged.
        byte[] codes = [0, 1, 0, 2, 0, 3, 255, 0, 0];
        var mask = Enumerable.Range(0, grid.CellCount).Select(i => codes[i % codes.Length]).ToArray();
        GeoTiffWriter.Write(maskPath, grid, [mask], 255, new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, TileSize = 16 });
        var product = Vv(image, DateTimeOffset.UnixEpoch, opera: maskPath);
        var scan = new ProductScan([product], [], []);

        var aligned = StackAlignment.Write(scan, grid, Path.Combine(_dir, "masked"), AlignmentOptions.Default).Value;

        var actual = Read(Path.Combine(aligned.Folder, aligned.Images[0].File!));
        for (int i = 0; i < grid.CellCount; i++)
        {
            Assert.True(mask[i] == 0 ? actual[i] == values[i] : float.IsNaN(actual[i]), $"cell {i}: mask {mask[i]}, image {values[i]}, aligned {actual[i]}");
        }

        int flagged = mask.Count(m => m != 0);
        Assert.Equal((double)flagged / grid.CellCount, aligned.Images[0].Masked!.Value, 12);
        Assert.Equal(1 - (double)flagged / grid.CellCount, aligned.Images[0].Coverage, 12);

        // The mask is part of the cache key: a changed mask makes a new aligned stack.
        string cache = Path.Combine(_dir, "cache");
        var first = StackAlignment.Cached(scan, grid, cache, AlignmentOptions.Default, new Dictionary<string, string> { [image] = "aa", [maskPath] = "m1" }).Value;
        var changed = StackAlignment.Cached(scan, grid, cache, AlignmentOptions.Default, new Dictionary<string, string> { [image] = "aa", [maskPath] = "m2" }).Value;
        Assert.NotEqual(first.Folder, changed.Folder);
    }

    [Fact]
    public void An_image_whose_mask_is_on_another_grid_is_skipped_naming_the_mask_and_both_grids()
    {
        var grid = new RasterGrid(20, 20, GeoTransform.NorthUp(400_000, 3_500_000, 10, 10), 32636);
        string image = Path.Combine(_dir, "image.tif");
        string maskPath = Path.Combine(_dir, "image_mask.tif");
        Field(image, grid, seed: 10);
        MaskOffGrid(maskPath, grid);
        var scan = new ProductScan([Vv(image, DateTimeOffset.UnixEpoch, opera: maskPath)], [], []);

        var (inputs, skipped) = StackAlignment.Inspect(scan);

        Assert.Empty(inputs);
        var s = Assert.Single(skipped);
        Assert.Equal(image, s.Path);
        Assert.Equal("its layover/shadow mask image_mask.tif is not on the image's grid (EPSG:32636 19x20 origin 400000,3500000 cell 10; expected EPSG:32636 20x20 origin 400000,3500000 cell 10), so it cannot say which cells to leave out", s.Reason);
    }

    [Fact]
    public void The_mask_note_counts_only_the_images_aligned_with_their_mask_not_one_skipped_for_a_mask_on_another_grid()
    {
        var grid = new RasterGrid(20, 20, GeoTransform.NorthUp(400_000, 3_500_000, 10, 10), 32636);
        string good = Path.Combine(_dir, "good.tif"), goodMask = Path.Combine(_dir, "good_mask.tif");
        string bad = Path.Combine(_dir, "bad.tif"), badMask = Path.Combine(_dir, "bad_mask.tif");
        Field(good, grid, seed: 1);
        Field(bad, grid, seed: 2);
        GeoTiffWriter.Write(goodMask, grid, [new byte[grid.CellCount]], 255, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        MaskOffGrid(badMask, grid);
        var scan = new ProductScan(
        [
            Vv(good, DateTimeOffset.UnixEpoch, opera: goodMask),
            Vv(bad, DateTimeOffset.UnixEpoch.AddDays(12), opera: badMask),
        ], [], []);

        var aligned = StackAlignment.Write(scan, grid, Path.Combine(_dir, "aligned"), AlignmentOptions.Default).Value;

        Assert.Equal(bad, Assert.Single(aligned.Skipped).Path);
        Assert.Equal("1 test image(s) came with their product's layover/shadow mask: the cells it flags (shadow, layover, or invalid) are left without data, so nothing there is assessed from those images.",
            Assert.Single(aligned.Notes));
    }

    /// <summary>A linear VV image of track 7 acquired at <paramref name="acquired"/>, with an OPERA-coded layover/shadow mask when given.</summary>
    private static RadarProduct Vv(string path, DateTimeOffset acquired, string? opera = null) =>
        new(path, "test", acquired, Polarisation.VV, RadarScale.Linear, 7, "test", Mask: opera is null ? null : new LayoverShadowMask(opera, MaskCoding.Opera));

    /// <summary>An all-valid mask one column narrower than <paramref name="grid"/>: on another grid than its image.</summary>
    private static void MaskOffGrid(string path, RasterGrid grid) =>
        GeoTiffWriter.Write(path, grid with { Width = grid.Width - 1 }, [new byte[(grid.Width - 1) * grid.Height]], 255, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });

    /// <summary>A smooth positive field with gentle texture (synthetic), so that interpolation differences stay small.</summary>
    private static float[] Field(string path, RasterGrid grid, int seed, bool holes = false)
    {
        var values = new float[grid.CellCount];
        for (int r = 0; r < grid.Height; r++)
        {
            for (int c = 0; c < grid.Width; c++)
            {
                var (x, y) = grid.CellCenter(c, r);
                values[r * grid.Width + c] = holes && (r * 7 + c * 3) % 11 == 0 ? float.NaN
                    : (float)(0.2 + 0.1 * Math.Sin(x / 170.0 + seed) * Math.Cos(y / 230.0) + 0.02 * seed);
            }
        }

        GeoTiffWriter.Write(path, grid, [values], double.NaN, new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = 64 });
        return values;
    }

    private float[] Warped(string source, RasterGrid grid, string method) => Warped([source], grid, method);

    private float[] Warped(string[] sources, RasterGrid grid, string method)
    {
        string output = Path.Combine(_dir, $"gdal-{Guid.NewGuid():N}.tif");
        var (minX, minY, maxX, maxY) = grid.Bounds;
        string[] args = ["-q", "-t_srs", $"EPSG:{grid.Epsg}", "-te", F(minX), F(minY), F(maxX), F(maxY), "-ts", F(grid.Width), F(grid.Height),
            "-r", method, "-et", "0", .. Scale(method), "-srcnodata", "nan", "-dstnodata", "nan", "-ot", "Float32", .. sources, output];
        Gdal.Run("gdalwarp", args);
        return Read(output);
    }

    /// <summary>
    /// gdalwarp widens its bilinear kernel when a target cell spans more than one source cell along an axis; across UTM
    /// zones the grid is turned a little, so its per-axis estimate drifts below 1 and the kernel widens. Haven interpolates
    /// bilinearly at equal cell sizes and averages only when the grid is coarser, so the comparison pins gdalwarp's scale to 1.
    /// </summary>
    private static string[] Scale(string method) => method == "bilinear" ? ["-wo", "XSCALE=1", "-wo", "YSCALE=1"] : [];

    private static float[] Read(string path)
    {
        using var file = GeoTiffFile.Open(path).Value;
        return file.ReadWindow<float>(1, RasterWindow.Full(file.Info.Grid)).Value;
    }

    /// <summary>Every cell both have agrees within <paramref name="relative"/>; cells one has and the other not are at most a share of the grid (edges).</summary>
    private static void Compare(float[] expected, float[] actual, double relative, double mismatchedEdges)
    {
        Assert.Equal(expected.Length, actual.Length);
        int both = 0, onlyOne = 0;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            bool e = float.IsFinite(expected[i]), a = float.IsFinite(actual[i]);
            if (e && a)
            {
                both++;
                worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / Math.Abs(expected[i]));
            }
            else if (e != a)
            {
                onlyOne++;
            }
        }

        Assert.True(both > expected.Length / 4, $"only {both} cells have values in both");
        var diffs = Enumerable.Range(0, expected.Length).Where(i => float.IsFinite(expected[i]) && float.IsFinite(actual[i]))
            .Select(i => (i, d: Math.Abs(expected[i] - actual[i]) / Math.Abs(expected[i]))).OrderByDescending(t => t.d).Take(5).ToList();
        Assert.True(worst <= relative, $"largest relative difference {worst:E2} over {both} cells; over 1e-3: {Enumerable.Range(0, expected.Length).Count(i => float.IsFinite(expected[i]) && float.IsFinite(actual[i]) && Math.Abs(expected[i] - actual[i]) / Math.Abs(expected[i]) > 1e-3)}; worst at {string.Join("; ", diffs.Select(t => $"{t.i}: {expected[t.i]} vs {actual[t.i]}"))}");
        Assert.True(onlyOne <= mismatchedEdges * expected.Length, $"{onlyOne} of {expected.Length} cells have a value in one only");
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
