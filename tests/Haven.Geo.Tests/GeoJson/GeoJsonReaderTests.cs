using Haven.Geo.GeoJson;
using Haven.Geo.Tests.Support;
using NetTopologySuite.Geometries;

namespace Haven.Geo.Tests.GeoJson;

public sealed class GeoJsonReaderTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private const string Square = "[[[34.40, 31.50], [34.41, 31.50], [34.41, 31.51], [34.40, 31.51], [34.40, 31.50]]]";

    private string Collection(params string[] features)
    {
        string path = _tmp.File($"f{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, $$"""{"type": "FeatureCollection", "features": [{{string.Join(",", features)}}]}""");
        return path;
    }

    private static string Feature(string geometry, string id = "a") =>
        $$"""{"type": "Feature", "id": "{{id}}", "properties": {"name": "n"}, "geometry": {{geometry}}}""";

    private static GeoJsonIssue OnlyProblem(string path, GeoJsonReadOptions? options = null)
    {
        var result = GeoJsonReader.Read(path, options).Value;
        Assert.Empty(result.Features);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void A_valid_polygon_reads_with_its_properties_and_id()
    {
        var result = GeoJsonReader.Read(Collection(Feature($$"""{"type": "Polygon", "coordinates": {{Square}}}"""))).Value;

        var (index, feature) = Assert.Single(result.Features);
        Assert.Equal(0, index);
        Assert.True(result.IsClean);
        Assert.Equal("n", feature.Attributes["name"]);
        Assert.Equal("a", feature.Attributes["id"]);
        Assert.Equal(4326, feature.Geometry.SRID);
    }

    [Fact]
    public void A_file_that_starts_with_a_utf8_byte_order_mark_reads_as_without_it()
    {
        string path = _tmp.File("bom.geojson");
        string text = $$"""{"type": "FeatureCollection", "features": [{{Feature($$"""{"type": "Polygon", "coordinates": {{Square}}}""")}}]}""";
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);

        var result = GeoJsonReader.Read(path).Value;

        Assert.True(result.IsClean);
        Assert.Equal("a", Assert.Single(result.Features).Feature.Attributes["id"]);
    }

    [Fact]
    public void Invalid_json_is_a_problem_naming_the_file_and_line()
    {
        string path = _tmp.File("broken.geojson");
        File.WriteAllText(path, "{\n\"type\": \"FeatureCollection\",\n\"features\": [ {\"type\": \"Feature\" \"geometry\": null} ]\n}");

        var read = GeoJsonReader.Read(path);

        Assert.Equal("geojson.malformed", read.Problem!.Code);
        Assert.Contains("broken.geojson line 3", read.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_features_read_in_batches_keep_file_order_and_each_problem_names_its_index_in_the_file()
    {
        // 10,000 squares, a degree of longitude apart in hundredths; feature 4,500 (in the second batch) has an open ring.
        var features = Enumerable.Range(0, 10_000).Select(i =>
        {
            double x = 30 + i / 1000.0;
            string ring = i == 4_500
                ? FormattableString.Invariant($"[[[{x}, 31.5], [{x + 0.0005}, 31.5], [{x + 0.0005}, 31.5005], [{x}, 31.5005]]]")
                : FormattableString.Invariant($"[[[{x}, 31.5], [{x + 0.0005}, 31.5], [{x + 0.0005}, 31.5005], [{x}, 31.5005], [{x}, 31.5]]]");
            return Feature($$"""{"type": "Polygon", "coordinates": {{ring}}}""", id: $"b{i}");
        }).ToArray();

        var result = GeoJsonReader.Read(Collection(features)).Value;

        Assert.Equal(9_999, result.Features.Count);
        Assert.Equal([.. Enumerable.Range(0, 10_000).Where(i => i != 4_500)], result.Features.Select(f => f.Index));
        Assert.All(result.Features, f => Assert.Equal(30 + f.Index / 1000.0, f.Feature.Geometry.EnvelopeInternal.MinX, 9));
        Assert.Equal((4_500, "b4500", "geometry.ring_not_closed"), Assert.Single(result.Problems) is var p ? (p.FeatureIndex, p.FeatureId, p.Code) : default);
        Assert.Equal("b9999", result.FeatureIds[9_999].Text);
    }

    [Fact]
    public void A_legacy_crs_member_written_after_the_features_still_places_them()
    {
        string path = _tmp.File("crs_last.geojson");
        // A 10 m square near Gaza City in UTM zone 36N, with "type" and "crs" after the features.
        File.WriteAllText(path, """
            {"features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
              "coordinates": [[[620000, 3485000], [620010, 3485000], [620010, 3485010], [620000, 3485010], [620000, 3485000]]]}}],
             "type": "FeatureCollection",
             "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32636"}}}
            """);

        var result = GeoJsonReader.Read(path).Value;

        Assert.Equal("EPSG:32636", result.Crs);
        var centroid = Assert.Single(result.Features).Feature.Geometry.Centroid;
        Assert.InRange(centroid.X, 34.2, 34.4);
        Assert.InRange(centroid.Y, 31.4, 31.6);
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_and_a_property_named_crs_reads_in_wgs84_with_the_property_kept()
    {
        string path = _tmp.File("bom.geojson");
        string text = $$$"""{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"crs": "EPSG:32636"}, "geometry": {"type": "Polygon", "coordinates": {{{Square}}}}}]}""";
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);

        var result = GeoJsonReader.Read(path).Value;

        Assert.Equal("EPSG:4326", result.Crs);
        var feature = Assert.Single(result.Features).Feature;
        Assert.Equal("EPSG:32636", feature.Attributes["crs"]);
        Assert.Equal(34.405, feature.Geometry.Centroid.X, 9);
    }

    [Fact]
    public void Invalid_json_deep_in_the_features_is_a_problem_naming_its_line()
    {
        string path = _tmp.File("late.geojson");
        var lines = Enumerable.Range(0, 5_000).Select(i => Feature($$"""{"type": "Polygon", "coordinates": {{Square}}}""", id: $"b{i}") + ",").ToList();
        lines[4_999] = """{"type": "Feature", "geometry": null""";
        File.WriteAllText(path, "{\"type\": \"FeatureCollection\", \"features\": [\n" + string.Join("\n", lines) + "\n]}");

        var read = GeoJsonReader.Read(path);

        Assert.Equal("geojson.malformed", read.Problem!.Code);
        // The object opened on line 5,001 is cut off by the array's end on the next line.
        Assert.Contains("late.geojson line 5002, column 1", read.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_after_the_feature_collection_is_a_problem()
    {
        string path = _tmp.File("trailing.geojson");
        File.WriteAllText(path, $$"""{"type": "FeatureCollection", "features": [{{Feature($$"""{"type": "Polygon", "coordinates": {{Square}}}""")}}]} extra""");

        Assert.Equal("geojson.malformed", GeoJsonReader.Read(path).Problem?.Code);
    }

    [Fact]
    public void A_file_that_is_not_a_feature_collection_is_a_problem()
    {
        string path = _tmp.File("array.geojson");
        File.WriteAllText(path, "[1, 2, 3]");

        Assert.Equal("geojson.not_features", GeoJsonReader.Read(path).Problem!.Code);
    }

    [Fact]
    public void Each_problem_names_the_file_the_feature_index_and_id()
    {
        string path = Collection(
            Feature($$"""{"type": "Polygon", "coordinates": {{Square}}}""", "ok"),
            Feature("null", "nothing"));

        var result = GeoJsonReader.Read(path).Value;
        var problem = Assert.Single(result.Problems);

        Assert.Single(result.Features);
        Assert.Equal((1, "nothing", "geometry.null"), (problem.FeatureIndex, problem.FeatureId, problem.Code));
        Assert.Contains(Path.GetFileName(path), problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("feature 1 (id nothing)", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type": "Polygon", "coordinates": []}""", "geometry.empty")]
    [InlineData("""{"type": "Polygn", "coordinates": []}""", "geometry.type")]
    [InlineData("""{"type": "Polygon"}""", "geometry.coordinates")]
    [InlineData("""{"type": "Point", "coordinates": ["34.4", 31.5]}""", "geometry.coordinates")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[34.4, 31.5], [34.41, 31.5], [34.4, 31.5]]]}""", "geometry.ring_too_short")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[34.4, 31.5], [34.41, 31.5], [34.41, 31.51], [34.4, 31.51]]]}""", "geometry.ring_not_closed")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[34.4, 31.5], [34.41, 31.51], [34.41, 31.5], [34.4, 31.51], [34.4, 31.5]]]}""", "geometry.invalid")]
    [InlineData("""{"type": "Point", "coordinates": [200.5, 31.5]}""", "geometry.out_of_range")]
    [InlineData("""{"type": "Point", "coordinates": [31.5, 134.4]}""", "geometry.swapped")]
    public void Bad_geometries_are_reported_with_a_stable_code(string geometry, string code)
    {
        var problem = OnlyProblem(Collection(Feature(geometry)));

        Assert.Equal(code, problem.Code);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public void A_wrong_geometry_type_is_reported_when_polygons_are_expected()
    {
        var problem = OnlyProblem(Collection(Feature("""{"type": "Point", "coordinates": [34.4, 31.5]}""")), GeoJsonReadOptions.Polygons);

        Assert.Equal("geometry.unexpected_type", problem.Code);
        Assert.Contains("expected MultiPolygon or Polygon", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_coordinates_inside_the_valid_range_are_caught_against_an_expected_extent()
    {
        var gaza = new Envelope(34.2, 34.6, 31.2, 31.6);
        var problem = OnlyProblem(Collection(Feature("""{"type": "Point", "coordinates": [31.5, 34.4]}""")), new GeoJsonReadOptions { ExpectedExtent = gaza });

        Assert.Equal("geometry.swapped", problem.Code);
    }

    [Fact]
    public void A_feature_over_the_vertex_limit_is_refused()
    {
        var problem = OnlyProblem(Collection(Feature($$"""{"type": "Polygon", "coordinates": {{Square}}}""")), new GeoJsonReadOptions { MaxVerticesPerFeature = 4 });

        Assert.Equal("geometry.too_many_vertices", problem.Code);
    }

    [Fact]
    public void Repair_closes_rings_and_fixes_a_bow_tie_and_reports_both()
    {
        string path = Collection(
            Feature("""{"type": "Polygon", "coordinates": [[[34.4, 31.5], [34.41, 31.5], [34.41, 31.51], [34.4, 31.51]]]}""", "open"),
            Feature("""{"type": "Polygon", "coordinates": [[[34.4, 31.5], [34.42, 31.52], [34.42, 31.5], [34.4, 31.52], [34.4, 31.5]]]}""", "bowtie"));

        var result = GeoJsonReader.Read(path, new GeoJsonReadOptions { Repair = true }).Value;

        Assert.Equal(2, result.Features.Count);
        Assert.True(result.IsClean);
        Assert.Contains(result.Repairs, r => r.FeatureId == "open" && r.Message.Contains("closed exterior ring", StringComparison.Ordinal));
        Assert.Contains(result.Repairs, r => r.FeatureId == "bowtie" && r.Message.Contains("made valid", StringComparison.Ordinal));
        var bowtie = result.Features[1].Feature.Geometry;
        Assert.True(bowtie.IsValid);
        Assert.Equal(0.0002, bowtie.Area, 9); // both triangles of the bow tie are kept
    }

    [ReferenceTheory]
    [InlineData("blocks.geojson", 603)]
    [InlineData("governorates.geojson", 5)]
    [InlineData("municipalities.geojson", 46)]
    public void The_real_gaza_layers_read_with_every_feature_accounted_for(string file, int features)
    {
        var result = GeoJsonReader.Read(ReferenceData.File(file), new GeoJsonReadOptions { Repair = true, ExpectedExtent = new Envelope(34.0, 34.8, 31.0, 31.8) }).Value;

        Assert.Equal(features, result.FeatureCount);
        Assert.Equal(features, result.Features.Count + result.Problems.Count);
        Assert.All(result.Features, f => Assert.True(f.Feature.Geometry.IsValid));
    }
}
