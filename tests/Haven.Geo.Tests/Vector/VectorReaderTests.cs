using System.IO.Compression;
using Haven.Geo.GeoJson;
using Haven.Geo.Tests.Support;
using Haven.Geo.Vector;

namespace Haven.Geo.Tests.Vector;

/// <summary>
/// The real Gaza blocks (603 polygons) converted by GDAL in the test into each format and CRS a GIS user holds,
/// read back by Haven: every block, its attributes, and its position within a tenth of a metre of the original.
/// </summary>
public sealed class VectorReaderTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static bool Ready => Gdal.Installed && ReferenceData.Folder is not null;

    private static string Blocks => ReferenceData.File("blocks.geojson");

    private string Convert(string name, params string[] options)
    {
        string path = _tmp.File(name);
        Gdal.Run("ogr2ogr", [.. options, path, Blocks]);
        return path;
    }

    /// <summary>Every block read from <paramref name="source"/> has the original's block number and lies where it does (centroids within 1e-6 degrees).</summary>
    private static void AssertSameBlocks(string source, string format, string crs, string? layer = null)
    {
        var original = GeoJsonReader.Read(Blocks, GeoJsonReadOptions.Polygons).Value;
        var read = VectorReader.Read(source, GeoJsonReadOptions.Polygons, layer);

        Assert.True(read.Succeeded, read.Problem?.Message);
        Assert.True(read.Value.IsClean, string.Join("\n", read.Value.Problems.Take(3)));
        Assert.Equal((format, crs), (read.Value.Format, read.Value.Crs));
        Assert.Equal(original.Features.Count, read.Value.Features.Count);
        for (int i = 0; i < original.Features.Count; i++)
        {
            var want = original.Features[i].Feature;
            var got = read.Value.Features[i].Feature;
            Assert.Equal(System.Convert.ToInt64(want.Attributes["block"]), System.Convert.ToInt64(got.Attributes["block"]));
            // Numbers come back as the numbers GeoJSON gives (a dBASE decimal as a double), so every reader sees one kind.
            Assert.Equal((double)want.Attributes["area_km2"], Assert.IsType<double>(got.Attributes["area_km2"] is string text ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : got.Attributes["area_km2"]), 9);
            Assert.Equal(want.Geometry.Centroid.X, got.Geometry.Centroid.X, 1e-6);
            Assert.Equal(want.Geometry.Centroid.Y, got.Geometry.Centroid.Y, 1e-6);
        }
    }

    [SkippableFact]
    public void A_geopackage_in_utm_36n_reads_back_every_block_in_place()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        AssertSameBlocks(Convert("blocks.gpkg", "-f", "GPKG", "-t_srs", "EPSG:32636", "-nln", "blocks"), "GeoPackage", "EPSG:32636");
    }

    [SkippableFact]
    public void A_geojson_in_utm_with_the_legacy_crs_member_reads_back_every_block_in_place()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        string path = Convert("blocks_utm.geojson", "-f", "GeoJSON", "-t_srs", "EPSG:32636");
        Assert.Contains("urn:ogc:def:crs:EPSG::32636", File.ReadAllText(path), StringComparison.Ordinal);
        AssertSameBlocks(path, "GeoJSON", "EPSG:32636");
    }

    [SkippableFact]
    public void A_shapefile_with_its_prj_reads_back_every_block_in_place_as_a_shp_a_folder_and_a_zip()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        string folder = _tmp.File("shp");
        Directory.CreateDirectory(folder);
        Gdal.Run("ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:32636", "-nln", "blocks", folder, Blocks);
        string zip = _tmp.File("blocks.zip");
        ZipFile.CreateFromDirectory(folder, zip);

        AssertSameBlocks(Path.Combine(folder, "blocks.shp"), "Shapefile", "WGS_1984_UTM_Zone_36N");
        AssertSameBlocks(folder, "Shapefile", "WGS_1984_UTM_Zone_36N");
        AssertSameBlocks(zip, "Shapefile", "WGS_1984_UTM_Zone_36N");
    }

    [SkippableFact]
    public void A_csv_with_a_wkt_column_reads_back_every_block_in_place()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        AssertSameBlocks(Convert("blocks.csv", "-f", "CSV", "-lco", "GEOMETRY=AS_WKT"), "CSV", "EPSG:4326");
    }

    [SkippableFact]
    public void Web_mercator_is_read_on_the_sphere_it_is_defined_on()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        AssertSameBlocks(Convert("merc.gpkg", "-f", "GPKG", "-t_srs", "EPSG:3857"), "GeoPackage", "EPSG:3857");
    }

    [SkippableFact]
    public void A_geopackage_of_two_layers_names_both_when_none_is_chosen_and_reads_the_one_chosen_by_option_or_suffix()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        string path = Convert("two.gpkg", "-f", "GPKG", "-t_srs", "EPSG:32636", "-nln", "blocks");
        Gdal.Run("ogr2ogr", "-update", "-f", "GPKG", "-nln", "governorates", path, ReferenceData.File("governorates.geojson"));

        var none = VectorReader.Read(path, GeoJsonReadOptions.Polygons);
        Assert.Equal("vector.layer", none.Problem?.Code);
        Assert.Contains("blocks, governorates", none.Problem!.Message, StringComparison.Ordinal);
        AssertSameBlocks(path, "GeoPackage", "EPSG:32636", layer: "blocks");
        AssertSameBlocks(path + "|layername=blocks", "GeoPackage", "EPSG:32636");
        Assert.Equal(5, VectorReader.Read(path + "|layername=governorates").Value.Features.Count);
        Assert.Equal("vector.layer", VectorReader.Read(path, layer: "roads").Problem?.Code);
    }

    [SkippableFact]
    public void A_geopackage_with_a_truncated_blob_and_a_null_geometry_lists_those_two_features_by_index_and_reads_every_other_block()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        string path = Convert("damaged.gpkg", "-f", "GPKG", "-t_srs", "EPSG:32636", "-nln", "blocks");
        Sql(path, "UPDATE blocks SET geom = X'47500003' WHERE fid = 3", "UPDATE blocks SET geom = NULL WHERE fid = 5");

        var read = VectorReader.Read(path, GeoJsonReadOptions.Polygons).Value;

        var problems = read.Problems.OrderBy(p => p.FeatureIndex).ToList();
        Assert.Equal([(2, "geometry.null"), (4, "geometry.null")], problems.Select(p => (p.FeatureIndex, p.Code)));
        Assert.Contains("the geometry blob cannot be read", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("geometry is missing or null", problems[1].Message, StringComparison.Ordinal);
        Assert.Equal(GeoJsonReader.Read(Blocks, GeoJsonReadOptions.Polygons).Value.Features.Count - 2, read.Features.Count);
        Assert.All(read.Features, f => Assert.IsType<long>(f.Feature.Attributes["block"]));
    }

    [SkippableFact]
    public void A_geopackage_whose_geometry_column_is_not_in_its_table_is_refused_naming_the_column()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        string path = Convert("renamed.gpkg", "-f", "GPKG", "-t_srs", "EPSG:32636", "-nln", "blocks");
        Sql(path, "UPDATE gpkg_geometry_columns SET column_name = 'shape'");

        var read = VectorReader.Read(path, GeoJsonReadOptions.Polygons);

        Assert.Equal("gpkg.no_geometry", read.Problem?.Code);
        Assert.Contains("\"shape\"", read.Problem!.Message, StringComparison.Ordinal);
    }

    /// <summary>Statements run on a GeoPackage as plain SQLite, its triggers (which call GDAL's spatial functions) dropped first.</summary>
    private static void Sql(string path, params string[] statements)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var triggers = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'trigger'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                triggers.Add(reader.GetString(0));
            }
        }

        foreach (string statement in triggers.Select(t => $"DROP TRIGGER \"{t}\"").Concat(statements))
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    [SkippableFact]
    public void A_crs_on_another_datum_without_a_shift_to_wgs84_is_refused_by_name_not_placed_tens_of_metres_off()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        var read = VectorReader.Read(Convert("itm.gpkg", "-f", "GPKG", "-t_srs", "EPSG:2039"));

        Assert.Equal("crs.no_datum_shift", read.Problem?.Code);
        Assert.Contains("Israel 1993 / Israeli TM Grid", read.Problem!.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_shapefile_without_its_prj_is_refused_as_of_unknown_crs()
    {
        Skip.IfNot(Ready, "GDAL and the Gaza reference layers are needed.");
        string folder = _tmp.File("noprj");
        Directory.CreateDirectory(folder);
        Gdal.Run("ogr2ogr", "-f", "ESRI Shapefile", "-nln", "blocks", folder, Blocks);
        File.Delete(Path.Combine(folder, "blocks.prj"));

        Assert.Equal("crs.missing", VectorReader.Read(folder).Problem?.Code);
    }

    [Fact]
    public void A_geojson_naming_an_epsg_code_haven_has_no_definition_for_is_refused_naming_it()
    {
        string path = _tmp.File("itm.geojson");
        File.WriteAllText(path, """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2039"}},"features":[]}""");

        var read = VectorReader.Read(path);

        Assert.Equal("crs.unsupported", read.Problem?.Code);
        Assert.Contains("EPSG:2039", read.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utm_geojson_written_without_a_crs_member_is_refused_feature_by_feature_as_out_of_range()
    {
        string path = _tmp.File("bare.geojson");
        File.WriteAllText(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[620000,3462000]}}]}""");

        var read = VectorReader.Read(path).Value;

        Assert.Equal("geometry.out_of_range", Assert.Single(read.Problems).Code);
    }

    [Theory]
    [InlineData("notes.txt", "just words", "vector.unknown_format")]
    [InlineData("points.csv", "name,value\nA,1\n", "csv.no_geometry")]
    [InlineData("bad.csv", "lon,lat,name\n34.4,north,A\n", null)]
    public void Files_that_are_not_readable_features_say_what_was_expected(string name, string content, string? code)
    {
        string path = _tmp.File(name);
        File.WriteAllText(path, content);

        var read = VectorReader.Read(path);

        if (code is null)
        {
            // Read, with the row that holds no position listed by its line.
            var problem = Assert.Single(read.Value.Problems);
            Assert.Contains("line 2", problem.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(code, read.Problem?.Code);
        }
    }

    [Fact]
    public void A_csv_of_longitude_and_latitude_gives_points_with_the_other_columns_as_attributes()
    {
        string path = _tmp.File("sites.csv");
        File.WriteAllText(path, "id,lon,lat,name\ns1,34.45,31.5,Clinic\ns2,34.3,31.3,Well\n");

        var read = VectorReader.Read(path).Value;

        Assert.Equal(2, read.Features.Count);
        var first = read.Features[0].Feature;
        Assert.Equal((34.45, 31.5), (first.Geometry.Coordinate.X, first.Geometry.Coordinate.Y));
        Assert.Equal(("s1", "Clinic"), ((string)first.Attributes["id"], (string)first.Attributes["name"]));
    }
}
