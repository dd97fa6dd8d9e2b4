using Haven.Workflows.Importers;
using BenchmarkDotNet.Attributes;
using Haven.Geo.Sampling;
using Haven.Protection.Lookup;

namespace Haven.Benchmarks;

/// <summary>
/// Coordinate lookups over the real Gaza layers (603 blocks, 5 governorates, 25 municipalities, the al-Mawasi
/// zone, 110 evacuation orders and safe declarations, 603 health facilities), one thread, random points over
/// the Strip's extent: the status (block, governorate, municipality, zone, order as of a date), and the full
/// answer with the nearest health facility, water point, shelter, zone and place.
/// </summary>
public class ProtectionLookupBenchmark
{
    private const int Points = 100_000;
    private static readonly DateOnly AsOf = new(2024, 8, 20);
    private ProtectionLookup _lookup = null!;
    private double[] _lon = [];
    private double[] _lat = [];

    [GlobalSetup]
    public void Setup()
    {
        string folder = Path.GetDirectoryName(ReferenceFiles.Path("blocks.geojson"))!;
        var (batches, _) = ReferenceImporter.ReadFolder(folder, new ImportOptions { ZoneId = "mawasi", NameEn = "al-Mawasi humanitarian area", AsOf = new DateOnly(2023, 10, 18) });
        _lookup = new ProtectionLookup(batches.SelectMany(b => b.Areas), batches.SelectMany(b => b.Blocks), batches.SelectMany(b => b.Zones),
            batches.SelectMany(b => b.Orders), batches.SelectMany(b => b.Sites), batches.SelectMany(b => b.Places));
        var rng = new DeterministicRandom(2024);
        _lon = [.. Enumerable.Range(0, Points).Select(_ => rng.Uniform(34.22, 34.57))];
        _lat = [.. Enumerable.Range(0, Points).Select(_ => rng.Uniform(31.22, 31.59))];
    }

    [Benchmark(OperationsPerInvoke = Points)]
    [Target(">= 1,000,000 lookups/s on one core", "lookups/s")]
    public int Status()
    {
        int underOrder = 0;
        for (int i = 0; i < Points; i++)
        {
            if (_lookup.Status(_lon[i], _lat[i], AsOf).UnderOrder is not null)
            {
                underOrder++;
            }
        }

        return underOrder;
    }

    [Benchmark(OperationsPerInvoke = Points / 10)]
    [Target("separate figure (nearest sites, zone and place)", "lookups/s")]
    public int FullAnswer()
    {
        int withHealth = 0;
        for (int i = 0; i < Points / 10; i++)
        {
            if (_lookup.ByPoint(_lon[i], _lat[i], AsOf).NearestHealth is not null)
            {
                withHealth++;
            }
        }

        return withHealth;
    }
}
