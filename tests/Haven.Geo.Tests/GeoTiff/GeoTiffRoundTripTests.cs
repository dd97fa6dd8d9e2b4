using System.Buffers.Binary;
using System.Numerics;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.GeoTiff;

public sealed class GeoTiffRoundTripTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    public static TheoryData<GeoTiffCompression, GeoTiffPredictor, int?> Layouts => new()
    {
        { GeoTiffCompression.None, GeoTiffPredictor.None, null },
        { GeoTiffCompression.Deflate, GeoTiffPredictor.None, null },
        { GeoTiffCompression.Lzw, GeoTiffPredictor.None, 16 },
        { GeoTiffCompression.Deflate, GeoTiffPredictor.Horizontal, 16 },
        { GeoTiffCompression.Lzw, GeoTiffPredictor.Horizontal, null },
    };

    private void RoundTrip<T>(GeoTiffWriteOptions options, int bands = 1, double offset = 0) where T : unmanaged, INumberBase<T>
    {
        var grid = TestRasters.Utm;
        var data = Enumerable.Range(0, bands).Select(b => TestRasters.Ramp<T>(grid, b, offset)).ToList();
        string path = _tmp.File($"{typeof(T).Name}-{options.GetHashCode()}.tif");

        GeoTiffWriter.Write(path, grid, data, noData: -99, options);

        using var file = GeoTiffFile.Open(path).Value;
        Assert.Equal(bands, file.Info.BandCount);
        Assert.Equal(RasterDataTypes.Of<T>(), file.Info.DataType);
        Assert.True(file.Info.Grid.Matches(grid));
        Assert.Equal(-99, file.Info.NoData);
        Assert.Equal(options.TileSize is not null, file.Info.Tiled);
        for (int b = 0; b < bands; b++)
        {
            Assert.Equal(data[b], file.ReadWindow<T>(b + 1, RasterWindow.Full(grid)).Value);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Integer_cells_of_every_width_read_back_unchanged(GeoTiffCompression compression, GeoTiffPredictor predictor, int? tile)
    {
        var options = new GeoTiffWriteOptions { Compression = compression, Predictor = predictor, TileSize = tile };
        RoundTrip<byte>(options);
        RoundTrip<short>(options, offset: -500);
        RoundTrip<ushort>(options);
        RoundTrip<int>(options, offset: -100_000);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Floating_point_cells_read_back_unchanged(GeoTiffCompression compression, GeoTiffPredictor predictor, int? tile)
    {
        var options = new GeoTiffWriteOptions { Compression = compression, Predictor = predictor, TileSize = tile };
        RoundTrip<float>(options, offset: 0.25);
        if (predictor != GeoTiffPredictor.Horizontal)
        {
            RoundTrip<double>(options, offset: 1.0 / 3);
        }
    }

    [Theory]
    [InlineData(GeoTiffCompression.Deflate, null)]
    [InlineData(GeoTiffCompression.Lzw, 32)]
    public void The_floating_point_predictor_round_trips(GeoTiffCompression compression, int? tile)
    {
        var options = new GeoTiffWriteOptions { Compression = compression, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = tile };
        RoundTrip<float>(options, offset: 0.125);
        RoundTrip<double>(options, offset: 0.1);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(16, 1)]
    [InlineData(48, 1)]
    [InlineData(null, 2)]
    public void Float32_with_the_floating_point_predictor_reads_back_bit_for_bit_at_every_width_from_1_to_70(int? tile, int bands)
    {
        // Widths 1..70 cross the 16-byte and 16-value vector steps of the predictor's undo and leave every remainder.
        var rng = new Random(17);
        for (int width = 1; width <= 70; width++)
        {
            var grid = new RasterGrid(width, 3, GeoTransform.NorthUp(500_000, 3_500_000, 10, 10), 32636);
            var data = Enumerable.Range(0, bands).Select(_ => Enumerable.Range(0, grid.CellCount)
                .Select(_ => BitConverter.Int32BitsToSingle(rng.Next(int.MinValue, int.MaxValue))).ToArray()).ToList();
            string path = _tmp.File($"fp-{width}-{tile}-{bands}.tif");
            GeoTiffWriter.Write(path, grid, data, null, new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = tile });

            using var file = GeoTiffFile.Open(path).Value;
            for (int b = 0; b < bands; b++)
            {
                var read = file.ReadWindow<float>(b + 1, RasterWindow.Full(grid)).Value;
                Assert.Equal(data[b].Select(BitConverter.SingleToInt32Bits), read.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Theory]
    [InlineData(GeoTiffCompression.Deflate)]
    [InlineData(GeoTiffCompression.Lzw)]
    public void A_halo_row_at_the_top_of_a_tile_is_decoded_alone_and_the_whole_tile_later_with_the_same_cells(GeoTiffCompression compression)
    {
        var grid = new RasterGrid(64, 128, GeoTransform.NorthUp(500_000, 3_500_000, 10, 10), 32636);
        var data = Enumerable.Range(0, grid.CellCount).Select(i => (float)Math.Cos(i * 0.37)).ToArray();
        string path = _tmp.File($"halo-{compression}.tif");
        GeoTiffWriter.Write(path, grid, [data], null, new GeoTiffWriteOptions { Compression = compression, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = 64 });
        using var file = GeoTiffFile.Open(path).Value;
        file.KeepBlockRows(2);

        // The last row of the first tile row and the first row of the second: the second row of tiles is needed for one row only.
        var halo = file.ReadWindow<float>(1, new RasterWindow(0, 63, 64, 2)).Value;
        long afterHalo = file.BlocksDecoded, afterHaloInPart = file.BlocksDecodedInPart;
        var whole = file.ReadWindow<float>(1, new RasterWindow(0, 64, 64, 64)).Value;

        Assert.Equal(data.AsSpan(63 * 64, 128).ToArray(), halo);
        Assert.Equal(data.AsSpan(64 * 64, 64 * 64).ToArray(), whole);
        Assert.Equal((1, 1), (afterHalo, afterHaloInPart));
        Assert.Equal(2, file.BlocksDecoded); // the second tile decoded again, whole, once the band needs it all
        Assert.Equal(data.AsSpan(64 * 64, 64).ToArray(), file.ReadWindow<float>(1, new RasterWindow(0, 64, 64, 1)).Value);
        Assert.Equal((2, 1), (file.BlocksDecoded, file.BlocksDecodedInPart));
    }

    [Fact]
    public void The_bottom_rows_of_a_block_decoded_earlier_serve_a_later_halo_without_decoding_it_again()
    {
        var grid = new RasterGrid(64, 192, GeoTransform.NorthUp(500_000, 3_500_000, 10, 10), 32636);
        var data = Enumerable.Range(0, grid.CellCount).Select(i => (float)Math.Sin(i * 0.11)).ToArray();
        string path = _tmp.File("tail.tif");
        GeoTiffWriter.Write(path, grid, [data], null, new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = 64 });
        using var file = GeoTiffFile.Open(path).Value; // one decoded block kept

        file.ReadWindow<float>(1, new RasterWindow(0, 0, 64, 64));
        file.ReadWindow<float>(1, new RasterWindow(0, 64, 64, 64));
        // Rows 61-63 end the first tile, which is no longer held decoded; row 128 starts the third.
        var halo = file.ReadWindow<float>(1, new RasterWindow(0, 61, 64, 68)).Value;

        Assert.Equal(data.AsSpan(61 * 64, 68 * 64).ToArray(), halo);
        Assert.Equal(3, file.BlocksDecoded + file.BlocksDecodedInPart); // tiles 1 and 2 whole, tile 3's top row alone: tile 1 not again
    }

    [Theory]
    [InlineData(null)]
    [InlineData(16)]
    public void Several_bands_read_back_band_by_band(int? tile) =>
        RoundTrip<float>(new GeoTiffWriteOptions { TileSize = tile }, bands: 3, offset: 0.5);

    [Fact]
    public void Complex_cells_round_trip_and_refuse_a_real_read()
    {
        var grid = TestRasters.Utm;
        var data = Enumerable.Range(0, grid.CellCount).Select(i => new ComplexFloat(i * 0.5f, -i)).ToArray();
        string path = _tmp.File("slc.tif");

        GeoTiffWriter.Write(path, new Raster<ComplexFloat>(grid, data));

        using var file = GeoTiffFile.Open(path).Value;
        Assert.Equal(RasterDataType.CFloat32, file.Info.DataType);
        Assert.Equal(data, file.ReadComplexWindow(1, RasterWindow.Full(grid)).Value);
        Assert.Equal("geotiff.complex", file.ReadWindow<float>(1, RasterWindow.Full(grid)).Problem!.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(16)]
    public void A_window_holds_the_same_cells_as_the_whole_band(int? tile)
    {
        var grid = TestRasters.Utm;
        var data = TestRasters.Ramp<float>(grid);
        string path = _tmp.File("window.tif");
        GeoTiffWriter.Write(path, grid, [data], null, new GeoTiffWriteOptions { TileSize = tile });
        var window = new RasterWindow(5, 17, 20, 6);

        using var file = GeoTiffFile.Open(path).Value;
        var cells = file.ReadWindow<float>(1, window).Value;

        for (int r = 0; r < window.Height; r++)
        {
            for (int c = 0; c < window.Width; c++)
            {
                Assert.Equal(data[(window.Row + r) * grid.Width + window.Column + c], cells[r * window.Width + c]);
            }
        }
    }

    [Fact]
    public void Uncompressed_strips_read_straight_into_floats_agree_with_the_decoded_path()
    {
        // Float32 reads of uncompressed strips skip LibTiff's decoder; double reads still use it.
        var grid = new RasterGrid(37, 29, GeoTransform.NorthUp(0, 2000, 10, 10), 32636);
        var data = TestRasters.Ramp<float>(grid, offset: 0.5);
        string path = _tmp.File("strips.tif");
        GeoTiffWriter.Write(path, grid, [data], null, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        using var file = GeoTiffFile.Open(path).Value;

        foreach (var window in new[] { RasterWindow.Full(grid), new RasterWindow(0, 3, 37, 11), new RasterWindow(5, 17, 20, 6), new RasterWindow(36, 28, 1, 1) })
        {
            var direct = file.ReadWindow<float>(1, window).Value;
            var decoded = file.ReadWindow<double>(1, window).Value;

            Assert.Equal(decoded.Select(v => (float)v), direct);
            Assert.Equal(data[(window.Row + window.Height - 1) * grid.Width + window.Column + window.Width - 1], direct[^1]);
        }
    }

    [Fact]
    public void A_strip_that_runs_past_the_end_of_the_file_is_a_problem_naming_the_file()
    {
        string path = _tmp.File("short-strips.tif");
        var grid = new RasterGrid(200, 200, GeoTransform.NorthUp(0, 2000, 10, 10), 32636);
        GeoTiffWriter.Write(path, grid, [TestRasters.Ramp<float>(grid)], null, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        var bytes = File.ReadAllBytes(path);
        // Point the last strip (tag 273, StripOffsets, LONG values) at the last few bytes of the file.
        int ifd = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));
        var entry = Enumerable.Range(0, entries).Select(i => ifd + 2 + 12 * i).Single(e => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(e)) == 273);
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(entry + 4));
        int values = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(entry + 8));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(entry + 2)));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(values + 4 * (count - 1)), bytes.Length - 16);
        File.WriteAllBytes(path, bytes);

        var problem = ProblemReading(path, grid);

        Assert.NotNull(problem);
        Assert.Contains("short-strips.tif", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_or_band_outside_the_file_is_a_problem()
    {
        string path = _tmp.File("small.tif");
        GeoTiffWriter.Write(path, new Raster<float>(TestRasters.Utm));
        using var file = GeoTiffFile.Open(path).Value;

        Assert.Equal("geotiff.window", file.ReadWindow<float>(1, new RasterWindow(30, 0, 10, 1)).Problem!.Code);
        Assert.Equal("geotiff.band", file.ReadWindow<float>(2, new RasterWindow(0, 0, 1, 1)).Problem!.Code);
    }

    [Fact]
    public void A_cloud_optimized_file_has_its_ifds_first_then_the_smallest_overview()
    {
        var grid = new RasterGrid(300, 200, GeoTransform.NorthUp(0, 2000, 10, 10), 32636);
        var data = TestRasters.Ramp<float>(grid, offset: 0.5);
        string path = _tmp.File("cog.tif");

        GeoTiffWriter.Write(path, grid, [data], null, new GeoTiffWriteOptions { CloudOptimized = true, TileSize = 64, Predictor = GeoTiffPredictor.FloatingPoint });

        using (var file = GeoTiffFile.Open(path).Value)
        {
            Assert.True(file.Info.Tiled);
            Assert.Equal(3, file.Info.OverviewCount); // 150 x 100, 75 x 50, 38 x 25
            Assert.Equal(data, file.ReadWindow<float>(1, RasterWindow.Full(grid)).Value);
        }

        var (ifds, firstTiles) = Layout(File.ReadAllBytes(path));
        Assert.Equal(4, ifds.Count);
        Assert.True(ifds.Max() < firstTiles.Min(), "every IFD comes before any tile data");
        Assert.True(firstTiles[^1] < firstTiles[0], "the smallest overview's tiles come before the full-resolution tiles");
    }

    [Fact]
    public void Overviews_average_the_valid_cells_of_each_two_by_two_block()
    {
        float[] data = [1, 3, 10, -99, 5, 7, 20, -99];

        var half = Overviews.Halve(data, 4, 2, noData: -99, out int w, out int h);

        Assert.Equal((2, 1), (w, h));
        Assert.Equal([4f, 15f], half);
    }

    [Fact]
    public void A_file_that_is_not_a_tiff_is_a_problem_naming_the_file()
    {
        string path = _tmp.File("not-a-tiff.tif");
        File.WriteAllText(path, "hello, I am text");

        var open = GeoTiffFile.Open(path);

        Assert.Equal("geotiff.unreadable", open.Problem!.Code);
        Assert.Contains("not-a-tiff.tif", open.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_a_problem_not_a_crash()
    {
        string path = _tmp.File("truncated.tif");
        var grid = new RasterGrid(200, 200, GeoTransform.NorthUp(0, 2000, 10, 10), 32636);
        GeoTiffWriter.Write(path, grid, [TestRasters.Ramp<float>(grid)], null, new GeoTiffWriteOptions { CloudOptimized = true, TileSize = 64 });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var problem = ProblemReading(path, grid);

        Assert.NotNull(problem);
        Assert.Contains("truncated.tif", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deflate_tile_with_garbage_inside_is_a_problem_naming_the_tile_not_wrong_cells()
    {
        // Tiles of random floats with the floating-point predictor: the compressed tiles fill most of the file,
        // so the bytes overwritten at two thirds of it are inside one.
        string path = _tmp.File("corrupt-tile.tif");
        var grid = new RasterGrid(128, 128, GeoTransform.NorthUp(0, 1280, 10, 10), 32636);
        var rng = new Haven.Geo.Sampling.DeterministicRandom(8);
        var values = Enumerable.Range(0, grid.CellCount).Select(_ => (float)rng.NextDouble()).ToArray();
        GeoTiffWriter.Write(path, new Raster<float>(grid, values), new GeoTiffWriteOptions { TileSize = 64, Predictor = GeoTiffPredictor.FloatingPoint });
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(bytes.Length * 2 / 3, 64).Fill(0xA5);
        File.WriteAllBytes(path, bytes);

        var problem = ProblemReading(path, grid);

        Assert.NotNull(problem);
        Assert.Equal("geotiff.corrupt", problem.Code);
        Assert.Matches("corrupt-tile.tif: tile [0-9]+ cannot be decoded", problem.Message);
    }

    /// <summary>The problem opening a file or reading its first band whole, or null when both work.</summary>
    private static Problem? ProblemReading(string path, RasterGrid grid)
    {
        var open = GeoTiffFile.Open(path);
        if (!open.Succeeded)
        {
            return open.Problem;
        }

        using var file = open.Value;
        return file.ReadWindow<float>(1, RasterWindow.Full(grid)).Problem;
    }

    [Fact]
    public void Writing_leaves_no_temporary_file_behind()
    {
        GeoTiffWriter.Write(_tmp.File("a.tif"), new Raster<float>(TestRasters.Utm));
        GeoTiffWriter.Write(_tmp.File("b.tif"), new Raster<float>(TestRasters.Utm), new GeoTiffWriteOptions { CloudOptimized = true });

        Assert.Equal(["a.tif", "b.tif"], Directory.GetFiles(_tmp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Options_that_do_not_fit_the_cells_are_refused()
    {
        var raster = new Raster<short>(TestRasters.Utm);

        Assert.Throws<ArgumentException>(() => GeoTiffWriter.Write(_tmp.File("p.tif"), raster, new GeoTiffWriteOptions { Predictor = GeoTiffPredictor.FloatingPoint }));
        Assert.Throws<ArgumentException>(() => GeoTiffWriter.Write(_tmp.File("t.tif"), raster, new GeoTiffWriteOptions { TileSize = 20 }));
        Assert.Throws<ArgumentException>(() => GeoTiffWriter.Write(_tmp.File("h.tif"), new Raster<double>(TestRasters.Utm),
            new GeoTiffWriteOptions { Predictor = GeoTiffPredictor.Horizontal }));
        Assert.False(File.Exists(_tmp.File("p.tif")));
    }

    /// <summary>IFD offsets, and the first tile offset of each IFD, read straight from a little-endian TIFF.</summary>
    private static (List<long> Ifds, List<long> FirstTiles) Layout(byte[] tiff)
    {
        var ifds = new List<long>();
        var firstTiles = new List<long>();
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        while (offset != 0)
        {
            ifds.Add(offset);
            int count = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan((int)offset));
            for (int i = 0; i < count; i++)
            {
                var entry = tiff.AsSpan((int)offset + 2 + 12 * i);
                if (BinaryPrimitives.ReadUInt16LittleEndian(entry) == 324)
                {
                    uint n = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
                    uint at = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
                    firstTiles.Add(n == 1 ? at : BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan((int)at)));
                }
            }

            offset = BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan((int)offset + 2 + 12 * count));
        }

        return (ifds, firstTiles);
    }
}
