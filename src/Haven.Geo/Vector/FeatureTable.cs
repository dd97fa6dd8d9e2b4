using System.Globalization;
using System.Text;
using System.Text.Json;
using Haven.Geo.GeoJson;
using Haven.Geo.IO;
using Haven.Geo.Tabular;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Geo.Vector;

/// <summary>
/// Rows of named values, each with an optional geometry (WGS 84), written as the output's extension says:
/// <c>.csv</c> (geometry as a WKT column "geometry"), <c>.geojson</c>/<c>.json</c> (RFC 7946), or <c>.gpkg</c>
/// (an OGC GeoPackage feature table in EPSG:4326, or an attribute table without geometry). Values are text,
/// whole numbers, numbers (NaN written as empty/null: no value), or arrays of numbers (JSON arrays in CSV and
/// GeoPackage). Files are written whole or not at all.
/// </summary>
public sealed record FeatureTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, IReadOnlyList<Geometry?>? Geometries = null)
{
    public static readonly IReadOnlyList<string> Extensions = [".csv", ".geojson", ".json", ".gpkg"];

    /// <summary>
    /// A table of features: columns are every attribute name in order of first appearance; whole numbers become
    /// 64-bit integers, dates ISO 8601 text, lists JSON text.
    /// </summary>
    public static FeatureTable From(string name, IReadOnlyList<NetTopologySuite.Features.IFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            foreach (string column in feature.Attributes?.GetNames() ?? [])
            {
                if (seen.Add(column))
                {
                    columns.Add(column);
                }
            }
        }

