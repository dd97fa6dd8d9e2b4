using System.Globalization;
using Haven.Geo.Coverage;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.Coverage;

/// <summary>
/// A GeoPackage in the raster's CRS is read straight into shapes; the same layer read as features (as it is when its
/// geometries are written too) must give the same rows and refuse the same polygons. Synthetic layers, written by GDAL.
/// </summary>
public sealed class ZonalRunTests : IDisposable
{
    private const string Statistics = "count,sum,mean,min,max,median,majority,stdev";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A 20 x 20 raster of 10 m cells in UTM 36N from (600000, 3500200); cell (r, c) holds r * 20 + c, and (5, 5) is nodata.</summary>
    private string Raster()
    {
        var grid = new RasterGrid(20, 20, GeoTransform.NorthUp(600000, 3500200, 10, 10), 32636);
        var data = Enumerable.Range(0, 400).Select(i => i == 105 ? -9999f : i).ToArray();
        string path = _dir.File("r.tif");
        GeoTiffWriter.Write(path, new Raster<float>(grid, data, noData: -9999));
        return path;
    }

    /// <summary>A GeoPackage written by GDAL from GeoJSON features in EPSG:32636 (given as "properties" and "geometry" JSON).</summary>
    private string GeoPackage(params (string Properties, string Geometry)[] features)
    {
        string geojson = _dir.File("p.geojson");
        File.WriteAllText(geojson, """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32636"}},"features":["""
            + string.Join(",", features.Select(f => $$"""{"type":"Feature","properties":{{f.Properties}},"geometry":{{f.Geometry}}}"""))
            + "]}");
        string gpkg = _dir.File("p.gpkg");
        File.Delete(gpkg);
        Gdal.Run("ogr2ogr", "-f", "GPKG", "-nln", "footprints", gpkg, geojson);
        return gpkg;
    }

    private static ZonalRequest Request(string raster, string polygons, bool geometry, string? idField = null, string[]? include = null) =>
        new([raster], [1], polygons, ZonalStatistic.ParseList(Statistics).Value, IdField: idField, IncludeColumns: include, IncludeGeometry: geometry);

    private static readonly (string, string)[] Mixed =
    [
        // A rotated rectangle, a triangle, a polygon with a hole, a multipolygon, and a rectangle over the nodata cell.
        ("""{"name":"rotated","code":7}""", """{"type":"Polygon","coordinates":[[[600012,3500150],[600040,3500162],[600031,3500183],[600003,3500171],[600012,3500150]]]}"""),
        ("""{"name":"triangle","code":null}""", """{"type":"Polygon","coordinates":[[[600100,3500100],[600137,3500104],[600111,3500139],[600100,3500100]]]}"""),
        ("""{"name":"holed","code":9}""", """{"type":"Polygon","coordinates":[[[600020,3500020],[600090,3500020],[600090,3500090],[600020,3500090],[600020,3500020]],[[600041,3500041],[600063,3500041],[600063,3500063],[600041,3500063],[600041,3500041]]]}"""),
        ("""{"name":"two parts","code":1}""", """{"type":"MultiPolygon","coordinates":[[[[600150,3500150],[600170,3500150],[600170,3500170],[600150,3500170],[600150,3500150]]],[[[600180,3500010],[600195,3500010],[600195,3500030],[600180,3500010]]]]}"""),
        ("""{"name":"nodata","code":2}""", """{"type":"Polygon","coordinates":[[[600045,3500135],[600062,3500135],[600062,3500152],[600045,3500152],[600045,3500135]]]}"""),
    ];

    [Theory]
    [InlineData(null, null)]
    [InlineData("name", "code,name")]
    public void A_geopackage_in_the_rasters_crs_gives_the_same_ids_attributes_and_statistics_read_as_shapes_or_as_features(string? idField, string? include)
    {
        string raster = Raster(), gpkg = GeoPackage(Mixed);
        string[]? columns = include?.Split(',');

        var shapes = ZonalRun.Run(Request(raster, gpkg, geometry: false, idField, columns));
        var features = ZonalRun.Run(Request(raster, gpkg, geometry: true, idField, columns));

        Assert.True(shapes.Succeeded, shapes.Problem?.Message);
        Assert.True(features.Succeeded, features.Problem?.Message);
        Assert.Null(shapes.Value.Geometries);
        Assert.Equal(5, features.Value.Geometries!.Count);
        Assert.Equal(features.Value.Columns, shapes.Value.Columns);
        Assert.Equal(5, shapes.Value.Rows.Count);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(features.Value.Rows[i], shapes.Value.Rows[i]);
        }

