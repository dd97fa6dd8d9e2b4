using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

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
        var (x, y) = XY(p);
        return new Coordinate(x, y);
    }

    private (double X, double Y) XY(JsonElement p)
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
        return (x, y);
    }

    /// <summary>
    /// The positions of a line or ring packed as x, y pairs in one array (one allocation, not an object per vertex),
    /// and how many there are; <paramref name="spare"/> leaves room for a closing position, so that closing a ring
    /// copies nothing.
    /// </summary>
    private (double[] Packed, int Count) Positions(JsonElement array, int spare = 0)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new GeoJsonFormatException("geometry.coordinates", $"expected an array of positions, found {Truncate(array.GetRawText())}");
        }

        var packed = new double[2 * (array.GetArrayLength() + spare)];
        int i = 0;
        foreach (var p in array.EnumerateArray())
        {
            (packed[2 * i], packed[(2 * i) + 1]) = XY(p);
            i++;
        }

        return (packed, i);
    }

    private LineString Line(JsonElement c)
    {
        var (packed, count) = Positions(c);
        if (count == 1)
        {
            throw new GeoJsonFormatException("geometry.line_too_short", "a LineString needs at least two positions");
        }

        return factory.CreateLineString(new PackedDoubleCoordinateSequence(packed, 2, 0));
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
        var holes = n == 1 ? [] : new LinearRing[n - 1];
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
        var (packed, count) = Positions(r, spare: 1);
        string which = index == 0 ? "exterior ring" : $"hole {index}";
        int last = 2 * (count - 1);
        if (count > 0 && (packed[0] != packed[last] || packed[1] != packed[last + 1]))
        {
            if (!closeRings)
            {
                throw new GeoJsonFormatException("geometry.ring_not_closed",
                    $"{which} is not closed: its first position {Show(packed[0], packed[1])} differs from its last {Show(packed[last], packed[last + 1])}");
            }

            packed[2 * count] = packed[0];
            packed[(2 * count) + 1] = packed[1];
            count++;
            Repairs.Add($"closed {which} by repeating its first position");
        }

        if (count < 4)
        {
            throw new GeoJsonFormatException("geometry.ring_too_short", $"{which} has {count} positions; a closed ring needs at least 4");
        }

        if (2 * count < packed.Length)
        {
            Array.Resize(ref packed, 2 * count);
        }

        return factory.CreateLinearRing(new PackedDoubleCoordinateSequence(packed, 2, 0));
    }

    private static string Show(double x, double y) => FormattableString.Invariant($"[{x}, {y}]");

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..57] + "...";
}

/// <summary>A malformed part of a GeoJSON feature, with a stable code; caught and reported per feature.</summary>
internal sealed class GeoJsonFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
