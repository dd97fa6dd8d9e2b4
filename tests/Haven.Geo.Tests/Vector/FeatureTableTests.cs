using Haven.Geo.Tests.Support;
using Haven.Geo.Vector;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Geo.Tests.Vector;

public sealed class FeatureTableTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static FeatureTable Sample() => new(
        "zones",
        ["id", "count", "mean", "cells"],
        [["a", 2L, 0.5, new long[] { 1, 2 }], ["b", 0L, double.NaN, Array.Empty<long>()]],
        [new WKTReader().Read("POLYGON ((34.4 31.5, 34.41 31.5, 34.41 31.51, 34.4 31.5))"), null]);

    [Fact]
    public void Csv_writes_no_value_as_an_empty_cell_arrays_as_json_and_the_geometry_as_wkt()
    {
        string path = _tmp.File("t.csv");
        Sample().Write(path);

        var lines = File.ReadAllLines(path);
        Assert.Equal("id,count,mean,cells,geometry", lines[0]);
        Assert.Equal("a,2,0.5,\"[1,2]\",\"POLYGON ((34.4 31.5, 34.41 31.5, 34.41 31.51, 34.4 31.5))\"", lines[1]);
        Assert.Equal("b,0,,[],", lines[2]);
    }

    [SkippableFact]
    public void A_geopackage_written_by_haven_is_read_by_gdal_with_its_types_values_and_geometry()
    {
        Skip.IfNot(Gdal.Installed, "GDAL is needed to read the GeoPackage independently.");
        string path = _tmp.File("t.gpkg");
        Sample().Write(path);

        string info = Gdal.Run("ogrinfo", "-ro", "-al", path);
        Assert.Contains("Geometry: Polygon", info, StringComparison.Ordinal);
        Assert.Contains("count: Integer64", info, StringComparison.Ordinal);
        Assert.Contains("mean: Real", info, StringComparison.Ordinal);
        Assert.Contains("mean (Real) = 0.5", info, StringComparison.Ordinal);
        Assert.Contains("mean (Real) = (null)", info, StringComparison.Ordinal);
        Assert.Contains("POLYGON ((34.4 31.5,34.41 31.5,34.41 31.51,34.4 31.5))", info, StringComparison.Ordinal);
        var back = VectorReader.Read(path).Value;
        Assert.Equal(("GeoPackage", "EPSG:4326"), (back.Format, back.Crs));
    }

    [Fact]
    public void Geojson_writes_no_value_as_null_and_a_row_without_geometry_as_a_null_geometry()
    {
        string path = _tmp.File("t.geojson");
        Sample().Write(path);

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var features = document.RootElement.GetProperty("features");
        Assert.Equal(0.5, features[0].GetProperty("properties").GetProperty("mean").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, features[1].GetProperty("properties").GetProperty("mean").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, features[1].GetProperty("geometry").ValueKind);
        Assert.Equal(2, features[0].GetProperty("properties").GetProperty("cells").GetArrayLength());
    }

    [SkippableFact]
    public void A_geopackage_that_cannot_be_created_is_an_io_error_naming_the_file_not_a_database_exception()
    {
        // /proc accepts no new files: SQLite cannot create the GeoPackage there.
        Skip.IfNot(OperatingSystem.IsLinux(), "Uses /proc, where no file can be created.");
        var error = Assert.Throws<IOException>(() => Sample().Write("/proc/haven-feature-table.gpkg"));

        Assert.StartsWith("/proc/haven-feature-table.gpkg: the GeoPackage could not be written", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists("/proc/haven-feature-table.gpkg"));
    }

    [Fact]
    public void An_extension_haven_does_not_write_is_refused_before_anything_is_written()
    {
        Assert.NotNull(FeatureTable.CheckExtension("out.xlsx"));
        Assert.Throws<ArgumentException>(() => Sample().Write(_tmp.File("out.xlsx")));
        Assert.False(File.Exists(_tmp.File("out.xlsx")));
    }
}