        // Without an id field or "id" column, the id is the table's key as GDAL wrote it (1, 2, ...); with one, its value.
        Assert.Equal(idField is null ? ["1", "2", "3", "4", "5"] : Mixed.Select(m => (object)m.Item1.Split('"')[3]).ToArray(), shapes.Value.Rows.Select(r => r[0]).ToArray());
        // The rotated rectangle lies wholly over cells with values, so its count is its area in cells (100 m² each).
        double area = Math.Abs(Shoelace([600012, 600040, 600031, 600003, 600012], [3500150, 3500162, 3500183, 3500171, 3500150])) / 100;
        int countColumn = shapes.Value.Columns.ToList().IndexOf("count");
        Assert.Equal(area, (double)shapes.Value.Rows[0][countColumn]!, 9);
        if (columns is not null)
        {
            Assert.Equal([7L, null, 9L, 1L, 2L], shapes.Value.Rows.Select(r => r[1]).ToArray());
        }
    }

    [Fact]
    public void A_geopackage_in_the_wanted_crs_is_read_as_shapes_simple_rings_directly_and_holes_and_multipolygons_through_features()
    {
        string gpkg = GeoPackage(Mixed);

        var layer = Haven.Geo.Vector.GeoPackageLayers.ReadPolygons(gpkg, null, Haven.Geo.GeoJson.GeoJsonReadOptions.Polygons with { KeepCrs = true }, ["name"], crs => crs.Label == "EPSG:32636");
        var refused = Haven.Geo.Vector.GeoPackageLayers.ReadPolygons(gpkg, null, Haven.Geo.GeoJson.GeoJsonReadOptions.Polygons with { KeepCrs = true }, ["name"], _ => false);

        Assert.True(layer.Succeeded, layer.Problem?.Message);
        var shapes = layer.Value!.Shapes;
        Assert.Equal([1, 1, 2, 2, 1], shapes.Select(s => s!.RingCount).ToArray());
        Assert.Equal(Mixed.Select(m => m.Item1.Split('"')[3]).ToArray(), layer.Value.Columns[0]);
        Assert.Equal(["1", "2", "3", "4", "5"], layer.Value.OwnIds!);
        Assert.Empty(layer.Value.Problems);
        // Exterior rings counter-clockwise, holes clockwise, whatever order the file gave.
        Assert.True(Shoelace(shapes[2]!.Ring(0).X.ToArray(), shapes[2]!.Ring(0).Y.ToArray()) > 0);
        Assert.True(Shoelace(shapes[2]!.Ring(1).X.ToArray(), shapes[2]!.Ring(1).Y.ToArray()) < 0);
        Assert.True(refused.Succeeded);
        Assert.Null(refused.Value);
    }

    [Fact]
    public void A_self_crossing_polygon_in_a_geopackage_is_refused_with_the_same_message_read_as_shapes_or_as_features()
    {
        string raster = Raster();
        string gpkg = GeoPackage(Mixed[0], ("""{"name":"bow tie"}""", """{"type":"Polygon","coordinates":[[[600010,3500010],[600050,3500050],[600050,3500010],[600010,3500050],[600010,3500010]]]}"""));

        var shapes = ZonalRun.Run(Request(raster, gpkg, geometry: false));
        var features = ZonalRun.Run(Request(raster, gpkg, geometry: true));

        Assert.False(shapes.Succeeded);
        Assert.Equal(features.Problem!.Message, shapes.Problem!.Message);
        Assert.Contains("feature 1", shapes.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("Self-intersection", shapes.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_include_column_is_refused_naming_the_layers_columns_when_read_as_shapes()
    {
        var run = ZonalRun.Run(Request(Raster(), GeoPackage(Mixed), geometry: false, include: ["height"]));

        Assert.False(run.Succeeded);
        Assert.Equal("zonal.include_cols", run.Problem!.Code);
        Assert.Contains("'height'", run.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("name, code", run.Problem.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("unosat_damage_hexagons.geojson", 1504)]
    [InlineData("blocks.geojson", 603)]
    public void A_real_gaza_layer_converted_to_a_utm_geopackage_gives_the_same_rows_read_as_shapes_or_as_features(string layer, int features)
    {
        Skip.If(ReferenceData.Folder is null, "The real Gaza layers (../shared/data/gaza) are not beside the project.");
        string gpkg = _dir.File("real.gpkg");
        Gdal.Run("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:32636", "-nln", "real", gpkg, ReferenceData.File(layer));
        // A synthetic 100 m raster in UTM 36N over the whole Strip, each cell a different value.
        var utm = new Haven.Geo.Crs.UtmProjection(32636);
        var (west, south) = utm.FromWgs84(34.20, 31.20);
        var (east, north) = utm.FromWgs84(34.60, 31.62);
        int width = (int)((east - west) / 100) + 1, height = (int)((north - south) / 100) + 1;
        var grid = new RasterGrid(width, height, GeoTransform.NorthUp(Math.Floor(west), Math.Ceiling(north), 100, 100), 32636);
        string raster = _dir.File("strip.tif");
        GeoTiffWriter.Write(raster, new Raster<float>(grid, [.. Enumerable.Range(0, grid.CellCount).Select(i => (float)Math.Sin(i * 0.001) * 100)], noData: -9999));

        var shapes = ZonalRun.Run(Request(raster, gpkg, geometry: false));
        var asFeatures = ZonalRun.Run(Request(raster, gpkg, geometry: true));

        Assert.True(shapes.Succeeded, shapes.Problem?.Message);
        Assert.True(asFeatures.Succeeded, asFeatures.Problem?.Message);
        Assert.Equal(features, shapes.Value.Rows.Count);
        Assert.Equal(asFeatures.Value.Columns, shapes.Value.Columns);
        for (int i = 0; i < features; i++)
        {
            Assert.Equal(asFeatures.Value.Rows[i], shapes.Value.Rows[i]);
        }

        // Every polygon lies on the raster and covers some of it.
        int count = shapes.Value.Columns.ToList().IndexOf("count");
        Assert.All(shapes.Value.Rows, r => Assert.True((double)r[count]! > 0));
    }

    private static double Shoelace(double[] x, double[] y)
    {
        double twice = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            twice += x[i] * y[i + 1] - x[i + 1] * y[i];
        }

        return twice / 2;
    }

    [Fact]
    public void The_count_sum_mean_extremes_and_stdev_of_a_square_in_a_geopackage_are_those_of_the_four_cells_it_covers()
    {
        // Cells (rows 2-3, columns 1-2) wholly covered: values 41, 42, 61, 62.
        string gpkg = GeoPackage(("""{"name":"square"}""", """{"type":"Polygon","coordinates":[[[600010,3500160],[600030,3500160],[600030,3500180],[600010,3500180],[600010,3500160]]]}"""));

        var run = ZonalRun.Run(Request(Raster(), gpkg, geometry: false));

        Assert.True(run.Succeeded, run.Problem?.Message);
        var row = run.Value.Columns.Zip(run.Value.Rows[0]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(4.0, (double)row["count"]!, 12);
        Assert.Equal(206.0, (double)row["sum"]!, 9);
        Assert.Equal(51.5, (double)row["mean"]!, 9);
        Assert.Equal((41.0, 62.0), ((double)row["min"]!, (double)row["max"]!));
        Assert.Equal(Math.Sqrt(((10.5 * 10.5) + (9.5 * 9.5)) / 2), (double)row["stdev"]!, 9);
        Assert.Equal("1", Convert.ToString(row["id"], CultureInfo.InvariantCulture));
    }
}
