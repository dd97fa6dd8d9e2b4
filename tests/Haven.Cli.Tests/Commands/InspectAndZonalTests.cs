using System.Globalization;
using Haven.Cli.Tests.Support;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;

namespace Haven.Cli.Tests.Commands;

public sealed class InspectAndZonalTests : CliTest
{
    private string Write(string name, string text)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A 4 x 4 WGS 84 raster of 0.01 degree cells from (34.40, 31.54); row r, column c holds 10 r + c.</summary>
    private string Raster()
    {
        var grid = new RasterGrid(4, 4, GeoTransform.NorthUp(34.40, 31.54, 0.01, 0.01), 4326);
        var data = Enumerable.Range(0, 16).Select(i => (float)(i / 4 * 10 + i % 4)).ToArray();
        string path = Path.Combine(Dir, "r.tif");
        GeoTiffWriter.Write(path, new Raster<float>(grid, data, noData: -1));
        return path;
    }

    [Fact]
    public async Task Inspecting_valid_files_exits_0()
    {
        string geojson = Write("ok.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[34.4,31.5]}}]}""");
        string csv = Write("ok.csv", "pcode,people\n#adm2+code,#population\nPS01,10\n");

        Assert.Equal(0, await Haven("inspect", Raster(), geojson, csv));
    }

    [Theory]
    [InlineData("bad.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[200,31.5]}}]}""")]
    [InlineData("bad.csv", "a,b\n1,2,3\n")]
    [InlineData("bad.tif", "not a tiff")]
    [InlineData("notes.txt", "hello")]
    public async Task Inspecting_an_invalid_file_exits_2(string name, string content) =>
        Assert.Equal(ExitCodes.BadInput, await Haven("inspect", Write(name, content)));

    [Fact]
    public async Task Zonal_writes_one_row_per_polygon_with_its_id_and_exact_statistics()
    {
        // Polygon a covers cells (row 0, columns 0-1) fully: values 0 and 1.
        // Polygon b covers half of cell (row 1, column 2): value 12.
        string polygons = Write("p.geojson", """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":"a","properties":{},"geometry":{"type":"Polygon","coordinates":[[[34.40,31.53],[34.42,31.53],[34.42,31.54],[34.40,31.54],[34.40,31.53]]]}},
              {"type":"Feature","id":"b","properties":{},"geometry":{"type":"Polygon","coordinates":[[[34.42,31.52],[34.425,31.52],[34.425,31.53],[34.42,31.53],[34.42,31.52]]]}}
            ]}
            """);
        string output = Path.Combine(Dir, "z.csv");

        Assert.Equal(0, await Haven("zonal", "--raster", Raster(), "--polygons", polygons, "--stats", "count,coverage,sum,coverage_mean,min,max", "--out", output));

        var lines = File.ReadAllLines(output);
        Assert.Equal("id,count,coverage,sum,coverage_mean,min,max", lines[0]);
        var a = lines[1].Split(',');
        var b = lines[2].Split(',');
        Assert.Equal("a", a[0]);
        Assert.Equal([2, 2, 1, 0.5, 0, 1], a[1..].Select(v => Math.Round(double.Parse(v, CultureInfo.InvariantCulture), 6)));
        Assert.Equal("b", b[0]);
        Assert.Equal([1, 0.5, 6, 12, 12, 12], b[1..].Select(v => Math.Round(double.Parse(v, CultureInfo.InvariantCulture), 6)));
    }

    [Fact]
    public async Task Zonal_refuses_an_unknown_statistic_and_invalid_polygons_with_exit_2()
    {
        string polygons = Write("bad.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[34.4,31.5]}}]}""");

        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", polygons, "--out", Path.Combine(Dir, "a.csv")));
        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", polygons, "--stats", "median", "--out", Path.Combine(Dir, "b.csv")));
        Assert.False(File.Exists(Path.Combine(Dir, "a.csv")));
    }
}
