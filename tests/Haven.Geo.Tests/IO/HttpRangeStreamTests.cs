using BitMiracle.LibTiff.Classic;
using Haven.Geo.GeoTiff;
using Haven.Geo.IO;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.IO;

/// <summary>
/// Rasters read over HTTP from a server on 127.0.0.1 that answers byte ranges as object stores do, and logs each
/// range asked. The raster is synthetic: noise written as a Cloud-Optimized GeoTIFF with 256-pixel DEFLATE tiles.
/// </summary>
public sealed class HttpRangeStreamTests : IDisposable
{
    private readonly TempFolder _tmp = new();
    private readonly RangeServer _server;
    private readonly string _path;
    private readonly Raster<float> _raster;

    public HttpRangeStreamTests()
    {
        var grid = new RasterGrid(1024, 1024, GeoTransform.NorthUp(500_000, 3_500_000, 10, 10), 32636);
        var rng = new Random(7); // noise, so that tiles stay large once compressed, as radar backscatter does
        _raster = new Raster<float>(grid, [.. Enumerable.Range(0, grid.Width * grid.Height).Select(_ => (float)rng.NextDouble())]);
        _path = _tmp.File("ramp.tif");
        GeoTiffWriter.Write(_path, _raster, new GeoTiffWriteOptions { TileSize = 256, CloudOptimized = true, Predictor = GeoTiffPredictor.FloatingPoint });
        _server = new RangeServer(_tmp.Path);
    }

    public void Dispose()
    {
        _server.Dispose();
        _tmp.Dispose();
    }

    /// <summary>The full-resolution image's tile offsets and byte counts, read from the local file.</summary>
    private (long[] Offsets, long[] Counts) Tiles()
    {
        using var tif = Tiff.Open(_path, "r");
        return (tif.GetField(TiffTag.TILEOFFSETS)[0].TolongArray(), tif.GetField(TiffTag.TILEBYTECOUNTS)[0].TolongArray());
    }

    [Fact]
    public void A_window_in_one_tile_read_over_http_equals_the_local_read_and_fetches_only_the_header_and_that_tiles_bytes()
    {
        var window = new RasterWindow(300, 520, 100, 90); // inside tile (column 1, row 2)
        using var local = GeoTiffFile.Open(_path).Value;
        var expected = local.ReadWindow<float>(1, window).Value;

        using var remote = GeoTiffFile.Open(_server.Url("ramp.tif")).Value;
        var actual = remote.ReadWindow<float>(1, window).Value;

        Assert.Equal(expected, actual);
        var (offsets, counts) = Tiles();
        int tile = (2 * 4) + 1;
        long chunk = RemoteFiles.Options.ChunkBytes;
        long tileStart = offsets[tile] / chunk * chunk, tileEnd = ((offsets[tile] + counts[tile] + chunk - 1) / chunk * chunk) - 1;
        long headerEnd = offsets.Min() - 1; // the directories, the overviews' and tile tables sit before the first full-resolution tile
        var asked = _server.Ranges("ramp.tif");
        Assert.NotEmpty(asked);
        Assert.All(asked, r => Assert.True((r.End <= headerEnd + chunk) || (r.Start >= tileStart && r.End <= tileEnd),
            $"bytes {r.Start}-{r.End} are neither the header (to {headerEnd}) nor tile {tile} ({offsets[tile]}, {counts[tile]} bytes)"));
        Assert.Contains(asked, r => r.Start <= offsets[tile] && r.End >= offsets[tile] + counts[tile] - 1);
        long total = asked.Sum(r => r.End - r.Start + 1);
        Assert.True(total < new FileInfo(_path).Length / 4, $"{total} bytes fetched of {new FileInfo(_path).Length}");
    }

    [Fact]
    public void A_piece_read_twice_is_fetched_once()
    {
        using var remote = GeoTiffFile.Open(_server.Url("ramp.tif")).Value;
        var window = new RasterWindow(10, 10, 20, 20);

        remote.ReadWindow<float>(1, window);
        int after = _server.Ranges("ramp.tif").Count;
        remote.ReadWindow<float>(1, window);

        Assert.Equal(after, _server.Ranges("ramp.tif").Count);
    }

    [Fact]
    public void Failed_requests_are_retried_and_the_read_succeeds()
    {
        var options = RemoteFiles.Options;
        RemoteFiles.Options = options with { RetryDelay = TimeSpan.FromMilliseconds(5) };
        try
        {
            _server.FailNext = 2; // two 503s before the server answers

            using var remote = GeoTiffFile.Open(_server.Url("ramp.tif")).Value;
            var values = remote.ReadWindow<float>(1, new RasterWindow(0, 0, 4, 1)).Value;

            Assert.Equal(_raster.Data.AsSpan(0, 4).ToArray(), values);
            Assert.Equal(0, _server.FailNext);
        }
        finally
        {
            RemoteFiles.Options = options;
        }
    }

    [Fact]
    public void A_missing_file_and_a_server_without_ranges_are_refused_naming_the_address_and_what_was_expected()
    {
        var missing = GeoTiffFile.Open(_server.Url("no-such.tif"));
        _server.NoRanges = true;
        var whole = GeoTiffFile.Open(_server.Url("ramp.tif"));

        Assert.Equal("http.status", missing.Problem!.Code);
        Assert.Contains($"{_server.Url("no-such.tif")}: the server answered 404", missing.Problem.Message, StringComparison.Ordinal);
        Assert.Equal("http.no_ranges", whole.Problem!.Code);
        Assert.Contains("answer byte ranges (206)", whole.Problem.Message, StringComparison.Ordinal);
    }
}
