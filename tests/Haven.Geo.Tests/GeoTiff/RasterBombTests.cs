using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.GeoTiff;

/// <summary>Files that declare far more than they hold are refused by name before anything is allocated for them.</summary>
public sealed class RasterBombTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_compressed_single_strip_declaring_20000_squared_cells_is_refused_for_its_strip_size_before_decoding()
    {
        string path = TiffBombs.Write(_dir.File("strip-bomb.tif"), 20_000, 20_000, tiled: false);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var open = GeoTiffFile.Open(path);

        Assert.Equal("geotiff.block_too_large", open.Problem?.Code);
        Assert.Contains(path, open.Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("20,000 x 20,000", open.Problem.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "refused without allocating the strip");
        Assert.True(new FileInfo(path).Length < 4096);
    }

    [Theory]
    [InlineData(40_000, 40_000, true)]
    [InlineData(65_535, 65_535, false)]
    [InlineData(2_147_483_647, 1, false)]
    [InlineData(46_341, 46_341, true)]
    public void A_file_declaring_more_cells_than_the_ceiling_is_refused_naming_the_file_and_its_size(long width, long height, bool tiled)
    {
        string path = TiffBombs.Write(_dir.File($"bomb-{width}x{height}.tif"), width, height, tiled);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var open = GeoTiffFile.Open(path);

        Assert.Equal("geotiff.too_large", open.Problem?.Code);
        Assert.Contains(path, open.Problem!.Message, StringComparison.Ordinal);
        Assert.Contains($"{width:N0} x {height:N0}", open.Problem.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "refused without allocating the image");
    }

    [Fact]
    public void A_lower_configured_ceiling_refuses_an_ordinary_file_and_the_default_reads_it()
    {
        var grid = new RasterGrid(64, 64, GeoTransform.NorthUp(580_000, 3_472_000, 10, 10), 32636);
        string path = _dir.File("ordinary.tif");
        GeoTiffWriter.Write(path, grid, [TestRasters.Ramp<float>(grid)], null);

        var refused = GeoTiffFile.Open(path, new RasterLimits { MaxCells = 1000 });
        var opened = GeoTiffFile.Open(path, new RasterLimits());

        Assert.Equal("geotiff.too_large", refused.Problem?.Code);
        Assert.True(opened.Succeeded);
        using var file = opened.Value;
        Assert.Equal(63 * 30 + 5, file.ReadBand<float>().Value[5, 63]);
    }

    [Fact]
    public void An_analysis_over_more_memory_than_the_budget_is_refused_with_what_it_would_need()
    {
        var limits = new RasterLimits { MaxAnalysisBytes = 1L << 30 };

        var problem = limits.CheckAnalysis("stack.csv", 20_000L * 20_000, 5);

        Assert.Equal("raster.memory", problem?.Code);
        Assert.Contains("stack.csv: 400,000,000 cells x 5 rasters would need 7.5 GiB", problem!.Message, StringComparison.Ordinal);
        Assert.Null(limits.CheckAnalysis("stack.csv", 1000, 5));
    }
}
