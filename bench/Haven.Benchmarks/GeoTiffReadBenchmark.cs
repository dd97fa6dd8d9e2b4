using BenchmarkDotNet.Attributes;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;

namespace Haven.Benchmarks;

/// <summary>
/// Reading a whole 2,000 x 2,000 Float32 band (16 MB) from a tiled GeoTIFF, uncompressed and DEFLATE, beside
/// copying the same bytes in memory. The values are smooth with noise, like a backscatter image, so DEFLATE
/// has something to do.
/// </summary>
public class GeoTiffReadBenchmark
{
    private const int Size = 2000;
    private const double Bytes = Size * Size * 4.0;
    private string _folder = "";
    private string _plain = "";
    private string _deflate = "";
    private float[] _source = [];
    private float[] _copy = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("haven-bench-").FullName;
        var grid = new RasterGrid(Size, Size, GeoTransform.NorthUp(580_000, 3_480_000, 10, 10), 32636);
        var rng = new DeterministicRandom(9);
        _source = new float[grid.CellCount];
        for (int i = 0; i < _source.Length; i++)
        {
            _source[i] = (float)(0.1 + 0.05 * Math.Sin(i % Size / 50.0) + 0.02 * rng.NextDouble());
        }

        _copy = new float[_source.Length];
        _plain = Path.Combine(_folder, "plain.tif");
        _deflate = Path.Combine(_folder, "deflate.tif");
        GeoTiffWriter.Write(_plain, new Raster<float>(grid, _source), new GeoTiffWriteOptions { Compression = GeoTiffCompression.None, TileSize = 256 });
        GeoTiffWriter.Write(_deflate, new Raster<float>(grid, _source), new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, TileSize = 256 });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    [Target("baseline: the same 16 MB copied in memory", "MB/s", Bytes)]
    public float MemoryCopy()
    {
        _source.AsSpan().CopyTo(_copy);
        return _copy[^1];
    }

    [Benchmark]
    [Target("report MB/s (tiled, uncompressed)", "MB/s", Bytes)]
    public float ReadUncompressedTiled() => Read(_plain);

    [Benchmark]
    [Target("report MB/s (tiled, DEFLATE)", "MB/s", Bytes)]
    public float ReadDeflateTiled() => Read(_deflate);

    private static float Read(string path)
    {
        using var file = GeoTiffFile.Open(path).Value;
        return file.ReadWindow<float>(1, RasterWindow.Full(file.Info.Grid)).Value[^1];
    }
}
