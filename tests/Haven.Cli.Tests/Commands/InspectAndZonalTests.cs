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

        Assert.Equal(0, await Haven("zonal", "--raster", Raster(), "--polygons", polygons, "--stats", "count,touched_count,sum,mean,touched_mean,min,max", "--out", output));

        var lines = File.ReadAllLines(output);
        Assert.Equal("id,count,touched_count,sum,mean,touched_mean,min,max", lines[0]);
        var a = lines[1].Split(',');
        var b = lines[2].Split(',');
        Assert.Equal("a", a[0]);
        Assert.Equal([2, 2, 1, 0.5, 0.5, 0, 1], a[1..].Select(v => Math.Round(double.Parse(v, CultureInfo.InvariantCulture), 6)));
        Assert.Equal("b", b[0]);
        Assert.Equal([0.5, 1, 6, 12, 12, 12, 12], b[1..].Select(v => Math.Round(double.Parse(v, CultureInfo.InvariantCulture), 6)));
    }

    [Fact]
    public async Task Zonal_refuses_an_unknown_or_renamed_statistic_points_for_polygons_and_an_unknown_output_extension_with_exit_2_writing_nothing()
    {
        string points = Write("bad.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[34.4,31.5]}}]}""");
        string square = Write("ok.geojson", """{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{},"geometry":{"type":"Polygon","coordinates":[[[34.40,31.53],[34.42,31.53],[34.42,31.54],[34.40,31.54],[34.40,31.53]]]}}]}""");

        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", points, "--out", Path.Combine(Dir, "a.csv")));
        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", square, "--stats", "loudest", "--out", Path.Combine(Dir, "b.csv")));
        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", square, "--stats", "coverage_mean", "--out", Path.Combine(Dir, "c.csv")));
        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", square, "--stats", "quantile(q=2)", "--out", Path.Combine(Dir, "d.csv")));
        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", square, "--out", Path.Combine(Dir, "e.xlsx")));
        Assert.Equal(ExitCodes.BadInput, await Haven("zonal", "--raster", Raster(), "--polygons", square, "--stats", "weighted_mean", "--out", Path.Combine(Dir, "f.csv")));
        Assert.DoesNotContain(Directory.EnumerateFiles(Dir, "?.*"), f => !f.EndsWith(".tif", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Zonal_reads_a_gdal_geopackage_in_utm_and_writes_a_geopackage_gdal_reads_with_the_same_figures_as_from_geojson()
    {
        Skip.IfNot(global::Haven.Geo.Tests.Support.Gdal.Installed, "GDAL's ogr2ogr (Debian gdal-bin, installed by .ci/run) writes the GeoPackage.");
        string polygons = Write("p.geojson", """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"id":"a","name":"first"},"geometry":{"type":"Polygon","coordinates":[[[34.401,31.531],[34.418,31.532],[34.417,31.539],[34.402,31.538],[34.401,31.531]]]}},
              {"type":"Feature","properties":{"id":"b","name":"second"},"geometry":{"type":"Polygon","coordinates":[[[34.421,31.521],[34.433,31.522],[34.431,31.527],[34.422,31.526],[34.421,31.521]]]}}
            ]}
            """);
        string gpkg = Path.Combine(Dir, "p.gpkg");
        Run("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:32636", "-nln", "footprints", gpkg, polygons);
        string stats = "count,sum,mean,min,max,median,stdev,majority";

        Assert.Equal(0, await Haven("zonal", "--raster", Raster(), "--polygons", polygons, "--stats", stats, "--include-cols", "name", "--out", Path.Combine(Dir, "from-geojson.csv")));
        Assert.Equal(0, await Haven("zonal", "--raster", Raster(), "--polygons", gpkg, "--stats", stats, "--include-cols", "name", "--include-geom", "--out", Path.Combine(Dir, "z.gpkg")));

        var expected = File.ReadAllLines(Path.Combine(Dir, "from-geojson.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        string gdal = Run("ogr2ogr", "-f", "CSV", "/vsistdout/", Path.Combine(Dir, "z.gpkg"));
        var rows = gdal.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(2, rows.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(expected[i][0..2], rows[i][0..2]);
            var want = expected[i][2..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var got = rows[i][2..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(want.Length, got.Length);
            for (int k = 0; k < want.Length; k++)
            {
                // The round trip through UTM moves vertices by nanometres: coverage agrees far below a cell.
                Assert.Equal(want[k], got[k], 6);
            }
        }
    }

    private static string Run(string tool, params string[] args) => global::Haven.Geo.Tests.Support.Gdal.Run(tool, args);
}
