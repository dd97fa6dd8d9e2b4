using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Haven.Geo.GeoJson;

/// <summary>
/// One feature of the common kind read straight from its bytes: a Feature whose geometry is a Polygon or MultiPolygon
/// of closed rings of [x, y] positions, with flat properties and an optional string or number id. Building and boundary
/// files are almost all of this kind, and reading them this way builds no document of the text. Anything else (another
/// geometry type, a third coordinate, an unclosed or short ring, an empty part, a member given twice, a lone surrogate,
/// a number out of range) is declined, and the caller reads the feature through the general path, which accepts or
/// refuses it with its own messages: so this path only ever gives what the general one would.
/// </summary>
internal readonly record struct SimpleFeature(Geometry Shape, int Vertices, AttributesTable Attributes, (string Text, bool Number)? OwnId, string? MessageId)
{
    /// <summary>x, y pairs of the ring being read, per thread: each ring is then copied once into an array of its exact size.</summary>
    [ThreadStatic]
    private static double[]? t_ring;

    /// <summary>The largest ring buffer a thread keeps between features (64 Ki doubles, 512 KiB).</summary>
    private const int KeptRingDoubles = 1 << 16;

    /// <summary>The feature in <paramref name="json"/> (one complete JSON value, already known to be well-formed), or false when it is not of the simple kind.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, GeometryFactory factory, out SimpleFeature feature)
    {
        feature = default;
        try
        {
            return TryReadCore(json, factory, out feature);
        }
        catch (InvalidOperationException)
        {
            // Text that cannot be a .NET string (a lone surrogate escape): the general path names the problem.
            return false;
        }
    }

    private static bool TryReadCore(ReadOnlySpan<byte> json, GeometryFactory factory, out SimpleFeature feature)
    {
        feature = default;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool typeSeen = false, geometrySeen = false, propertiesSeen = false, idSeen = false;
        Geometry? shape = null;
        int vertices = 0;
        AttributesTable? attributes = null;
        (string Text, bool Number)? ownId = null;
        object? idValue = null;
        string? propertyId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                if (typeSeen || !reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("Feature"u8))
                {
                    return false;
                }

                typeSeen = true;
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                if (geometrySeen || !reader.Read() || !TryPolygonal(ref reader, factory, out shape, out vertices))
                {
                    return false;
                }

                geometrySeen = true;
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                if (propertiesSeen || !reader.Read() || !TryProperties(ref reader, out attributes, out propertyId))
                {
                    return false;
                }

                propertiesSeen = true;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                if (idSeen || !reader.Read())
                {
                    return false;
                }

                idSeen = true;
                if (reader.TokenType == JsonTokenType.String)
                {
                    string text = reader.GetString()!;
                    (ownId, idValue) = ((text, false), text);
                }
                else if (reader.TokenType == JsonTokenType.Number && Number(ref reader, out idValue))
                {
                    ownId = (System.Text.Encoding.UTF8.GetString(reader.ValueSpan), true);
                }
                else
                {
                    return false;
                }
            }
            else
            {
                // Foreign members ("bbox" and the like) are not read, as the general path does not read them.
                reader.Skip();
            }
        }

        if (!typeSeen || shape is null)
        {
            return false;
        }

        attributes ??= new AttributesTable();
        if (idSeen && !attributes.Exists("id"))
        {
            attributes.Add("id", idValue);
        }

        feature = new SimpleFeature(shape, vertices, attributes, ownId, ownId?.Text ?? propertyId);
        return true;
    }

    /// <summary>A Polygon or MultiPolygon geometry object, the reader on its first token; false for anything else.</summary>
    private static bool TryPolygonal(ref Utf8JsonReader reader, GeometryFactory factory, out Geometry? geometry, out int vertices)
    {
        geometry = null;
        vertices = 0;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool? multiType = null;
        List<Polygon>? polygons = null;
        bool multiShape = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                if (multiType is not null || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                multiType = reader.ValueTextEquals("MultiPolygon"u8) ? true : reader.ValueTextEquals("Polygon"u8) ? false : null;
                if (multiType is null)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("coordinates"u8))
            {
                if (polygons is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                // Whether the coordinates nest as a MultiPolygon's (a position three arrays down is itself an array)
                // or a Polygon's, seen through a copy of the reader so that nothing is consumed; the type may come later.
                var peek = reader;
                if (!peek.Read() || peek.TokenType != JsonTokenType.StartArray || !peek.Read() || peek.TokenType != JsonTokenType.StartArray || !peek.Read())
                {
                    return false;
                }

                multiShape = peek.TokenType == JsonTokenType.StartArray;
                polygons = [];
                if (multiShape)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                    {
                        if (TryRings(ref reader, factory, ref vertices) is not { } polygon)
                        {
                            return false;
                        }

                        polygons.Add(polygon);
                    }

                    if (reader.TokenType != JsonTokenType.EndArray)
                    {
                        return false;
                    }
                }
                else if (TryRings(ref reader, factory, ref vertices) is { } polygon)
                {
                    polygons.Add(polygon);
                }
                else
                {
                    return false;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (multiType is not { } multi || polygons is null || multi != multiShape)
        {
            return false;
        }

        geometry = multi ? factory.CreateMultiPolygon([.. polygons]) : polygons[0];
        return true;
    }

    /// <summary>A polygon's rings, the reader on the array that holds them and left on its closing bracket; null for anything but one or more closed rings.</summary>
    private static Polygon? TryRings(ref Utf8JsonReader reader, GeometryFactory factory, ref int vertices)
    {
        List<LinearRing>? rings = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (TryRing(ref reader, factory, out var ring) is not int count)
            {
                return null;
            }

            (rings ??= []).Add(ring!);
            vertices += count;
        }

        if (reader.TokenType != JsonTokenType.EndArray || rings is null)
        {
            return null;
        }

        return factory.CreatePolygon(rings[0], rings.Count == 1 ? [] : [.. rings.Skip(1)]);
    }

    /// <summary>A closed ring of at least four [x, y] positions, the reader on its opening bracket; its number of positions, or null.</summary>
    private static int? TryRing(ref Utf8JsonReader reader, GeometryFactory factory, out LinearRing? ring)
    {
        ring = null;
        var packed = t_ring ??= new double[256];
        int n = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double x)
                || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double y)
                || !reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                return null;
            }

            if (n + 2 > packed.Length)
            {
                Array.Resize(ref packed, 2 * packed.Length);
                // Kept for the thread's next ring only while small: a server's threads do not each hold their largest ring.
                t_ring = packed.Length <= KeptRingDoubles ? packed : null;
            }

            packed[n++] = x;
            packed[n++] = y;
        }

        int count = n / 2;
        if (reader.TokenType != JsonTokenType.EndArray || count < 4 || packed[0] != packed[n - 2] || packed[1] != packed[n - 1])
        {
            return null;
        }

        ring = factory.CreateLinearRing(new PackedDoubleCoordinateSequence(packed.AsSpan(0, n).ToArray(), 2, 0));
        return count;
    }

    /// <summary>A properties object of strings, numbers, booleans and nulls (or null itself), each name once; false for anything else.</summary>
    private static bool TryProperties(ref Utf8JsonReader reader, out AttributesTable? table, out string? id)
    {
        table = new AttributesTable();
        id = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            object? value;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    value = reader.GetString();
                    break;
                case JsonTokenType.Number:
                    if (!Number(ref reader, out value))
                    {
                        return false;
                    }

                    break;
                case JsonTokenType.True:
                    value = true;
                    break;
                case JsonTokenType.False:
                    value = false;
                    break;
                case JsonTokenType.Null:
                    value = null;
                    break;
                default:
                    // A nested object or array, kept as JSON as the general path keeps it.
                    value = JsonElement.ParseValue(ref reader);
                    break;
            }

            if (table.Exists(name))
            {
                return false;
            }

            table.Add(name, value);
            if (name == "id" && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
            {
                id = reader.TokenType == JsonTokenType.String ? (string)value! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>A JSON number as the general path reads it: a whole number in range converted from a long, anything else parsed as a double; always a double.</summary>
    private static bool Number(ref Utf8JsonReader reader, out object? value)
    {
        if (reader.TryGetInt64(out long whole))
        {
            value = (double)whole;
            return true;
        }

        bool ok = reader.TryGetDouble(out double d);
        value = d;
        return ok;
    }
}
