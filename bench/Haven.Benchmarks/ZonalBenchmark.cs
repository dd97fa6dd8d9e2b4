using BenchmarkDotNet.Attributes;
using Haven.Geo.Coverage;
using Haven.Geo.Crs;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;
using Haven.Demo;

namespace Haven.Benchmarks;

/// <summary>
/// Coverage-weighted zonal mean of the Sample Strip's ~30,000 footprints over a 2,000 x 2,000 Float32 raster
/// (6 m cells over 12 km), the raster held in memory and read by blocks of rows.
/// </summary>
public class ZonalBenchmark
{
    private List<CoverageShape> _shapes = [];
    private InMemoryRasterSource<float> _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        var strip = SampleStrip.Generate(new SampleStripOptions { Seed = 1 });
        var utm = new UtmProjection(Epsg.Utm36N);
        _shapes = [.. strip.Scenario.Buildings.Select(b => CoverageShape.From(utm.FromWgs84(b.Footprint)))];
        var o = strip.Options;
        var grid = new RasterGrid(2000, 2000, GeoTransform.NorthUp(o.OriginEasting - 3500, o.OriginNorthing + o.HeightMetres, 6, 6), Epsg.Utm36N);
        var rng = new DeterministicRandom(3);
        var data = new float[grid.CellCount];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)rng.NextDouble();
        }

        _source = new InMemoryRasterSource<float>(new Raster<float>(grid, data));
    }

    public int Footprints => _shapes.Count;

    [Benchmark]
    [Target("< 150 ms for 30,000 footprints", "ms")]
    public double CoverageWeightedMean()
    {
        var stats = ZonalStatistics.Compute(_source, 1, _shapes).Value;
        double total = 0;
        foreach (var s in stats)
        {
            total += s.Mean;
        }

        return total;
    }
}