        var rows = features.Select(f => columns.Select(c => f.Attributes is { } a && a.Exists(c) ? Plain(a[c]) : null).ToArray()).ToList();
        return new FeatureTable(name, columns, rows, [.. features.Select(f => f.Geometry)]);
    }

    private static object? Plain(object? value) => value switch
    {
        int or short or byte or sbyte or ushort or uint => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        decimal m => (double)m,
        float f => (double)f,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.TryGetInt64(out long l) ? l : e.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => e.GetRawText(),
        },
        string or long or double or bool or null => value,
        System.Collections.IEnumerable list => JsonSerializer.Serialize(list),
        _ => value.ToString(),
    };

    /// <summary>Null when Haven writes <paramref name="path"/>'s extension; otherwise what it expected.</summary>
    public static string? CheckExtension(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) ? null
            : $"{path}: the extension says no format Haven writes; expected .csv, .geojson (or .json) or .gpkg.";

    public void Write(string path)
    {
        if (CheckExtension(path) is string problem)
        {
            throw new ArgumentException(problem, nameof(path));
        }

        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv":
                AtomicFile.Write(path, stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
                    WriteCsv(writer);
                });
                break;
            case ".gpkg":
                WriteGeoPackage(path);
                break;
            default:
                WriteGeoJson(path);
                break;
        }
    }

    /// <summary>Writes the table as GeoJSON features, each row's values as properties. Its own method, as <see cref="WriteGeoPackage"/> is.</summary>
    private void WriteGeoJson(string path) =>
        GeoJsonFeatureWriter.Write(path, Rows.Count, i => Geometries?[i], (i, writer) =>
        {
            for (int c = 0; c < Columns.Count; c++)
            {
                writer.WritePropertyName(Columns[c]);
                WriteJson(writer, Rows[i][c]);
            }
        });

    /// <summary>
    /// Writes the table as a GeoPackage. Its own method, so that writing another format never loads ADO.NET's SQLite
    /// types for this method's error handling.
    /// </summary>
    private void WriteGeoPackage(string path)
    {
        try
        {
            AtomicFile.WriteVia(path, GeoPackage);
        }
        catch (SqliteException ex)
        {
            // A GeoPackage that cannot be written is a file that cannot be written, as for every other format.
            throw new IOException($"{path}: the GeoPackage could not be written ({ex.Message.TrimEnd('.')}).", ex);
        }
    }

    /// <summary>The table as CSV: a header row, then one row per feature, numbers in round-trip form, text quoted where it must be.</summary>
    private void WriteCsv(TextWriter csv)
    {
        csv.Write(string.Join(',', Columns.Select(CsvText.Quote)));
        if (Geometries is not null)
        {
            csv.Write(",geometry");
        }

        csv.Write('\n');
        Span<char> number = stackalloc char[64];
        for (int i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            for (int c = 0; c < Columns.Count; c++)
            {
                if (c > 0)
                {
                    csv.Write(',');
                }

                // Numbers are written from a stack buffer, not through a string each: tables run to millions of values.
                bool written = row[c] switch
                {
                    double d => !double.IsFinite(d) || Formatted(csv, number, d.TryFormat(number, out int n, "R", CultureInfo.InvariantCulture), n),
                    long l => Formatted(csv, number, l.TryFormat(number, out int n, default, CultureInfo.InvariantCulture), n),
                    int v => Formatted(csv, number, v.TryFormat(number, out int n, default, CultureInfo.InvariantCulture), n),
                    _ => false,
                };
                if (!written)
                {
                    csv.Write(CsvText.Quote(Text(row[c])));
                }
            }

            if (Geometries is not null)
            {
                csv.Write(',');
                csv.Write(CsvText.Quote(Geometries[i]?.AsText() ?? string.Empty));
            }

            csv.Write('\n');
        }
    }

    private static bool Formatted(TextWriter csv, Span<char> buffer, bool formatted, int length)
    {
        if (formatted)
        {
            csv.Write(buffer[..length]);
        }

        return formatted;
    }

    /// <summary>A value as CSV and GeoPackage text: numbers in round-trip form, NaN as empty, arrays as JSON.</summary>
    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
        double[] or long[] or int[] => JsonArray(value),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>An array value as JSON text; its own method, so that tables without arrays never load the JSON serialiser.</summary>
    private static string JsonArray(object value) => JsonSerializer.Serialize(value);

    private static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case double d:
                if (double.IsFinite(d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int n:
                writer.WriteNumberValue(n);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double[] array:
                writer.WriteStartArray();
                foreach (double d in array)
                {
                    writer.WriteNumberValue(d);
                }

                writer.WriteEndArray();
                break;
            case long[] array:
                writer.WriteStartArray();
                foreach (long l in array)
                {
                    writer.WriteNumberValue(l);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Text(value));
                break;
        }
    }

    private void GeoPackage(string path)
    {
        using var connection = new SqliteConnection(SqliteFiles.ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
        connection.Open();
        using var transaction = connection.BeginTransaction();
        void Run(string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            command.ExecuteNonQuery();
        }

        // OGC 12-128r18 (GeoPackage 1.3): the application id "GPKG", the three core tables, then the layer.
        Run("PRAGMA application_id = 1196444487");
        Run("PRAGMA user_version = 10300");
        Run("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)");
        Run("INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')");
        Run("INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')");
        Run("INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, $wkt, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')", ("$wkt", Wgs84Wkt));
        Run("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))");
        Run("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))");
        string table = GeoPackageLayers.Quote(Name);
        var types = Columns.Select((_, c) => SqlType(c)).ToList();
        bool spatial = Geometries is not null;
        var definition = new StringBuilder($"CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT");
        if (spatial)
        {
            definition.Append(", geom GEOMETRY");
        }

        for (int c = 0; c < Columns.Count; c++)
        {
            definition.Append(", ").Append(GeoPackageLayers.Quote(Columns[c])).Append(' ').Append(types[c]);
        }

        Run(definition.Append(')').ToString());
        var extent = new Envelope();
        foreach (var g in Geometries ?? [])
        {
            if (g is not null)
            {
                extent.ExpandToInclude(g.EnvelopeInternal);
            }
        }

        Run("INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES ($t, $k, $t, $x0, $y0, $x1, $y1, $s)",
            ("$t", Name), ("$k", spatial ? "features" : "attributes"), ("$x0", extent.IsNull ? null : extent.MinX), ("$y0", extent.IsNull ? null : extent.MinY),
            ("$x1", extent.IsNull ? null : extent.MaxX), ("$y1", extent.IsNull ? null : extent.MaxY), ("$s", spatial ? 4326 : null));
        if (spatial)
        {
            string type = Geometries!.Where(g => g is not null).Select(g => g!.GeometryType.ToUpperInvariant()).Distinct().ToList() is [string only] ? only : "GEOMETRY";
            Run("INSERT INTO gpkg_geometry_columns VALUES ($t, 'geom', $g, 4326, 0, 0)", ("$t", Name), ("$g", type));
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            var names = Enumerable.Range(0, Columns.Count).Select(c => $"$c{c}").ToList();
            insert.CommandText = $"INSERT INTO {table} ({(spatial ? "geom, " : string.Empty)}{string.Join(", ", Columns.Select(GeoPackageLayers.Quote))}) VALUES ({(spatial ? "$geom, " : string.Empty)}{string.Join(", ", names)})";
            var geometryParameter = spatial ? insert.Parameters.Add("$geom", SqliteType.Blob) : null;
            var parameters = names.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToList();
            var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
            for (int i = 0; i < Rows.Count; i++)
            {
                if (geometryParameter is not null)
                {
                    var g = Geometries![i];
                    if (g is not null)
                    {
                        g = g.Copy();
                        g.SRID = 4326;
                    }

                    geometryParameter.Value = g is null ? DBNull.Value : writer.Write(g);
                }

                for (int c = 0; c < Columns.Count; c++)
                {
                    parameters[c].SqliteType = types[c] switch { "INTEGER" or "BOOLEAN" => SqliteType.Integer, "REAL" => SqliteType.Real, _ => SqliteType.Text };
                    parameters[c].Value = Rows[i][c] switch
                    {
                        null => DBNull.Value,
                        double d when !double.IsFinite(d) => DBNull.Value,
                        double or float or long or int or bool => Rows[i][c],
                        var other => Text(other),
                    };
                }

                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>
    /// A column's GeoPackage type from its values: BOOLEAN for true/false, INTEGER for whole numbers, REAL for any
    /// other number, DATE for ISO dates (YYYY-MM-DD), else TEXT.
    /// </summary>
    private string SqlType(int column)
    {
        bool any = false, boolean = true, whole = true, number = true, date = true;
        foreach (var row in Rows)
        {
            object? value = row[column];
            if (value is null)
            {
                continue;
            }

            any = true;
            boolean &= value is bool;
            whole &= value is long or int or bool;
            number &= value is long or int or bool or double or float;
            date &= value is string text && text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        }

        return !any ? "TEXT" : boolean ? "BOOLEAN" : whole ? "INTEGER" : number ? "REAL" : date ? "DATE" : "TEXT";
    }

    private const string Wgs84Wkt = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";
}
