using System.Text.Json;
using Haven.Geo.GeoJson;
using Haven.Geo.Tests.Support;
using NetTopologySuite.Features;

namespace Haven.Geo.Tests.GeoJson;

/// <summary>
/// A FeatureCollection file is read feature by feature, features of the common kind straight from their bytes. Whatever
/// the kind, the result must be the one the general path gives reading the same text as one document
/// (<see cref="GeoJsonReader.Read(JsonElement, string, GeoJsonReadOptions)"/>): the same features, geometries,
/// attributes (names, order, values and their types), ids, problems and repairs.
/// </summary>
public sealed class SimpleFeatureTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private const string Ring = "[[34.40, 31.50], [34.41, 31.50], [34.41, 31.51], [34.40, 31.51], [34.40, 31.50]]";
    private const string Hole = "[[34.402, 31.502], [34.402, 31.503], [34.403, 31.503], [34.403, 31.502], [34.402, 31.502]]";
    private const string Polygon = $$"""{"type": "Polygon", "coordinates": [{{Ring}}]}""";

    /// <summary>Features of every kind the fast path takes or declines, each with what it tests.</summary>
    public static readonly string[] HandMadeFeatures =
    [
        // taken: the common kinds
        $$"""{"type": "Feature", "id": "a", "properties": {"name": "n", "floors": 3, "height": 7.5, "ok": true, "no": false, "gone": null}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "id": 17, "properties": {"name": "own number id"}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "id": 1.50, "properties": {}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "properties": {"id": "p-1"}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "properties": {"id": 99999999999999999999}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "id": "own", "properties": {"id": "property"}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "properties": null, "geometry": {{Polygon}}}""",
        $$"""{"properties": {"b": 1}, "geometry": {"coordinates": [{{Ring}}], "type": "Polygon"}, "type": "Feature"}""",
        $$$"""{"type": "Feature", "bbox": [34.4, 31.5, 34.41, 31.51], "properties": {}, "geometry": {"type": "Polygon", "bbox": [0, 0, 1, 1], "coordinates": [{{{Ring}}}]}}""",
        $$"""{"type": "Feature", "properties": {"nested": {"a": [1, 2]}, "list": ["x", 2]}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "properties": {"name": "Gaza \u0041 \"quoted\" غزة"}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "properties": {"typ\u0065": "escaped name"}, "geometry": {{Polygon}}}""",
        $$$"""{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [{{{Ring}}}, {{{Hole}}}]}}""",
        $$"""{"type": "Feature", "properties": {"big": 1e300, "small": -2.5e-300, "neg": -4}, "geometry": {{Polygon}}}""",
        $$$"""{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[{{{Ring}}}], [{{{Hole}}}]]}}""",
        $$$"""{"type": "Feature", "id": 5, "properties": {"m": 1}, "geometry": {"coordinates": [[{{{Ring}}}, {{{Hole}}}]], "type": "MultiPolygon"}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[34.40, 31.50], [34.41, 31.50], [34.41, 31.51], [34.40, 31.50]]], [[[34.50, 31.50], [34.51, 31.50], [34.51, 31.51], [34.50, 31.50]]]]}}""",
        // declined, read by the general path
        $$$"""{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[{{{Ring}}}]]}}""",
        $$$"""{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [{{{Ring}}}]}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": []}}""",
        $$$"""{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[{{{Ring}}}], []]}}""",
        $$"""{"type": "Feature", "properties": {"dup": 1, "dup": 2}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "type": "Feature", "properties": {}, "geometry": {{Polygon}}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[34.40, 31.50, 5], [34.41, 31.50, 5], [34.41, 31.51, 5], [34.40, 31.50, 5]]]}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[34.40, 31.50], [34.41, 31.50], [34.41, 31.51], [34.40, 31.51]]]}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[34.40, 31.50], [34.41, 31.50], [34.40, 31.50]]]}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": []}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[34.40, 31.50], [34.40, 31.50], ["x", 1]]]}}""",
        """{"type": "Feature", "properties": {}, "geometry": null}""",
        """{"type": "Feature", "properties": {}}""",
        $$"""{"type": "Spot", "properties": {}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "properties": [1, 2], "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "id": true, "properties": {}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "id": "lone", "properties": {"name": "\uD800"}, "geometry": {{Polygon}}}""",
        $$"""{"type": "Feature", "properties": {"\uDC00": 1}, "geometry": {{Polygon}}}""",
        """{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [34.4, 31.5]}}""",
        // taken, then refused or repaired by the checks every feature passes
        """{"type": "Feature", "id": "bowtie", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[34.40, 31.50], [34.41, 31.51], [34.41, 31.50], [34.40, 31.51], [34.40, 31.50]]]}}""",
        """{"type": "Feature", "id": "far", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[200, 31.50], [201, 31.50], [201, 31.51], [200, 31.50]]]}}""",
        """{"type": "Feature", "id": "swapped", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[31.5, 134.40], [31.5, 134.41], [31.51, 134.41], [31.5, 134.40]]]}}""",
    ];

    /// <summary>How many of <see cref="HandMadeFeatures"/>, from the first, are of the kind read from their bytes; the three last are taken too.</summary>
    private const int Taken = 17;

    [Fact]
    public void The_common_kinds_are_read_from_their_bytes_and_every_other_kind_is_declined()
    {
        var factory = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326);
        var taken = HandMadeFeatures.Select(f => SimpleFeature.TryRead(System.Text.Encoding.UTF8.GetBytes(f), factory, out _)).ToList();

        Assert.All(taken.Take(Taken), Assert.True);
        Assert.All(taken.Skip(Taken).SkipLast(3), Assert.False);
        Assert.All(taken.TakeLast(3), Assert.True);
    }

    private string Collection(IEnumerable<string> features, string? crs = null)
    {
        string path = _tmp.File($"f{Guid.NewGuid():N}.geojson");
        string member = crs is null ? string.Empty : "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"" + crs + "\"}}, ";
        File.WriteAllText(path, $$"""{"type": "FeatureCollection", {{member}}"features": [{{string.Join(",\n", features)}}]}""");
        return path;
    }

    public static TheoryData<string> Options => ["default", "polygons", "repair"];

    private static GeoJsonReadOptions Named(string name) => name switch
    {
        "polygons" => GeoJsonReadOptions.Polygons,
        "repair" => new GeoJsonReadOptions { Repair = true },
        _ => GeoJsonReadOptions.Default,
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_hand_made_feature_is_read_as_the_general_path_reads_it(string options)
    {
        string path = Collection(HandMadeFeatures);

        var (fast, general) = BothWays(path, Named(options));

        AssertSame(general, fast);
        Assert.Equal(HandMadeFeatures.Length, fast.FeatureCount);
        Assert.NotEmpty(fast.Features);
        Assert.NotEmpty(fast.Problems);
    }

    [Fact]
    public void Features_in_a_utm_file_are_projected_as_the_general_path_projects_them()
    {
        const string utm = """{"type": "Polygon", "coordinates": [[[600000, 3500000], [600010, 3500000], [600010, 3500010], [600000, 3500010], [600000, 3500000]]]}""";
        string path = Collection(Enumerable.Range(0, 300).Select(i => $$"""{"type": "Feature", "id": {{i}}, "properties": {"n": {{i}}}, "geometry": {{utm}}}"""), "urn:ogc:def:crs:EPSG::32636");

        foreach (var options in new[] { GeoJsonReadOptions.Default, new GeoJsonReadOptions { KeepCrs = true } })
        {
            var (fast, general) = BothWays(path, options);

            AssertSame(general, fast);
            Assert.Equal(300, fast.Features.Count);
        }
    }

    [Fact]
    public void More_features_than_one_batch_keep_their_indexes_ids_and_problems_in_file_order()
    {
        // 10,000 features over three batches: every seventh is a bowtie, refused, so indexes and problems must line up.
        string path = Collection(Enumerable.Range(0, 10_000).Select(i => i % 7 == 3
            ? HandMadeFeatures[^3].Replace("\"bowtie\"", $"\"b{i}\"", StringComparison.Ordinal)
            : HandMadeFeatures[0].Replace("\"a\"", $"\"f{i}\"", StringComparison.Ordinal)));

        var (fast, general) = BothWays(path, GeoJsonReadOptions.Polygons);

        AssertSame(general, fast);
        Assert.Equal(10_000 - 1_429, fast.Features.Count);
        Assert.Equal("f9998", fast.FeatureIds[9998].Text);
        Assert.Equal(1_429, fast.Problems.Count);
        Assert.All(fast.Problems, p => Assert.Equal($"b{p.FeatureIndex}", p.FeatureId));
    }

    [Fact]
    public void A_ring_of_forty_thousand_positions_and_the_small_features_after_it_are_read_as_the_general_path_reads_them()
    {
        // A circle of 40,000 positions outgrows the buffer a thread keeps between rings (32,768 positions).
        var circle = Enumerable.Range(0, 40_000).Select(i => FormattableString.Invariant($"[{34.4 + (0.01 * Math.Cos(i * 2 * Math.PI / 40_000)):R}, {31.5 + (0.01 * Math.Sin(i * 2 * Math.PI / 40_000)):R}]")).ToList();
        circle.Add(circle[0]);
        string big = $$$"""{"type": "Feature", "id": "circle", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[{{{string.Join(", ", circle)}}}]]}}""";
        string path = Collection(new[] { big }.Concat(Enumerable.Repeat(HandMadeFeatures[0], 300)));

        var (fast, general) = BothWays(path, GeoJsonReadOptions.Polygons);

        AssertSame(general, fast);
        Assert.Equal(301, fast.Features.Count);
        Assert.Equal(40_001, fast.Features[0].Feature.Geometry.NumPoints);
    }

    [SkippableTheory]
    [InlineData("blocks.geojson")]
    [InlineData("governorates.geojson")]
    [InlineData("evacuation_orders.geojson")]
    [InlineData("humanitarian_area_mawasi.geojson")]
    [InlineData("municipalities.geojson")]
    [InlineData("unosat_damage_hexagons.geojson")]
    [InlineData("unosat_damage_sites_2023-11-07.geojson")]
    [InlineData("health_facilities.geojson")]
    [InlineData("places.geojson")]
    public void Every_feature_of_a_real_gaza_layer_is_read_as_the_general_path_reads_it(string layer)
    {
        Skip.If(ReferenceData.Folder is null, "The Gaza reference layers (../shared/data/gaza) are not beside the project.");

        var (fast, general) = BothWays(ReferenceData.File(layer), GeoJsonReadOptions.Default);

        AssertSame(general, fast);
        Assert.NotEmpty(fast.Features);
    }

    [SkippableTheory]
    [InlineData("blocks.geojson")]
    [InlineData("governorates.geojson")]
    [InlineData("municipalities.geojson")]
    [InlineData("unosat_damage_hexagons.geojson")]
    [InlineData("evacuation_orders.geojson")]
    public void Every_polygon_and_multipolygon_feature_of_a_real_gaza_layer_is_read_from_its_bytes(string layer)
    {
        Skip.If(ReferenceData.Folder is null, "The Gaza reference layers (../shared/data/gaza) are not beside the project.");
        using var document = JsonDocument.Parse(File.ReadAllBytes(ReferenceData.File(layer)));
        var factory = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326);
        var polygonal = document.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("geometry").GetProperty("type").GetString() is "Polygon" or "MultiPolygon").ToList();

        var declined = polygonal.Where(f => !SimpleFeature.TryRead(System.Text.Encoding.UTF8.GetBytes(f.GetRawText()), factory, out _)).Select(f => f.GetRawText()[..Math.Min(200, f.GetRawText().Length)]).ToList();

        Assert.NotEmpty(polygonal);
        Assert.Empty(declined);
    }

    /// <summary>The file read as Haven reads it, and read by the general path as one document.</summary>
    private static (GeoJsonReadResult Fast, GeoJsonReadResult General) BothWays(string path, GeoJsonReadOptions options)
    {
        var fast = GeoJsonReader.Read(path, options);
        Assert.True(fast.Succeeded, fast.Problem?.Message);
        var bytes = File.ReadAllBytes(path);
        using var document = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
        var general = GeoJsonReader.Read(document.RootElement, path, options);
        Assert.True(general.Succeeded, general.Problem?.Message);
        return (fast.Value, general.Value);
    }

    private static void AssertSame(GeoJsonReadResult expected, GeoJsonReadResult actual)
    {
        Assert.Equal(expected.FeatureCount, actual.FeatureCount);
        Assert.Equal(expected.Crs, actual.Crs);
        Assert.Equal(expected.Problems, actual.Problems);
        Assert.Equal(expected.Repairs, actual.Repairs);
        Assert.Equal(expected.FeatureIds.OrderBy(p => p.Key), actual.FeatureIds.OrderBy(p => p.Key));
        Assert.Equal(expected.Features.Select(f => f.Index), actual.Features.Select(f => f.Index));
        for (int i = 0; i < expected.Features.Count; i++)
        {
            var (e, a) = (expected.Features[i].Feature, actual.Features[i].Feature);
            Assert.Equal(e.Geometry.GeometryType, a.Geometry.GeometryType);
            Assert.Equal(e.Geometry.SRID, a.Geometry.SRID);
            Assert.Equal(e.Geometry.AsText(), a.Geometry.AsText());
            Assert.True(e.Geometry.EqualsExact(a.Geometry), $"feature {expected.Features[i].Index}: {e.Geometry} != {a.Geometry}");
            Assert.Equal(e.Attributes.GetNames(), a.Attributes.GetNames());
            foreach (string name in e.Attributes.GetNames())
            {
                AssertSameValue(e.Attributes[name], a.Attributes[name], $"feature {expected.Features[i].Index}, property {name}");
            }
        }
    }

    private static void AssertSameValue(object? expected, object? actual, string where)
    {
        Assert.True(expected?.GetType() == actual?.GetType(), $"{where}: {expected?.GetType()} != {actual?.GetType()}");
        if (expected is JsonElement e)
        {
            var a = (JsonElement)actual!;
            Assert.Equal(e.ValueKind, a.ValueKind);
            Assert.Equal(e.GetRawText(), a.GetRawText());
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }
}
