using BenchmarkDotNet.Attributes;
using Haven.Geo.GeoJson;
using Haven.Geo.Sampling;
using Haven.Geo.Spatial;

namespace Haven.Benchmarks;

/// <summary>Which of the 603 real Gaza blocks holds a point: one thread, random points over the blocks' extent.</summary>
public class PointInPolygonBenchmark
{
    private const int Points = 100_000;
    private PolygonIndex<long> _index = null!;
    private double[] _lon = [];
    private double[] _lat = [];

    [GlobalSetup]
    public void Setup()
    {
        var read = GeoJsonReader.Read(ReferenceFiles.Path("blocks.geojson"), new GeoJsonReadOptions { Repair = true }).Value;
        _index = new PolygonIndex<long>(read.Features.Select(f =>
            (Convert.ToInt64(f.Feature.Attributes["block"], System.Globalization.CultureInfo.InvariantCulture), f.Feature.Geometry)));
        var rng = new DeterministicRandom(2024);
        _lon = [.. Enumerable.Range(0, Points).Select(_ => rng.Uniform(34.22, 34.57))];
        _lat = [.. Enumerable.Range(0, Points).Select(_ => rng.Uniform(31.22, 31.59))];
    }

    [Benchmark(OperationsPerInvoke = Points)]
    [Target(">= 2,000,000 lookups/s on one core", "lookups/s")]
    public int LocateBlock()
    {
        int found = 0;
        for (int i = 0; i < Points; i++)
        {
            if (_index.TryLocate(_lon[i], _lat[i], out _))
            {
                found++;
            }
        }

        return found;
    }
}
