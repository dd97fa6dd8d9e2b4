using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.GeoTiff;

/// <summary>How whole DEFLATE blocks are inflated (libdeflate or zlib) and how decoded blocks are given back.</summary>
[Collection(LibDeflateSwitch.Name)]
public sealed class BlockDecodingTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [SkippableFact]
    public void Every_real_opera_file_reads_the_same_bits_through_libdeflate_and_through_zlib()
    {
        string? folder = ReferenceData.OperaBurst;
        Skip.If(folder is null, ReferenceData.NoS1Samples);
        Skip.IfNot(LibDeflate.Available, "libdeflate is not installed; .ci/run installs Debian's libdeflate0.");
        var files = Directory.GetFiles(folder!, "*.tif").Order(StringComparer.Ordinal).ToList();

        foreach (string path in files)
        {
            var (withLibDeflate, inflatedByLibDeflate) = ReadAll(path, libDeflate: true);
            var (withZlib, inflatedByLibDeflateWhenOff) = ReadAll(path, libDeflate: false);
            Assert.True(inflatedByLibDeflate > 0, "libdeflate was not used");
            Assert.Equal(0, inflatedByLibDeflateWhenOff);
            Assert.True(withLibDeflate.Select(BitConverter.SingleToInt32Bits).SequenceEqual(withZlib.Select(BitConverter.SingleToInt32Bits)), $"{Path.GetFileName(path)}: cells differ");
        }

        Assert.Equal(10, files.Count);
    }

    [SkippableFact]
    public void A_cog_compressed_by_libdeflate_holds_the_cells_of_one_compressed_by_zlib_for_haven_and_for_gdal()
    {
        Skip.IfNot(LibDeflate.Available, "libdeflate is not installed; .ci/run installs Debian's libdeflate0.");
        var grid = new RasterGrid(300, 200, GeoTransform.NorthUp(0, 2000, 10, 10), 32636);
        var rng = new Random(7);
        var data = Enumerable.Range(0, grid.CellCount).Select(i => i % 17 == 0 ? float.NaN : (float)(rng.NextDouble() * 40 - 20)).ToArray();
        var options = new GeoTiffWriteOptions { CloudOptimized = true, TileSize = 64, Predictor = GeoTiffPredictor.FloatingPoint };
        string fast = _tmp.File("libdeflate.tif"), plain = _tmp.File("zlib.tif");

        LibDeflateSwitch.With(true, () => { GeoTiffWriter.Write(fast, grid, [data], double.NaN, options); return 0; });
        LibDeflateSwitch.With(false, () => { GeoTiffWriter.Write(plain, grid, [data], double.NaN, options); return 0; });

        Assert.False(File.ReadAllBytes(fast).AsSpan().SequenceEqual(File.ReadAllBytes(plain)), "both files were compressed by the same library");
        var bits = data.Select(BitConverter.SingleToInt32Bits).ToArray();
        Assert.Equal(bits, ReadAll(fast, libDeflate: false).Cells.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(bits, ReadAll(plain, libDeflate: false).Cells.Select(BitConverter.SingleToInt32Bits));
        if (Gdal.Installed)
        {
            // GDAL's own decoder: the checksums of the image and of its overviews.
            Assert.Equal(Gdal.Run("gdalinfo", "-checksum", plain).Split('\n').Where(l => l.Contains("Checksum", StringComparison.OrdinalIgnoreCase)),
                Gdal.Run("gdalinfo", "-checksum", fast).Split('\n').Where(l => l.Contains("Checksum", StringComparison.OrdinalIgnoreCase)));
        }
    }

    [SkippableFact]
    public void A_damaged_deflate_tile_is_named_the_same_with_libdeflate_as_with_zlib()
    {
        Skip.IfNot(LibDeflate.Available, "libdeflate is not installed; .ci/run installs Debian's libdeflate0.");
        string path = _tmp.File("damaged.tif");
        var grid = new RasterGrid(128, 128, GeoTransform.NorthUp(0, 1280, 10, 10), 32636);
        var rng = new Haven.Geo.Sampling.DeterministicRandom(8);
        GeoTiffWriter.Write(path, new Raster<float>(grid, [.. Enumerable.Range(0, grid.CellCount).Select(_ => (float)rng.NextDouble())]),
            new GeoTiffWriteOptions { TileSize = 64, Predictor = GeoTiffPredictor.FloatingPoint });
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(bytes.Length * 2 / 3, 64).Fill(0xA5);
        File.WriteAllBytes(path, bytes);

        var problems = new[] { true, false }.Select(on => LibDeflateSwitch.With(on, () =>
        {
            using var file = GeoTiffFile.Open(path).Value;
            return file.ReadWindow<float>(1, RasterWindow.Full(grid)).Problem;
        })).ToList();

        Assert.All(problems, p => Assert.Equal("geotiff.corrupt", p!.Code));
        Assert.Equal(problems[1]!.Message, problems[0]!.Message);
    }

    [Fact]
    public void Blocks_given_back_after_a_band_moves_down_are_decoded_again_with_the_same_cells_when_read_again()
    {
        var (file, data) = ThreeTileRows("bands.tif", i => (float)Math.Sin(i * 0.013));
        using var _ = file;

        // Bands of one tile row each, top to bottom: each band gives back the tiles wholly above it.
        for (int band = 0; band < 3; band++)
        {
            var window = new RasterWindow(0, band * 64, 96, 64);
            Assert.Equal(data.AsSpan(band * 64 * 96, 64 * 96).ToArray(), file.ReadWindow<float>(1, window).Value);
        }

        long before = file.BlocksDecoded;
        var again = file.ReadWindow<float>(1, new RasterWindow(0, 0, 96, 64)).Value;

        Assert.Equal(6, before); // 2 tiles across x 3 tile rows, each once
        Assert.Equal(data.AsSpan(0, 64 * 96).ToArray(), again);
        Assert.Equal(8, file.BlocksDecoded); // the first tile row was given back, so it is decoded again
    }

    [Fact]
    public void Releasing_rows_above_gives_back_only_the_tiles_wholly_above_and_a_halo_above_still_comes_from_kept_rows()
    {
        var (file, data) = ThreeTileRows("release.tif", i => (float)Math.Cos(i * 0.017));
        using var _ = file;
        float[] Rows(int first, int count) => data.AsSpan(first * 96, count * 96).ToArray();

        Assert.Equal(Rows(0, 64), file.ReadWindow<float>(1, new RasterWindow(0, 0, 96, 64)).Value);
        file.ReleaseRowsAbove(64);
        // The next band with a 3-row halo above: the halo comes from the first tile row's kept bottom rows.
        Assert.Equal(Rows(61, 67), file.ReadWindow<float>(1, new RasterWindow(0, 61, 96, 67)).Value);
        long afterSecondBand = file.BlocksDecoded;
        file.ReleaseRowsAbove(100);
        Assert.Equal(Rows(64, 64), file.ReadWindow<float>(1, new RasterWindow(0, 64, 96, 64)).Value);
        long afterReadingKeptRow = file.BlocksDecoded;
        Assert.Equal(Rows(0, 64), file.ReadWindow<float>(1, new RasterWindow(0, 0, 96, 64)).Value);

        Assert.Equal(4, afterSecondBand); // 2 tiles across x 2 tile rows, none twice
        Assert.Equal(4, afterReadingKeptRow); // the tile row that holds row 100 was kept
        Assert.Equal(6, file.BlocksDecoded); // the first tile row was given back, so it is decoded again
    }

    [Fact]
    public void Releasing_at_the_last_row_gives_back_the_last_tile_row_even_when_the_image_ends_inside_it()
    {
        // 170 rows: the third tile row holds rows 128 to 169 only.
        var (file, data) = ThreeTileRows("short.tif", i => i * 0.5f, height: 170);
        using var _ = file;
        var lastBand = new RasterWindow(0, 127, 96, 43);
        var expected = data.AsSpan(127 * 96, 43 * 96).ToArray();

        Assert.Equal(expected, file.ReadWindow<float>(1, lastBand).Value);
        long decoded = file.BlocksDecoded;
        file.ReleaseRowsAbove(170);
        Assert.Equal(expected, file.ReadWindow<float>(1, lastBand).Value);

        Assert.Equal(decoded + 2, file.BlocksDecoded); // both tiles of the last row were given back, so decoded again
    }

    /// <summary>A 96 x 192 DEFLATE file in 64-pixel tiles (2 across, 3 down) with the floating-point predictor, opened keeping two tile rows.</summary>
    private (GeoTiffFile File, float[] Data) ThreeTileRows(string name, Func<int, float> value, int height = 192)
    {
        var grid = new RasterGrid(96, height, GeoTransform.NorthUp(500_000, 3_500_000, 10, 10), 32636);
        var data = Enumerable.Range(0, grid.CellCount).Select(value).ToArray();
        string path = _tmp.File(name);
        GeoTiffWriter.Write(path, grid, [data], null, new GeoTiffWriteOptions { Predictor = GeoTiffPredictor.FloatingPoint, TileSize = 64 });
        var file = GeoTiffFile.Open(path).Value;
        file.KeepBlockRows(2);
        return (file, data);
    }

    private static (float[] Cells, long InflatedByLibDeflate) ReadAll(string path, bool libDeflate) => LibDeflateSwitch.With(libDeflate, () =>
    {
        using var file = GeoTiffFile.Open(path).Value;
        return (file.ReadWindow<float>(1, RasterWindow.Full(file.Info.Grid)).Value, file.BlocksInflatedByLibDeflate);
    });
}

/// <summary>Tests that turn libdeflate off run one at a time (the switch is process-wide).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibDeflateSwitch
{
    public const string Name = "libdeflate switch";

    public static T With<T>(bool enabled, Func<T> read)
    {
        bool was = LibDeflate.Enabled;
        LibDeflate.Enabled = enabled;
        try
        {
            return read();
        }
        finally
        {
            LibDeflate.Enabled = was;
        }
    }
}
