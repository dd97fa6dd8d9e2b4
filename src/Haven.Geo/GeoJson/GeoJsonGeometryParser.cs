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
        // Loops, not LINQ: a building file has millions of positions, and each enumerator boxed is garbage.
        int n = p.ValueKind == JsonValueKind.Array ? p.GetArrayLength() : 0;
        double x = 0, y = 0;
        bool numbers = n is >= 2 and <= 4;
        if (numbers)
        {
            int i = 0;
            foreach (var v in p.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.Number)
                {
                    numbers = false;
                    break;
                }

                if (i == 0)
                {
                    x = v.GetDouble();
                }
                else if (i == 1)
                {
                    y = v.GetDouble();
                }

                i++;
            }
        }

        if (!numbers)
        {
            throw new GeoJsonFormatException("geometry.coordinates", $"a position must be [longitude, latitude] numbers, found {Truncate(p.GetRawText())}");
        }

        Vertices++;
        return new Coordinate(x, y);
    }

    private Coordinate[] Positions(JsonElement array, int spare = 0)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new GeoJsonFormatException("geometry.coordinates", $"expected an array of positions, found {Truncate(array.GetRawText())}");
        }

        // `spare` leaves room for a closing position, so that closing a ring copies nothing.
        var points = new Coordinate[array.GetArrayLength() + spare];
        int i = 0;
        foreach (var p in array.EnumerateArray())
        {
            points[i++] = Position(p);
        }

        return points;
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

        int n = c.GetArrayLength();
        if (n == 0)
        {
            return factory.CreatePolygon();
        }

        LinearRing? shell = null;
        var holes = new LinearRing[n - 1];
        int i = 0;
        foreach (var r in c.EnumerateArray())
        {
            var ring = Ring(r, i);
            if (i == 0)
            {
                shell = ring;
            }
            else
            {
                holes[i - 1] = ring;
            }

            i++;
        }

        return factory.CreatePolygon(shell, holes);
    }

    private LinearRing Ring(JsonElement r, int index)
    {
        var points = Positions(r, spare: 1);
        int count = points.Length - 1;
        string which = index == 0 ? "exterior ring" : $"hole {index}";
        if (count > 0 && !points[0].Equals2D(points[count - 1]))
        {
            if (!closeRings)
            {
                throw new GeoJsonFormatException("geometry.ring_not_closed",
                    $"{which} is not closed: its first position {Show(points[0])} differs from its last {Show(points[count - 1])}");
            }

            points[count++] = points[0].Copy();
            Repairs.Add($"closed {which} by repeating its first position");
        }

        if (count < 4)
        {
            throw new GeoJsonFormatException("geometry.ring_too_short", $"{which} has {count} positions; a closed ring needs at least 4");
        }

        if (count < points.Length)
        {
            Array.Resize(ref points, count);
        }

        return factory.CreateLinearRing(points);
    }

    private static string Show(Coordinate c) => FormattableString.Invariant($"[{c.X}, {c.Y}]");

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

/// <summary>A malformed part of a GeoJSON feature, with a stable code; caught and reported per feature.</summary>
internal sealed class GeoJsonFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
