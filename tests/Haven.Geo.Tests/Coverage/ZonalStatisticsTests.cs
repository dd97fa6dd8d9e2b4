using Haven.Geo.Coverage;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;
using NetTopologySuite.IO;

namespace Haven.Geo.Tests.Coverage;

public class ZonalStatisticsTests
{
    private static readonly WKTReader Wkt = new();

    // Values by row from the top: [1, 2] over [3, 4]; cell (row 1, column 1) may be nodata.
    private static Raster<float> Grid2x2(float lowerRight = 4) =>
        new(new RasterGrid(2, 2, GeoTransform.NorthUp(0, 2, 1, 1), 32636), [1, 2, 3, lowerRight], noData: -1);

    private static ZonalStats One(Raster<float> raster, string wkt) =>
        ZonalStatistics.Compute(new InMemoryRasterSource<float>(raster), 1, [CoverageShape.From(Wkt.Read(wkt))]).Value[0];

    [Fact]
    public void A_centred_unit_square_weights_each_of_four_cells_by_a_quarter()
    {
        var s = One(Grid2x2(), "POLYGON ((0.5 0.5, 1.5 0.5, 1.5 1.5, 0.5 1.5, 0.5 0.5))");

        Assert.Equal(4, s.TouchedCount);
        Assert.Equal(1, s.Count, 12);
        Assert.Equal(2.5, s.Sum, 12);
        Assert.Equal(2.5, s.TouchedMean, 12);
        Assert.Equal(2.5, s.Mean, 12);
        Assert.Equal((1, 4), (s.Min, s.Max));
    }

    [Fact]
    public void The_coverage_weighted_mean_differs_from_the_plain_mean_when_coverage_is_uneven()
    {
        // Covers the left column fully and a quarter of the right column's cells: 1*1 + 3*1 + 2*0.25 + 4*0.25.
        var s = One(Grid2x2(), "POLYGON ((0 0, 1.25 0, 1.25 2, 0 2, 0 0))");

        Assert.Equal(4, s.TouchedCount);
        Assert.Equal(2.5, s.Count, 12);
        Assert.Equal(5.5, s.Sum, 12);
        Assert.Equal(5.5 / 2.5, s.Mean, 12);
        Assert.Equal(2.5, s.TouchedMean, 12);
    }

    [Fact]
    public void Nodata_cells_are_left_out()
    {
        var s = One(Grid2x2(lowerRight: -1), "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))");

        Assert.Equal(3, s.TouchedCount);
        Assert.Equal(2, s.Mean, 12);
        Assert.Equal(3, s.Max);
    }

    [Fact]
    public void A_polygon_off_the_raster_has_count_zero_and_no_values()
    {
        var s = One(Grid2x2(), "POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))");

        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.Mean) && double.IsNaN(s.Min));
    }

    [Fact]
    public void Streaming_a_tiled_geotiff_gives_the_same_statistics_as_memory()
    {
        using var tmp = new TempFolder();
        var grid = new RasterGrid(300, 700, GeoTransform.NorthUp(0, 7000, 10, 10), 32636);
        var raster = new Raster<float>(grid, TestRasters.Ramp<float>(grid, offset: 0.5));
        string path = tmp.File("z.tif");
        GeoTiffWriter.Write(path, raster, new GeoTiffWriteOptions { TileSize = 64 });
        var shapes = Enumerable.Range(0, 60).Select(i => CoverageShape.From(Wkt.Read(FormattableString.Invariant(
            $"POLYGON (({i * 47 % 2900 + 3.3} {i * 113 % 6900 + 1.7}, {i * 47 % 2900 + 93.3} {i * 113 % 6900 + 11.7}, {i * 47 % 2900 + 43.3} {i * 113 % 6900 + 88.2}, {i * 47 % 2900 + 3.3} {i * 113 % 6900 + 1.7}))")))).ToList();

        var inMemory = ZonalStatistics.Compute(new InMemoryRasterSource<float>(raster), 1, shapes).Value;
        using var file = GeoTiffFile.Open(path).Value;
        var streamed = ZonalStatistics.Compute(new GeoTiffRasterSource(file), 1, shapes).Value;

        Assert.Equal(inMemory, streamed);
        Assert.All(inMemory, s => Assert.True(s.TouchedCount > 0));
    }
}
