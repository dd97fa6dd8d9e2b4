using System.Text;
using System.Text.Json;
using Haven.Geo.GeoJson;
using Haven.Geo.Tests.Support;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Geo.Tests.GeoJson;

/// <summary>The feature writer's geometries against <see cref="Rfc7946.Prepare"/> followed by <see cref="GeoJsonFeatureWriter.WriteGeometry"/>.</summary>
public sealed class GeoJsonFeatureWriterTests
{
    private static readonly string[] Shapes =
    [
        // Shell clockwise, to be turned; coordinates with more than seven decimals, to be rounded.
        "POLYGON ((34.123456789 31.5, 34.123456789 31.600000049, 34.2000000051 31.600000049, 34.2000000051 31.5, 34.123456789 31.5))",
        // Shell anticlockwise with one hole anticlockwise (to be turned) and one clockwise (kept).
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1), (5 5, 5 6, 6 6, 6 5, 5 5))",
        "MULTIPOLYGON (((0 0, 0 1, 1 1, 1 0, 0 0)), ((2 2, 3 2, 3 3, 2 3, 2 2), (2.2 2.2, 2.2 2.4, 2.4 2.4, 2.4 2.2, 2.2 2.2)))",
        // Negative, small, large and whole numbers, and halves at the seventh decimal.
        "POLYGON ((-0.0012345 -33.1, 0.0012345 -33.1, 0.0012345 -33.09999995, -0.0012345 -33.09999995, -0.0012345 -33.1))",
        "POLYGON ((123456.12345674 0.0005, 123457 0.0005, 123457 1.00000005, 123456.12345674 1.00000005, 123456.12345674 0.0005))",
        "POLYGON ((-179.99999999 -89.99999995, 179.99999999 -89.99999995, 179.99999999 89.99999995, -179.99999999 -89.99999995))",
        // Three dimensions, a point, a line and an empty polygon: written as Prepare leaves them.
        "POLYGON Z ((0 0 5, 0 1 5, 1 1 5, 1 0 5, 0 0 5))",
        "POINT (34.4444444449 31.5)",
        "LINESTRING (0 0, 1 1, 2 0.123456789)",
        "POLYGON EMPTY",
    ];

    [Fact]
    public void Every_geometry_is_written_as_rfc7946_prepare_leaves_it_rounded_and_right_hand_ruled()
    {
        var reader = new WKTReader();
        var geometries = Shapes.Select(w => reader.Read(w)).ToList();
        using var stream = new MemoryStream();

        GeoJsonFeatureWriter.Write(stream, geometries.Count, i => geometries[i], (_, _) => { });

        using var written = JsonDocument.Parse(stream.ToArray());
        var features = written.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(geometries.Count, features.Count);
        for (int i = 0; i < geometries.Count; i++)
        {
            Assert.Equal(Expected(geometries[i]), features[i].GetProperty("geometry").GetRawText());
        }
    }

    [SkippableTheory]
    [InlineData("blocks.geojson")]
    [InlineData("governorates.geojson")]
    [InlineData("unosat_damage_hexagons.geojson")]
    public void Every_polygon_of_a_real_gaza_layer_is_written_as_rfc7946_prepare_leaves_it(string layer)
    {
        Skip.If(ReferenceData.Folder is null, "The Gaza reference layers (../shared/data/gaza) are not beside the project.");
        var geometries = GeoJsonReader.Read(ReferenceData.File(layer)).Value.Features.Select(f => f.Feature.Geometry).ToList();
        using var stream = new MemoryStream();

        GeoJsonFeatureWriter.Write(stream, geometries.Count, i => geometries[i], (_, _) => { });

        using var written = JsonDocument.Parse(stream.ToArray());
        var features = written.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(geometries);
        Assert.All(Enumerable.Range(0, geometries.Count), i => Assert.Equal(Expected(geometries[i]), features[i].GetProperty("geometry").GetRawText()));
    }

    [Fact]
    public void Two_thousand_random_squares_anywhere_on_earth_are_written_as_rfc7946_prepare_leaves_them()
    {
        var random = new Random(20261127);
        var factory = new GeometryFactory();
        var geometries = Enumerable.Range(0, 2000).Select(_ =>
        {
            double x = (random.NextDouble() * 360) - 180, y = (random.NextDouble() * 180) - 90, d = random.NextDouble() * Math.Pow(10, -random.Next(1, 9));
            return (Geometry)factory.CreatePolygon([new(x, y), new(x, y + d), new(x + d, y + d), new(x + d, y), new(x, y)]);
        }).ToList();
        using var stream = new MemoryStream();

        GeoJsonFeatureWriter.Write(stream, geometries.Count, i => geometries[i], (_, _) => { });

        using var written = JsonDocument.Parse(stream.ToArray());
        var features = written.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.All(Enumerable.Range(0, geometries.Count), i => Assert.Equal(Expected(geometries[i]), features[i].GetProperty("geometry").GetRawText()));
    }

    [Fact]
    public void A_clockwise_shell_comes_out_anticlockwise_with_its_first_point_first()
    {
        var shell = new WKTReader().Read(Shapes[0]);
        using var stream = new MemoryStream();

        GeoJsonFeatureWriter.Write(stream, 1, _ => shell, (_, _) => { });

        string text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("[[[34.1234568,31.5],[34.2,31.5],[34.2,31.6],[34.1234568,31.6],[34.1234568,31.5]]]", text, StringComparison.Ordinal);
    }

    private static string Expected(Geometry geometry)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            GeoJsonFeatureWriter.WriteGeometry(writer, Rfc7946.Prepare(geometry));
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
