using System.Globalization;
using System.Text;
using System.Text.Json;
using Haven.Protection.Orders;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using NetTopologySuite.Geometries;

namespace Haven.Protection.Publication;

/// <summary>
/// The canonical serialisation of what is published: the zones, evacuation orders and sites in force on a
/// date. Canonical means one byte sequence for one content: UTF-8 JSON without whitespace, keys in a fixed
/// order, records sorted by id, coordinates with 7 decimals (about 1 cm), dates as ISO 8601. Anyone can
/// rebuild it from the same records and get the same SHA-256.
/// </summary>
public static class PublicationContent
{
    public static byte[] Serialise(DateOnly asOf, IEnumerable<Zone> zones, IEnumerable<EvacuationOrder> orders, IEnumerable<Site> sites)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", "haven-protection/1");
            w.WriteString("as_of", Iso(asOf));
            w.WriteStartArray("zones");
            foreach (var z in zones.OrderBy(z => z.Id, StringComparer.Ordinal).ThenBy(z => z.Version))
            {
                w.WriteStartObject();
                w.WriteString("id", z.Id);
                w.WriteNumber("version", z.Version);
                w.WriteString("kind", z.Kind);
                w.WriteString("name_en", z.NameEn);
                w.WriteString("name_ar", z.NameAr);
                w.WriteString("valid_from", Iso(z.ValidFrom));
                if (z.ValidTo is { } to)
                {
                    w.WriteString("valid_to", Iso(to));
                }
                else
                {
                    w.WriteNull("valid_to");
                }

                w.WriteString("source", z.Source);
                w.WritePropertyName("geometry");
                WriteGeometry(w, z.Boundary);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("orders");
            foreach (var o in orders.OrderBy(o => o.Id, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", o.Id);
                w.WriteString("issued_at", o.IssuedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteString("effective_from", Iso(o.EffectiveFrom));
                w.WriteBoolean("declares_safe", o.DeclaresSafe);
                w.WriteStartArray("blocks");
                foreach (int b in o.Blocks.Distinct().Order())
                {
                    w.WriteNumberValue(b);
                }

                w.WriteEndArray();
                w.WriteString("status_en", o.StatusEn);
                w.WriteString("status_ar", o.StatusAr);
                w.WriteString("source", o.Source);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("sites");
            foreach (var s in sites.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("kind", s.Kind.ToCode());
                w.WriteString("name_en", s.NameEn);
                w.WriteString("name_ar", s.NameAr);
                w.WriteString("status", s.Status);
                w.WriteString("status_since", Iso(s.StatusSince));
                w.WritePropertyName("geometry");
                WriteGeometry(w, s.Location);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>GeoJSON geometry with coordinates rounded to 7 decimals, written the same way every time.</summary>
    private static void WriteGeometry(Utf8JsonWriter w, Geometry g)
    {
        w.WriteStartObject();
        switch (g)
        {
            case Point p:
                w.WriteString("type", "Point");
                w.WritePropertyName("coordinates");
                Position(w, p.Coordinate);
                break;
            case Polygon poly:
                w.WriteString("type", "Polygon");
                w.WritePropertyName("coordinates");
                Rings(w, poly);
                break;
            case MultiPolygon multi:
                w.WriteString("type", "MultiPolygon");
                w.WriteStartArray("coordinates");
                for (int i = 0; i < multi.NumGeometries; i++)
                {
                    Rings(w, (Polygon)multi.GetGeometryN(i));
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteString("type", "Point");
                w.WritePropertyName("coordinates");
                Position(w, g.Centroid.Coordinate);
                break;
        }

        w.WriteEndObject();
    }

    private static void Rings(Utf8JsonWriter w, Polygon polygon)
    {
        w.WriteStartArray();
        foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
        {
            w.WriteStartArray();
            foreach (var c in ring.Coordinates)
            {
                Position(w, c);
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void Position(Utf8JsonWriter w, Coordinate c)
    {
        w.WriteStartArray();
        w.WriteRawValue(Number(c.X));
        w.WriteRawValue(Number(c.Y));
        w.WriteEndArray();
    }

    private static string Number(double v) => Math.Round(v, 7).ToString("0.0######", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The content's bytes as text (UTF-8).</summary>
    public static string Text(byte[] content) => Encoding.UTF8.GetString(content);
}
