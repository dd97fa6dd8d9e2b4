using System.Diagnostics;
using System.Text.Json;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;

namespace Haven.Geo.Tests.GeoTiff;

public sealed class GeoTiffRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-geotiff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Raster<float> Ramp(int width, int height)
    {
        var grid = new RasterGrid(width, height, GeoTransform.NorthUp(580_000, 3_472_000, 10, 10), 32636);
        var raster = new Raster<float>(grid, noData: -9999);
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                raster[c, r] = r * 1000 + c + 0.25f;
            }
        }

        raster[3, 2] = -9999;
        return raster;
    }

    [Theory]
    [InlineData(GeoTiffCompression.None, null)]
    [InlineData(GeoTiffCompression.Deflate, null)]
    [InlineData(GeoTiffCompression.Lzw, null)]
    [InlineData(GeoTiffCompression.Deflate, 16)]
    public void Float32_raster_reads_back_with_the_same_values_grid_and_nodata(GeoTiffCompression compression, int? tile)
    {
        var original = Ramp(37, 23);
        string path = Path.Combine(_dir, $"ramp-{compression}-{tile}.tif");

        GeoTiffWriter.Write(path, original, new GeoTiffWriteOptions { Compression = compression, TileSize = tile });
        var read = GeoTiffReader.ReadFloat32(path);

        Assert.True(read.Succeeded, read.Problem?.Message);
        Assert.True(read.Value.Grid.Matches(original.Grid));
        Assert.Equal(32636, read.Value.Grid.Epsg);
        Assert.Equal(-9999, read.Value.NoData);
        Assert.Equal(original.Data, read.Value.Data);
    }

    [Fact]
    public void Writing_leaves_no_temporary_file_behind()
    {
        GeoTiffWriter.Write(Path.Combine(_dir, "a.tif"), Ramp(8, 8));

        Assert.Equal(["a.tif"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_that_is_not_a_tiff_is_a_problem_naming_the_file()
    {
        string path = Path.Combine(_dir, "not-a-tiff.tif");
        File.WriteAllText(path, "hello, I am text");

        var read = GeoTiffReader.ReadFloat32(path);

        Assert.False(read.Succeeded);
        Assert.Equal("geotiff.unreadable", read.Problem!.Code);
        Assert.Contains("not-a-tiff.tif", read.Problem.Message, StringComparison.Ordinal);
    }

    [SkippableGdalFact]
    public void Gdal_reads_the_size_transform_crs_nodata_and_values_Haven_writes()
    {
        var original = Ramp(37, 23);
        string path = Path.Combine(_dir, "for-gdal.tif");
        GeoTiffWriter.Write(path, original);

        using var info = JsonDocument.Parse(Run("gdalinfo", "-json", path));
        var root = info.RootElement;
        Assert.Equal([37, 23], root.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([580_000.0, 10.0, 0.0, 3_472_000.0, 0.0, -10.0], root.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Contains("32636", root.GetProperty("coordinateSystem").GetProperty("wkt").GetString(), StringComparison.Ordinal);
        Assert.Equal(-9999, root.GetProperty("bands")[0].GetProperty("noDataValue").GetDouble());
        Assert.Equal("Float32", root.GetProperty("bands")[0].GetProperty("type").GetString());

        // Pixel (column 5, row 4) holds 4 * 1000 + 5 + 0.25.
        Assert.Equal(4005.25, double.Parse(Run("gdallocationinfo", "-valonly", path, "5", "4").Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }
}

/// <summary>A fact that needs GDAL's command-line tools (Debian gdal-bin, installed by .ci/run).</summary>
public sealed class SkippableGdalFactAttribute : FactAttribute
{
    public SkippableGdalFactAttribute()
    {
        bool present = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "gdalinfo")));
        if (!present)
        {
            Skip = "GDAL (gdalinfo) is not installed; .ci/run installs gdal-bin.";
        }
    }
}
