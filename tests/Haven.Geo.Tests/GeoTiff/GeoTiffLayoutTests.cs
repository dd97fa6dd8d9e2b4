using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.GeoTiff;

/// <summary>Files opened again from the layout of an earlier opening (what every reader thread of a stack does).</summary>
public sealed class GeoTiffLayoutTests : IDisposable
{
    private static readonly RasterGrid Grid = new(300, 200, GeoTransform.NorthUp(580_000, 3_472_000, 10, 10), 32636);
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    public static TheoryData<string> Layouts => new() { "deflate-tiles", "deflate-fp-tiles", "lzw-strips", "plain-strips", "plain-tiles" };

    private string Write(string layout, float[] data)
    {
        string path = _tmp.File(layout + ".tif");
        var options = layout switch
        {
            "deflate-tiles" => new GeoTiffWriteOptions { TileSize = 64 },
            "deflate-fp-tiles" => new GeoTiffWriteOptions { TileSize = 64, Predictor = GeoTiffPredictor.FloatingPoint },
            "lzw-strips" => new GeoTiffWriteOptions { Compression = GeoTiffCompression.Lzw },
            "plain-strips" => new GeoTiffWriteOptions { Compression = GeoTiffCompression.None },
            _ => new GeoTiffWriteOptions { Compression = GeoTiffCompression.None, TileSize = 64 },
        };
        GeoTiffWriter.Write(path, Grid, [data], -99, options);
        return path;
    }

    /// <summary>A DEFLATE file in tiles and the layout read when it was opened (the file closed again).</summary>
    private (string Path, GeoTiffLayout Layout) DeflateTilesAndLayout()
    {
        string path = Write("deflate-tiles", TestRasters.Ramp<float>(Grid));
        using var first = GeoTiffFile.Open(path).Value;
        return (path, first.Layout);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_file_opened_from_its_layout_reads_every_cell_and_window_as_the_file_opened_afresh(string layout)
    {
        var data = TestRasters.Ramp<float>(Grid, offset: 0.25);
        string path = Write(layout, data);
        using var first = GeoTiffFile.Open(path).Value;

        using var again = GeoTiffFile.Open(first.Layout).Value;

        Assert.Equal(first.Info, again.Info);
        Assert.Equal(data, again.ReadWindow<float>(1, RasterWindow.Full(Grid)).Value);
        var window = new RasterWindow(61, 63, 70, 5); // across tile and strip edges
        Assert.Equal(first.ReadWindow<float>(1, window).Value, again.ReadWindow<float>(1, window).Value);
    }

    [SkippableFact]
    public void A_scheme_only_libtiff_decodes_is_read_from_the_layout_by_opening_libtiff_when_first_needed()
    {
        Skip.IfNot(Gdal.Installed, "GDAL (gdal_translate) is not installed; .ci/run installs Debian's gdal-bin.");
        var data = TestRasters.Ramp<float>(Grid);
        string plain = Write("plain-strips", data), packed = _tmp.File("packbits.tif");
        Gdal.Run("gdal_translate", "-q", "-co", "COMPRESS=PACKBITS", plain, packed);
        using var first = GeoTiffFile.Open(packed).Value;
        Assert.Equal(GeoTiffCompression.Other, first.Info.Compression);

        using var again = GeoTiffFile.Open(first.Layout).Value;

        Assert.Equal(data, again.ReadWindow<float>(1, RasterWindow.Full(Grid)).Value);
    }

    [Fact]
    public void A_file_rewritten_since_its_layout_was_read_is_read_as_it_is_now()
    {
        var (path, layout) = DeflateTilesAndLayout();

        // Rewritten in strips with other values, and given a later time of writing.
        var now = TestRasters.Ramp<float>(Grid, offset: 1000);
        GeoTiffWriter.Write(path, Grid, [now], -99, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        using var again = GeoTiffFile.Open(layout).Value;

        Assert.False(again.Info.Tiled);
        Assert.Equal(now, again.ReadWindow<float>(1, RasterWindow.Full(Grid)).Value);
    }

    [Fact]
    public void A_damaged_tile_read_through_the_layout_is_named_as_when_read_afresh()
    {
        var (path, layout) = DeflateTilesAndLayout();

        var bytes = File.ReadAllBytes(path);
        long offset = layout.Offsets[4];
        for (long i = offset + 2; i < offset + 40; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var time = File.GetLastWriteTimeUtc(path);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time); // the same size and time: the layout is taken as it is

        using var fresh = GeoTiffFile.Open(path).Value;
        using var again = GeoTiffFile.Open(layout).Value;
        var expected = fresh.ReadWindow<float>(1, RasterWindow.Full(Grid)).Problem!;
        var problem = again.ReadWindow<float>(1, RasterWindow.Full(Grid)).Problem!;

        Assert.Equal("geotiff.corrupt", expected.Code);
        Assert.Equal(expected.Code, problem.Code);
        Assert.Equal(expected.Message, problem.Message);
    }
}
