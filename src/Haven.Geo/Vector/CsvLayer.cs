using System.Globalization;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.Tabular;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Geo.Vector;

/// <summary>
/// A CSV of features: a WKT column (wkt, geometry, geom, the_geom) or longitude and latitude columns (longitude,
/// lon, lng, x with latitude, lat, y), in WGS 84 degrees (a CSV declares no CRS). Every other column is an
/// attribute, as text; a column named "id" gives the id. A row whose geometry cannot be read is a problem naming
/// its line.
/// </summary>
public static class CsvLayer
{
    public static readonly IReadOnlyList<string> WktColumns = ["wkt", "geometry", "geom", "the_geom"];
    public static readonly IReadOnlyList<string> LongitudeColumns = ["longitude", "lon", "lng", "long", "x"];
    public static readonly IReadOnlyList<string> LatitudeColumns = ["latitude", "lat", "y"];

    internal static Outcome<GeoJsonReadResult> Read(string path, GeoJsonReadOptions options)
    {
        var table = CsvTable.Read(path);
        if (!table.Succeeded)
        {
            return table.Problem!;
        }

        if (table.Value.Problems.Count > 0)
        {
            return table.Value.Problems[0];
        }

        int wkt = First(table.Value, WktColumns);
        int lon = First(table.Value, LongitudeColumns);
        int lat = First(table.Value, LatitudeColumns);
        if (wkt < 0 && (lon < 0 || lat < 0))
        {
            return Outcome<GeoJsonReadResult>.Failure("csv.no_geometry",
                $"{path}: no geometry column; expected a WKT column ({string.Join(", ", WktColumns)}) or longitude and latitude columns ({string.Join(", ", LongitudeColumns)}; {string.Join(", ", LatitudeColumns)}). Its columns are {string.Join(", ", table.Value.Header)}.");
        }

        var factory = new GeometryFactory(new PrecisionModel(), Epsg.Wgs84);
        var reader = new WKTReader(factory.GeometryServices);
        var features = new List<RawFeature>(table.Value.Rows.Count);
        foreach (var row in table.Value.Rows)
        {
            var attributes = new AttributesTable();
            for (int c = 0; c < table.Value.Header.Count; c++)
            {
                if (c != wkt && (wkt >= 0 || (c != lon && c != lat)) && !attributes.Exists(table.Value.Header[c]))
                {
                    attributes.Add(table.Value.Header[c], c < row.Cells.Count ? row.Cells[c] : null);
                }
            }

            string Cell(int c) => c < row.Cells.Count ? row.Cells[c].Trim() : string.Empty;
            Geometry? geometry = null;
            string? why = null;
            if (wkt >= 0)
            {
                try
                {
                    geometry = reader.Read(Cell(wkt));
                }
                catch (Exception ex) when (ex is ParseException or ArgumentException or FormatException or InvalidOperationException)
                {
                    why = $"line {row.Line}: column {table.Value.Header[wkt]} is not WKT ({ex.Message.TrimEnd('.')})";
                }
            }
            else if (double.TryParse(Cell(lon), NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                && double.TryParse(Cell(lat), NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
            {
                geometry = factory.CreatePoint(new Coordinate(x, y));
            }
            else
            {
                why = $"line {row.Line}: {table.Value.Header[lon]} \"{Cell(lon)}\" and {table.Value.Header[lat]} \"{Cell(lat)}\" must be numbers in decimal degrees";
            }

            features.Add(new RawFeature(geometry, attributes, null, why));
        }

        return VectorReader.Checked(path, "CSV", null, SourceCrs.Wgs84, features, options);
    }

    private static int First(CsvTable table, IReadOnlyList<string> names) =>
        names.Select(table.Column).FirstOrDefault(i => i >= 0, -1);
}
