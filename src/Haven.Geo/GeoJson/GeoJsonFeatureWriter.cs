using System.Buffers;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Haven.Geo.GeoJson;

/// <summary>
/// Writes a large RFC 7946 FeatureCollection straight from the caller's own records: no <c>IFeature</c> or
/// attribute table per feature. Features are written in blocks on every core, each block into its own buffer,
/// and the blocks are joined in order, so the file is the same whatever the number of cores. Geometries are
/// written as <see cref="Rfc7946.Prepare"/> leaves them (rounded, right-hand rule) as every Haven GeoJSON output does, and
/// numbers are written as the shortest text that reads back to the same double, as the
/// NetTopologySuite writer in <see cref="GeoJsonFiles"/> writes them.
/// </summary>
public static class GeoJsonFeatureWriter
{
    private const int FeaturesPerBlock = 2048;

    // Strings are escaped as GeoJsonFiles' serializer escapes them, so both writers give the same text.
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>
    /// Writes <paramref name="count"/> features: feature i has geometry <paramref name="geometry"/>(i) (WGS 84) and
    /// the properties <paramref name="properties"/>(i, writer) writes, as property names and values, inside the
    /// "properties" object. Both are called from several threads at once.
    /// </summary>
    public static void Write(Stream stream, int count, Func<int, Geometry?> geometry, Action<int, Utf8JsonWriter> properties)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(properties);
        int blocks = (count + FeaturesPerBlock - 1) / FeaturesPerBlock;
        var written = new ArrayBufferWriter<byte>[blocks];
        Parallel.For(0, blocks, b =>
        {
            var buffer = new ArrayBufferWriter<byte>(FeaturesPerBlock * 512);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                // A block is written as an array so that the writer places the commas; its brackets are dropped when joined.
                writer.WriteStartArray();
                for (int i = b * FeaturesPerBlock, end = Math.Min(count, (b + 1) * FeaturesPerBlock); i < end; i++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "Feature"u8);
                    writer.WritePropertyName("geometry"u8);
                    if (geometry(i) is { } shape)
                    {
                        WritePrepared(writer, shape);
                    }
                    else
                    {
                        // A table written without geometry (RFC 7946 section 3.2: an unlocated feature's geometry is null).
                        writer.WriteNullValue();
                    }
                    writer.WritePropertyName("properties"u8);
                    writer.WriteStartObject();
                    properties(i, writer);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            written[b] = buffer;
        });

        stream.Write("{\"type\":\"FeatureCollection\",\"features\":["u8);
        for (int b = 0; b < blocks; b++)
        {
            if (b > 0)
            {
                stream.Write(","u8);
            }

            stream.Write(written[b].WrittenSpan[1..^1]);
        }

