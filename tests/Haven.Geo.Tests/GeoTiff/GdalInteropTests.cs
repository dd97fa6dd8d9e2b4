using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.GeoTiff;

/// <summary>Interop proven both ways with Debian's gdal-bin: GDAL reads what Haven writes, Haven reads what GDAL writes.</summary>
public sealed class GdalInteropTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static JsonElement Info(string path)
    {
        using var doc = JsonDocument.Parse(Gdal.Run("gdalinfo", "-json", path));
        return doc.RootElement.Clone();
    }

    private static double ValueAt(string path, int column, int row, int band = 1) =>
        double.Parse(Gdal.Run("gdallocationinfo", "-valonly", "-b", band.ToString(CultureInfo.InvariantCulture), path,
            column.ToString(CultureInfo.InvariantCulture), row.ToString(CultureInfo.InvariantCulture)).Trim(), CultureInfo.InvariantCulture);

    public static TheoryData<string> HavenLayouts => new() { "strips-deflate", "tiles-lzw", "tiles-deflate-fp", "cog-deflate-fp", "cog-none" };

    private static GeoTiffWriteOptions Options(string layout) => layout switch
    {
        "strips-deflate" => new GeoTiffWriteOptions(),
        "tiles-lzw" => new GeoTiffWriteOptions { Compression = GeoTiffCompression.Lzw, TileSize = 16 },
        "tiles-deflate-fp" => new GeoTiffWriteOptions { TileSize = 16, Predictor = GeoTiffPredictor.FloatingPoint },
        "cog-deflate-fp" => new GeoTiffWriteOptions { CloudOptimized = true, TileSize = 16, Predictor = GeoTiffPredictor.FloatingPoint },
        _ => new GeoTiffWriteOptions { CloudOptimized = true, TileSize = 16, Compression = GeoTiffCompression.None },
    };

    [GdalTheory]
    [MemberData(nameof(HavenLayouts))]
    public void Gdal_reads_the_size_transform_crs_nodata_and_values_Haven_writes(string layout)
    {
        var grid = TestRasters.Utm;
        var bands = new[] { TestRasters.Ramp<float>(grid, 0, 0.25), TestRasters.Ramp<float>(grid, 1, 0.5) };
        string path = _tmp.File($"{layout}.tif");
        GeoTiffWriter.Write(path, grid, bands, -9999, Options(layout));

        var info = Info(path);

        Assert.Equal([37, 23], info.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([580_000.0, 10.0, 0.0, 3_472_000.0, 0.0, -10.0], info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains("ID[\"EPSG\",32636]]", info.GetProperty("coordinateSystem").GetProperty("wkt").GetString(), StringComparison.Ordinal);
        var gdalBands = info.GetProperty("bands");
        Assert.Equal(2, gdalBands.GetArrayLength());
        Assert.All(gdalBands.EnumerateArray(), b =>
        {
            Assert.Equal("Float32", b.GetProperty("type").GetString());
            Assert.Equal(-9999, b.GetProperty("noDataValue").GetDouble());
        });
        Assert.Equal(bands[0][4 * 37 + 5], ValueAt(path, 5, 4));
        Assert.Equal(bands[1][22 * 37 + 36], ValueAt(path, 36, 22, band: 2));
        if (layout.StartsWith("cog", StringComparison.Ordinal))
        {
            Assert.Equal(2, gdalBands[0].GetProperty("overviews").GetArrayLength()); // 19 x 12, then 10 x 6 within one 16-cell tile
        }
    }

    [GdalFact]
    public void Gdal_reads_a_geographic_raster_and_every_integer_type()
    {
        var grid = new RasterGrid(10, 8, GeoTransform.NorthUp(34.2, 31.6, 0.01, 0.01), 4326);
        Check<byte>(grid, "Byte");
        Check<short>(grid, "Int16");
        Check<ushort>(grid, "UInt16");
        Check<int>(grid, "Int32");
        Check<double>(grid, "Float64");

        void Check<T>(RasterGrid g, string gdalType) where T : unmanaged, INumberBase<T>
        {
            string path = _tmp.File($"geo-{gdalType}.tif");
            var data = TestRasters.Ramp<T>(g);
            GeoTiffWriter.Write(path, new Raster<T>(g, data));
            var info = Info(path);
            Assert.Equal(gdalType, info.GetProperty("bands")[0].GetProperty("type").GetString());
            Assert.Contains("ID[\"EPSG\",4326]]", info.GetProperty("coordinateSystem").GetProperty("wkt").GetString(), StringComparison.Ordinal);
            Assert.Equal(double.CreateTruncating(data[7 * 10 + 9]), ValueAt(path, 9, 7));
        }
    }

    [GdalFact]
    public void A_rotated_grid_is_written_as_a_model_transformation_that_gdal_and_haven_read_back()
    {
        var grid = new RasterGrid(8, 6, new GeoTransform(580_000, 10, 2, 3_472_000, 1.5, -10), 32636);
        string path = _tmp.File("rotated.tif");
        GeoTiffWriter.Write(path, new Raster<float>(grid, TestRasters.Ramp<float>(grid)));

        Assert.Equal([580_000.0, 10, 2, 3_472_000, 1.5, -10], Info(path).GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()));
        using var file = GeoTiffFile.Open(path).Value;
        Assert.Equal(grid.Transform, file.Info.Grid.Transform);
    }

    [GdalFact]
    public void Gdal_reads_complex_cells_Haven_writes()
    {
        var grid = TestRasters.Utm;
        var data = Enumerable.Range(0, grid.CellCount).Select(i => new ComplexFloat(i, -2 * i)).ToArray();
        string path = _tmp.File("slc.tif");
        GeoTiffWriter.Write(path, new Raster<ComplexFloat>(grid, data));

        Assert.Equal("CFloat32", Info(path).GetProperty("bands")[0].GetProperty("type").GetString());
    }

    public static TheoryData<string, string[]> GdalLayouts => new()
    {
        { "cog", ["-of", "COG"] },
        { "tiled-lzw", ["-co", "TILED=YES", "-co", "COMPRESS=LZW"] },
        { "deflate-fp", ["-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"] },
        { "tiled-deflate-fp", ["-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"] },
        { "int16-deflate-h", ["-ot", "Int16", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2"] },
        { "float64", ["-ot", "Float64"] },
        { "float64-deflate-fp", ["-ot", "Float64", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"] },
        { "int32-tiled-deflate-h", ["-ot", "Int32", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2"] },
        { "pixel-interleaved-deflate-fp", ["-co", "INTERLEAVE=PIXEL", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"] },
        { "band-interleaved", ["-co", "INTERLEAVE=BAND", "-co", "COMPRESS=LZW"] },
        { "pixel-interleaved-tiled", ["-co", "INTERLEAVE=PIXEL", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16"] },
    };

    [GdalTheory]
    [MemberData(nameof(GdalLayouts))]
    public void Haven_reads_the_values_GDAL_writes(string name, string[] options)
    {
        // Integer-valued source cells, so every target type holds them exactly.
        var grid = TestRasters.Utm;
        var bands = new[] { TestRasters.Ramp<float>(grid, 0), TestRasters.Ramp<float>(grid, 1, -5000) };
        string source = _tmp.File($"src-{name}.tif");
        string target = _tmp.File($"gdal-{name}.tif");
        GeoTiffWriter.Write(source, grid, bands, -9999, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        Gdal.Run("gdal_translate", [.. options, "-q", source, target]);

        using var file = GeoTiffFile.Open(target).Value;

        Assert.True(file.Info.Grid.Matches(grid));
        Assert.Equal(32636, file.Info.Grid.Epsg);
        Assert.Equal(-9999, file.Info.NoData);
        Assert.Equal(2, file.Info.BandCount);
        for (int b = 0; b < 2; b++)
        {
            Assert.Equal(bands[b].Select(v => (double)v), file.ReadWindow<double>(b + 1, RasterWindow.Full(grid)).Value);
        }

        var window = new RasterWindow(3, 5, 11, 7);
        var cells = file.ReadWindow<float>(2, window).Value;
        Assert.Equal(bands[1][(5 + 6) * 37 + 3 + 10], cells[^1]);
    }

    [SkippableFact]
    public void Every_real_opera_burst_file_reads_the_same_as_its_uncompressed_copy_made_by_gdal()
    {
        // OPERA RTC-S1: DEFLATE in 512-pixel tiles, NaN nodata over most of the crop. Real files, read where they lie.
        string? folder = ReferenceData.OperaBurst;
        Skip.If(folder is null, ReferenceData.NoS1Samples);
        Skip.IfNot(Gdal.Installed, "GDAL (gdalinfo) is not installed; .ci/run installs Debian's gdal-bin.");
        var files = Directory.GetFiles(folder!, "*.tif").Order(StringComparer.Ordinal).ToList();

        foreach (string path in files)
        {
            string plain = _tmp.File(Path.GetFileNameWithoutExtension(path) + "-plain.tif");
            Gdal.Run("gdal_translate", "-q", "-co", "COMPRESS=NONE", path, plain);
            using var compressed = GeoTiffFile.Open(path).Value;
            using var uncompressed = GeoTiffFile.Open(plain).Value;

            Assert.Equal(GeoTiffCompression.Deflate, compressed.Info.Compression);
            var a = compressed.ReadWindow<float>(1, RasterWindow.Full(compressed.Info.Grid)).Value;
            var b = uncompressed.ReadWindow<float>(1, RasterWindow.Full(uncompressed.Info.Grid)).Value;
            Assert.Equal(b.Length, a.Length);
            Assert.True(a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits)), $"{Path.GetFileName(path)}: cells differ");
            Assert.Contains(a, float.IsNaN);
            Assert.Contains(a, v => v > 0);
        }

        Assert.Equal(10, files.Count);
    }

    [SkippableTheory]
    [InlineData("ZSTD", "3", "256")]
    [InlineData("ZSTD", "1", "")]
    [InlineData("LZW", "3", "128")]
    [InlineData("LZW", "2", "")]
    [InlineData("PACKBITS", "1", "256")]
    public void A_real_opera_file_recompressed_by_gdal_reads_the_same_as_the_original(string compress, string predictor, string tile)
    {
        string? folder = ReferenceData.OperaBurst;
        Skip.If(folder is null, ReferenceData.NoS1Samples);
        Skip.IfNot(Gdal.Installed, "GDAL (gdalinfo) is not installed; .ci/run installs Debian's gdal-bin.");
        string source = Directory.GetFiles(folder!, "*.tif").Order(StringComparer.Ordinal).First();
        string copy = _tmp.File($"{compress}-{predictor}-{tile}.tif");
        // The horizontal predictor applies to integer cells in GDAL's writer; floats take predictor 2 too, as GDAL allows.
        string[] layout = tile.Length > 0 ? ["-co", "TILED=YES", "-co", $"BLOCKXSIZE={tile}", "-co", $"BLOCKYSIZE={tile}"] : [];
        Gdal.Run("gdal_translate", ["-q", "-co", $"COMPRESS={compress}", "-co", $"PREDICTOR={predictor}", .. layout, source, copy]);

        using var original = GeoTiffFile.Open(source).Value;
        using var recompressed = GeoTiffFile.Open(copy).Value;
        var a = original.ReadWindow<float>(1, RasterWindow.Full(original.Info.Grid)).Value;
        var b = recompressed.ReadWindow<float>(1, RasterWindow.Full(recompressed.Info.Grid)).Value;

        Assert.Equal(compress switch { "ZSTD" => GeoTiffCompression.Zstd, "LZW" => GeoTiffCompression.Lzw, _ => GeoTiffCompression.Other }, recompressed.Info.Compression);
        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits));
    }

    [SkippableFact]
    public void A_compression_haven_does_not_read_is_refused_on_open_naming_it_not_called_damaged()
    {
        string? folder = ReferenceData.OperaBurst;
        Skip.If(folder is null, ReferenceData.NoS1Samples);
        Skip.IfNot(Gdal.Installed, "GDAL (gdalinfo) is not installed; .ci/run installs Debian's gdal-bin.");
        string copy = _tmp.File("lerc.tif");
        Gdal.Run("gdal_translate", "-q", "-co", "COMPRESS=LERC", "-co", "TILED=YES", Directory.GetFiles(folder!, "*.tif").Order(StringComparer.Ordinal).First(), copy);

        var open = GeoTiffFile.Open(copy);

        Assert.Equal("geotiff.compression", open.Problem!.Code);
        Assert.Contains("compression LERC (TIFF code 34887) is not one Haven reads", open.Problem.Message, StringComparison.Ordinal);
    }

    [GdalTheory]
    [InlineData("ZSTD")]
    [InlineData("LZW")]
    public void A_tile_with_garbage_inside_is_a_problem_naming_the_tile(string compress)
    {
        var grid = new RasterGrid(64, 64, GeoTransform.NorthUp(500_000, 3_500_000, 10, 10), 32636);
        string plain = _tmp.File("z-plain.tif");
        GeoTiffWriter.Write(plain, grid, [Enumerable.Range(0, grid.CellCount).Select(i => (float)Math.Sin(i)).ToArray()], null,
            new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        string z = _tmp.File("z.tif");
        Gdal.Run("gdal_translate", "-q", "-co", $"COMPRESS={compress}", "-co", "TILED=YES", "-co", "BLOCKXSIZE=32", "-co", "BLOCKYSIZE=32", plain, z);
        byte[] bytes = File.ReadAllBytes(z);
        long offset;
        using (var file = BitMiracle.LibTiff.Classic.Tiff.Open(z, "r"))
        {
            offset = file.GetField(BitMiracle.LibTiff.Classic.TiffTag.TILEOFFSETS)[0].TolongArray()[1];
        }

        // Garbage from the first byte: LZW carries no checksum, so damage shows as invalid codes.
        for (int i = compress == "LZW" ? 0 : 8; i < 40; i++)
        {
            bytes[offset + i] = compress == "LZW" ? (byte)0xFF : (byte)(bytes[offset + i] ^ 0x5A);
        }

        File.WriteAllBytes(z, bytes);
        using var damaged = GeoTiffFile.Open(z).Value;

        var read = damaged.ReadWindow<float>(1, RasterWindow.Full(grid));

        Assert.Equal("geotiff.corrupt", read.Problem!.Code);
        Assert.Contains("tile 1 cannot be decoded", read.Problem.Message, StringComparison.Ordinal);
    }
}
