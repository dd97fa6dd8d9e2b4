using System.Globalization;
using System.IO.Compression;
using Haven.Cli.Tests.Support;
using Haven.Geo.Tests.Support;
using Haven.Storage.Sqlite;

namespace Haven.Cli.Tests.Commands;

/// <summary>
/// Every command that takes features, given the files a GIS user holds: GDAL's own GeoPackages and Shapefiles in
/// UTM, converted in the test from Haven's GeoJSON, give the same answers as the GeoJSON; outputs written as
/// GeoPackage or CSV are read back by GDAL with the same values.
/// </summary>
public sealed class GisFormatCommandTests : CliTest
{
    private const string NoGdal = "GDAL's ogr2ogr (Debian gdal-bin, installed by .ci/run) converts the inputs.";

    private static string Run(string tool, params string[] args) => Gdal.Run(tool, args);

    /// <summary>Rows of a layer as GDAL reads it, as CSV lines (header first), without geometry.</summary>
    private static string[] GdalRows(string path) =>
        Run("ogr2ogr", "-f", "CSV", "/vsistdout/", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private string Utm(string geojson, string name)
    {
        string path = Path.Combine(Dir, name);
        Run("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:32636", path, geojson);
        return path;
    }

    private string ShapefileZip(string geojson, string name)
    {
        string folder = Path.Combine(Dir, name + "-shp");
        Directory.CreateDirectory(folder);
        Run("ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:32636", "-nln", name, folder, geojson);
        string zip = Path.Combine(Dir, name + ".zip");
        ZipFile.CreateFromDirectory(folder, zip);
        return zip;
    }

    [SkippableFact]
    public async Task Assess_from_a_utm_geopackage_of_buildings_and_a_zipped_shapefile_of_areas_writes_geopackages_with_the_scores_of_the_geojson_run()
    {
        Skip.IfNot(Gdal.Installed, NoGdal);
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        string stack = Path.Combine(strip, "radar", "stack.csv");
        string[] common = ["--event", "2023-10-07", "--inference", "2023-10-15"];

        Assert.Equal(0, await Haven(["assess", "--stack", stack, .. common, "--buildings", Path.Combine(strip, "buildings.geojson"),
            "--areas", Path.Combine(strip, "areas.geojson"), "--out", Path.Combine(Dir, "geojson"), "--db", Path.Combine(Dir, "a.db")]));
        Assert.Equal(0, await Haven(["assess", "--stack", stack, .. common, "--buildings", Utm(Path.Combine(strip, "buildings.geojson"), "buildings.gpkg"),
            "--areas", ShapefileZip(Path.Combine(strip, "areas.geojson"), "areas"), "--format", "gpkg", "--out", Path.Combine(Dir, "gpkg"), "--db", Path.Combine(Dir, "b.db")]));

        using var geojson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "geojson", "buildings.geojson")));
        var want = geojson.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .ToDictionary(p => p.GetProperty("id").ToString(), p => (Score: p.GetProperty("score").ValueKind == System.Text.Json.JsonValueKind.Null ? (double?)null : p.GetProperty("score").GetDouble(), Damaged: p.GetProperty("damaged").GetBoolean()));
        var rows = GdalRows(Path.Combine(Dir, "gpkg", "buildings.gpkg"));
        var header = rows[0].Split(',');
        int id = Array.IndexOf(header, "id"), score = Array.IndexOf(header, "score"), damaged = Array.IndexOf(header, "damaged");
        Assert.Equal(want.Count, rows.Length - 1);
        // GDAL's CSV writer quotes numbers stored in text-like fields; the values are compared unquoted.
        foreach (var row in rows.Skip(1).Select(r => r.Replace("\"", string.Empty, StringComparison.Ordinal).Split(',')))
        {
            var (s, d) = want[row[id]];
            // The footprints came through UTM and back: coverage moves by nanometres, scores by less than their rounding.
            Assert.Equal(s, row[score].Length == 0 ? null : double.Parse(row[score], CultureInfo.InvariantCulture), new ToleranceComparer(0.0015));
            Assert.Equal(d, row[damaged] == "1");
        }

        var areasCsv = File.ReadAllLines(Path.Combine(Dir, "geojson", "areas.csv")).Skip(2).Select(l => string.Join(',', l.Split(',')[..6])).ToList();
        // GDAL writes dates as 2023/10/15 and quotes integers in CSV: the same values, written its way.
        var areasGpkg = GdalRows(Path.Combine(Dir, "gpkg", "areas.gpkg")).Skip(1)
            .Select(l => string.Join(',', l.Replace("\"", string.Empty, StringComparison.Ordinal).Replace('/', '-').Split(',')[..6])).ToList();
        Assert.Equal(areasCsv, areasGpkg);
        Assert.Single(await new SqliteStore(Path.Combine(Dir, "b.db")).ListAssessmentsAsync());
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "gpkg", "summary.json")));
        var inputs = summary.RootElement.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Contains(inputs, i => i.GetProperty("path").GetString()!.EndsWith("buildings.gpkg", StringComparison.Ordinal) && i.GetProperty("sha256").GetString()!.Length == 64);
        Assert.Contains(inputs, i => i.GetProperty("path").GetString()!.EndsWith("areas.zip", StringComparison.Ordinal));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double?>
    {
        public bool Equals(double? x, double? y) => x is null ? y is null : y is not null && Math.Abs(x.Value - y.Value) <= tolerance;

        public int GetHashCode(double? obj) => 0;
    }

    [SkippableFact]
    public async Task Export_by_extension_writes_a_geopackage_and_a_csv_gdal_reads_with_the_geojsons_features_and_values()
    {
        Skip.IfNot(Gdal.Installed, NoGdal);
        string db = await ImportedStripAsync();

        foreach (string ext in new[] { "geojson", "gpkg", "csv" })
        {
            Assert.Equal(0, await Haven("export", "blocks", "--out", Path.Combine(Dir, "blocks." + ext), "--db", db));
        }

        var fromGeojson = GdalRows(Path.Combine(Dir, "blocks.geojson"));
        var fromGpkg = GdalRows(Path.Combine(Dir, "blocks.gpkg"));
        Assert.True(fromGeojson.Length > 10);
        Assert.Equal(fromGeojson, fromGpkg);
        var csv = File.ReadAllLines(Path.Combine(Dir, "blocks.csv"));
        Assert.Equal(fromGeojson.Length, csv.Length);
        Assert.EndsWith(",geometry", csv[0], StringComparison.Ordinal);
        Assert.Contains("POLYGON", csv[1], StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, await Haven("export", "blocks", "--out", Path.Combine(Dir, "blocks.xlsx"), "--db", db));
    }

    [SkippableFact]
    public async Task Lookup_answers_a_utm_geopackage_of_points_as_it_answers_the_same_points_in_a_csv()
    {
        Skip.IfNot(Gdal.Installed, NoGdal);
        string db = await ImportedStripAsync();
        string csv = Path.Combine(Dir, "points.csv");
        File.WriteAllText(csv, "lon,lat\n33.87,31.36\n33.85,31.28\n0.5,31.5\n");
        string gpkg = Path.Combine(Dir, "points.gpkg");
        Run("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:32636", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-s_srs", "EPSG:4326", gpkg, csv);

        Assert.Equal(0, await Haven("lookup", "--points", csv, "--out", Path.Combine(Dir, "a.csv"), "--as-of", "2023-11-10", "--db", db));
        Assert.Equal(0, await Haven("lookup", "--points", gpkg, "--out", Path.Combine(Dir, "b.csv"), "--as-of", "2023-11-10", "--db", db));

        // Everything after the coordinates (which came back through UTM) is the same answer.
        static string[] Answers(string path) => [.. File.ReadAllLines(path).Select(l => string.Join(',', l.Split(',')[2..]))];
        Assert.Equal(Answers(Path.Combine(Dir, "a.csv")), Answers(Path.Combine(Dir, "b.csv")));
        Assert.StartsWith("inside,", Answers(Path.Combine(Dir, "b.csv"))[1], StringComparison.Ordinal);
        Assert.StartsWith("outside,", Answers(Path.Combine(Dir, "b.csv"))[3], StringComparison.Ordinal);
    }
}