        stream.Write("]}"u8);
    }

    /// <summary>Writes the file atomically (see <see cref="Write(Stream, int, Func{int, Geometry}, Action{int, Utf8JsonWriter})"/>).</summary>
    public static void Write(string path, int count, Func<int, Geometry?> geometry, Action<int, Utf8JsonWriter> properties) =>
        Haven.Geo.IO.AtomicFile.Write(path, stream => Write(stream, count, geometry, properties));

    /// <summary>
    /// A geometry as <see cref="Rfc7946.Prepare"/> would leave it, written. Flat polygons and multipolygons (the
    /// footprints of every building) are rounded into one array per ring and written forwards or backwards by the
    /// orientation of the rounded ring, with no copy of the geometry; anything else is prepared, then written.
    /// </summary>
    private static void WritePrepared(Utf8JsonWriter writer, Geometry geometry)
    {
        if (geometry is not (Polygon or MultiPolygon) || geometry.IsEmpty || !IsFlat(geometry))
        {
            WriteGeometry(writer, Rfc7946.Prepare(geometry));
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, geometry.GeometryType);
        writer.WritePropertyName("coordinates"u8);
        if (geometry is Polygon polygon)
        {
            WritePreparedPolygon(writer, polygon);
        }
        else
        {
            writer.WriteStartArray();
            for (int i = 0; i < geometry.NumGeometries; i++)
            {
                WritePreparedPolygon(writer, (Polygon)geometry.GetGeometryN(i));
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static bool IsFlat(Geometry geometry)
    {
        for (int i = 0; i < geometry.NumGeometries; i++)
        {
            var polygon = (Polygon)geometry.GetGeometryN(i);
            if (polygon.Shell.CoordinateSequence.Dimension != 2)
            {
                return false;
            }

            foreach (var hole in polygon.Holes)
            {
                if (hole.CoordinateSequence.Dimension != 2)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void WritePreparedPolygon(Utf8JsonWriter writer, Polygon polygon)
    {
        writer.WriteStartArray();
        WritePreparedRing(writer, polygon.Shell.CoordinateSequence, counterClockwise: true);
        foreach (var hole in polygon.Holes)
        {
            WritePreparedRing(writer, hole.CoordinateSequence, counterClockwise: false);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// A ring rounded as <see cref="Rfc7946"/> rounds, in the orientation asked for (the shell anticlockwise, holes
    /// clockwise). Its orientation is the sign of its rounded area, which for the simple rings Haven reads is what
    /// <see cref="NetTopologySuite.Algorithm.Orientation.IsCCW(CoordinateSequence)"/> says, without a coordinate object per vertex.
    /// </summary>
    private static void WritePreparedRing(Utf8JsonWriter writer, CoordinateSequence ring, bool counterClockwise)
    {
        int n = ring.Count;
        var rounded = t_ring is { } kept && kept.Length >= 2 * n ? kept : t_ring = new double[Math.Max(2 * n, 256)];
        for (int i = 0; i < n; i++)
        {
            rounded[2 * i] = Rfc7946.Round(ring.GetX(i));
            rounded[(2 * i) + 1] = Rfc7946.Round(ring.GetY(i));
        }

        // Twice the signed area, about the first vertex so that large coordinates do not swamp small differences.
        double area = 0;
        for (int i = 1; i + 1 < n; i++)
        {
            area += ((rounded[2 * i] - rounded[0]) * (rounded[(2 * i) + 3] - rounded[1])) - ((rounded[(2 * i) + 2] - rounded[0]) * (rounded[(2 * i) + 1] - rounded[1]));
        }

        bool forwards = area > 0 == counterClockwise;
        writer.WriteStartArray();
        for (int k = 0; k < n; k++)
        {
            int i = forwards ? k : n - 1 - k;
            writer.WriteStartArray();
            WriteRounded(writer, rounded[2 * i]);
            WriteRounded(writer, rounded[(2 * i) + 1]);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// A coordinate rounded to <see cref="Rfc7946.CoordinateDecimals"/> decimals, written as the decimal it was rounded
    /// to. When that decimal reads back as the same double it is the shortest text that does, which is what
    /// <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> writes, without the general formatter that took most of
    /// the writer's time. Values it cannot vouch for (zero, very small or large, not on the seven-decimal grid) go
    /// through the general formatter.
    /// </summary>
    private static void WriteRounded(Utf8JsonWriter writer, double value)
    {
        const double Scale = 1e7;
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e8)
        {
            long scaled = (long)Math.Round(value * Scale);
            if (scaled / Scale == value)
            {
                Span<byte> text = stackalloc byte[24];
                int length = 0;
                if (scaled < 0)
                {
                    text[length++] = (byte)'-';
                    scaled = -scaled;
                }

                long whole = scaled / (long)Scale, fraction = scaled % (long)Scale;
                System.Buffers.Text.Utf8Formatter.TryFormat(whole, text[length..], out int written);
                length += written;
                if (fraction != 0)
                {
                    text[length++] = (byte)'.';
                    int digits = Rfc7946.CoordinateDecimals;
                    while (fraction % 10 == 0)
                    {
                        fraction /= 10;
                        digits--;
                    }

                    for (int d = digits - 1; d >= 0; d--)
                    {
                        text[length + d] = (byte)('0' + (fraction % 10));
                        fraction /= 10;
                    }

                    length += digits;
                }

                writer.WriteRawValue(text[..length], skipInputValidation: true);
                return;
            }
        }

        writer.WriteNumberValue(value);
    }

    /// <summary>One ring's rounded coordinates, per thread (blocks are written on every core).</summary>
    [ThreadStatic]
    private static double[]? t_ring;

    /// <summary>A geometry as a GeoJSON geometry object (coordinates as they are: callers prepare them).</summary>
    public static void WriteGeometry(Utf8JsonWriter writer, Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(geometry);
        writer.WriteStartObject();
        writer.WriteString("type"u8, geometry.GeometryType);
        if (geometry is GeometryCollection collection and not MultiPoint and not MultiLineString and not MultiPolygon)
        {
            writer.WritePropertyName("geometries"u8);
            writer.WriteStartArray();
            for (int i = 0; i < collection.NumGeometries; i++)
            {
                WriteGeometry(writer, collection.GetGeometryN(i));
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WritePropertyName("coordinates"u8);
            WriteCoordinates(writer, geometry);
        }

        writer.WriteEndObject();
    }

    private static void WriteCoordinates(Utf8JsonWriter writer, Geometry geometry)
    {
        switch (geometry)
        {
            case Point point:
                WritePosition(writer, point.CoordinateSequence, 0);
                break;
            case LineString line:
                WriteSequence(writer, line.CoordinateSequence);
                break;
            case Polygon polygon:
                writer.WriteStartArray();
                WriteSequence(writer, polygon.Shell.CoordinateSequence);
                foreach (var hole in polygon.Holes)
                {
                    WriteSequence(writer, hole.CoordinateSequence);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartArray();
                for (int i = 0; i < geometry.NumGeometries; i++)
                {
                    WriteCoordinates(writer, geometry.GetGeometryN(i));
                }

                writer.WriteEndArray();
                break;
        }
    }

    private static void WriteSequence(Utf8JsonWriter writer, CoordinateSequence sequence)
    {
        writer.WriteStartArray();
        for (int i = 0; i < sequence.Count; i++)
        {
            WritePosition(writer, sequence, i);
        }

        writer.WriteEndArray();
    }

    private static void WritePosition(Utf8JsonWriter writer, CoordinateSequence sequence, int i)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(sequence.GetX(i));
        writer.WriteNumberValue(sequence.GetY(i));
        if (sequence.HasZ && !double.IsNaN(sequence.GetZ(i)))
        {
            writer.WriteNumberValue(sequence.GetZ(i));
        }

        writer.WriteEndArray();
    }
}
