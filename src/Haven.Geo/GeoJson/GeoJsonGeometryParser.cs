using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Haven.Geo.GeoJson;

/// <summary>
/// Turns a GeoJSON geometry object (RFC 7946, section 3.1) into a NetTopologySuite geometry, saying exactly
/// what is wrong when it cannot: a missing member, a position that is not two or three numbers, a ring that
/// is too short or not closed. Unclosed rings are closed when asked to, and the repair is reported.
/// Stateless and thread-safe.
/// </summary>
internal sealed class GeoJsonGeometryParser(GeometryFactory factory, bool closeRings)
{
    public List<string> Repairs { get; } = [];

    public int Vertices { get; private set; }

    /// <summary>The geometry, or throws <see cref="GeoJsonFormatException"/> with a code and message.</summary>
    public Geometry Parse(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object)
        {
            throw new GeoJsonFormatException("geometry.not_object", $"geometry must be an object or null, found {geometry.ValueKind}");
        }

        if (!geometry.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new GeoJsonFormatException("geometry.type", "geometry has no \"type\" string");
        }

        string type = typeElement.GetString()!;
        if (type == "GeometryCollection")
        {
            if (!geometry.TryGetProperty("geometries", out var parts) || parts.ValueKind != JsonValueKind.Array)
            {
                throw new GeoJsonFormatException("geometry.coordinates", "GeometryCollection has no \"geometries\" array");
            }

            return factory.CreateGeometryCollection([.. parts.EnumerateArray().Select(Parse)]);
        }

        if (!geometry.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
        {
            throw new GeoJsonFormatException("geometry.coordinates", $"{type} has no \"coordinates\" array");
        }

        return type switch
        {
            "Point" => c.GetArrayLength() == 0 ? factory.CreatePoint() : factory.CreatePoint(Position(c)),
            "MultiPoint" => factory.CreateMultiPoint([.. c.EnumerateArray().Select(p => factory.CreatePoint(Position(p)))]),
            "LineString" => Line(c),
            "MultiLineString" => factory.CreateMultiLineString([.. c.EnumerateArray().Select(Line)]),
            "Polygon" => Polygon(c),
            "MultiPolygon" => factory.CreateMultiPolygon([.. c.EnumerateArray().Select(Polygon)]),
            _ => throw new GeoJsonFormatException("geometry.type", $"unknown geometry type \"{type}\""),
        };
    }

    private Coordinate Position(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2 || p.GetArrayLength() > 4
            || p.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
        {
            throw new GeoJsonFormatException("geometry.coordinates", $"a position must be [longitude, latitude] numbers, found {Truncate(p.GetRawText())}");
        }

        Vertices++;
        return new Coordinate(p[0].GetDouble(), p[1].GetDouble());
    }

    private Coordinate[] Positions(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new GeoJsonFormatException("geometry.coordinates", $"expected an array of positions, found {Truncate(array.GetRawText())}");
        }

        return [.. array.EnumerateArray().Select(Position)];
    }

    private LineString Line(JsonElement c)
    {
        var points = Positions(c);
        if (points.Length == 1)
        {
            throw new GeoJsonFormatException("geometry.line_too_short", "a LineString needs at least two positions");
        }

        return factory.CreateLineString(points);
    }

    private Polygon Polygon(JsonElement c)
    {
        if (c.ValueKind != JsonValueKind.Array)
        {
            throw new GeoJsonFormatException("geometry.coordinates", "Polygon coordinates must be an array of rings");
        }

        var rings = c.EnumerateArray().Select((r, i) => Ring(r, i)).ToList();
        return rings.Count == 0 ? factory.CreatePolygon() : factory.CreatePolygon(rings[0], [.. rings.Skip(1)]);
    }

    private LinearRing Ring(JsonElement r, int index)
    {
        var points = Positions(r).ToList();
        string which = index == 0 ? "exterior ring" : $"hole {index}";
        if (points.Count > 0 && !points[0].Equals2D(points[^1]))
        {
            if (!closeRings)
            {
                throw new GeoJsonFormatException("geometry.ring_not_closed",
                    $"{which} is not closed: its first position {Show(points[0])} differs from its last {Show(points[^1])}");
            }

            points.Add(points[0].Copy());
            Repairs.Add($"closed {which} by repeating its first position");
        }

        if (points.Count < 4)
        {
            throw new GeoJsonFormatException("geometry.ring_too_short", $"{which} has {points.Count} positions; a closed ring needs at least 4");
        }

        return factory.CreateLinearRing([.. points]);
    }

    private static string Show(Coordinate c) => FormattableString.Invariant($"[{c.X}, {c.Y}]");

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

/// <summary>A malformed part of a GeoJSON feature, with a stable code; caught and reported per feature.</summary>
internal sealed class GeoJsonFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
