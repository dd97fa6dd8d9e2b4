using System.Globalization;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using SQLitePCL;

namespace Haven.Geo.Vector;

/// <summary>
/// Feature tables of an OGC GeoPackage, read with SQLite (read-only), their geometry blobs by
/// <see cref="GeoPackageBlob"/>. The CRS is the layer's spatial reference system: its EPSG code when Haven knows
/// it, else its WKT.
/// A feature's own id is the table's integer primary key (GDAL's FID) when the table has no "id" column, so
/// ids written as "id" properties are kept as given.
/// </summary>
public static class GeoPackageLayers
{
    /// <summary>The names of the feature tables, in gpkg_contents order.</summary>
    public static Outcome<IReadOnlyList<string>> List(string path)
    {
        try
        {
            using var connection = Open(path);
            return Outcome<IReadOnlyList<string>>.Success(FeatureTables(connection));
        }
        catch (SqliteException ex)
        {
            return Outcome<IReadOnlyList<string>>.Failure("gpkg.unreadable", $"{path}: not a readable GeoPackage ({ex.Message.TrimEnd('.')}).");
        }
    }

    internal static Outcome<GeoJsonReadResult> Read(string path, string? layer, GeoJsonReadOptions options)
    {
        try
        {
            using var connection = Open(path);
            var chosen = VectorReader.Choose(path, FeatureTables(connection), layer, "feature table (gpkg_contents has no row of data_type 'features')");
            if (!chosen.Succeeded)
            {
                return chosen.Problem!;
            }

            string table = chosen.Value;
            string source = $"{path} (layer {table})";
            using var columns = connection.CreateCommand();
            columns.CommandText = "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = $t";
            columns.Parameters.AddWithValue("$t", table);
            string? geometryColumn = null;
            long srsId = 0;
            using (var reader = columns.ExecuteReader())
            {
                if (reader.Read())
                {
                    geometryColumn = reader.GetString(0);
                    srsId = reader.GetInt64(1);
                }
            }

            if (geometryColumn is null)
            {
                return Outcome<GeoJsonReadResult>.Failure("gpkg.no_geometry", $"{source}: gpkg_geometry_columns has no row for this table.");
            }

            var crs = Crs(connection, srsId, source);
            if (!crs.Succeeded)
            {
                return crs.Problem!;
            }

            var (key, names) = Columns(connection, table);
            bool keyIsId = key is not null && !names.Any(n => n != key && string.Equals(n, "id", StringComparison.OrdinalIgnoreCase));
            var features = new List<RawFeature>();
            var factory = new NetTopologySuite.Geometries.GeometryFactory(NetTopologySuite.Geometries.Implementation.PackedCoordinateSequenceFactory.DoubleFactory);
            // Rows are stepped through SQLite's own API: each geometry blob is parsed where SQLite holds it, with no copy
            // and no boxed value per column.
            var db = connection.Handle!;
            string sql = $"SELECT * FROM {Quote(table)}{(key is null ? string.Empty : $" ORDER BY {Quote(key)}")}";
            int rc = raw.sqlite3_prepare_v2(db, sql, out var select);
            SqliteException.ThrowExceptionForRC(rc, db);
            using (select)
            {
                int fieldCount = raw.sqlite3_column_count(select);
                var columnNames = new string[fieldCount];
                for (int c = 0; c < fieldCount; c++)
                {
                    columnNames[c] = raw.sqlite3_column_name(select, c).utf8_to_string();
                }

                int geometryOrdinal = Ordinal(columnNames, geometryColumn);
                int keyOrdinal = key is null ? -1 : Ordinal(columnNames, key);
                if (geometryOrdinal < 0)
                {
                    return Outcome<GeoJsonReadResult>.Failure("gpkg.no_geometry", $"{source}: gpkg_geometry_columns names the column \"{geometryColumn}\", which the table does not have.");
                }

                while ((rc = raw.sqlite3_step(select)) == raw.SQLITE_ROW)
                {
                    var attributes = new AttributesTable();
                    for (int c = 0; c < fieldCount; c++)
                    {
                        if (c != geometryOrdinal && c != keyOrdinal && Value(select, c) is var (value, kept) && kept)
                        {
                            attributes.Add(columnNames[c], value);
                        }
                    }

                    (string, bool)? own = keyIsId ? (raw.sqlite3_column_int64(select, keyOrdinal).ToString(CultureInfo.InvariantCulture), true) : null;
                    if (raw.sqlite3_column_type(select, geometryOrdinal) == raw.SQLITE_NULL)
                    {
                        features.Add(new RawFeature(null, attributes, own));
                        continue;
                    }

                    try
                    {
                        features.Add(new RawFeature(GeoPackageBlob.Read(raw.sqlite3_column_blob(select, geometryOrdinal), factory), attributes, own));
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException)
                    {
                        features.Add(new RawFeature(null, attributes, own, $"the geometry blob cannot be read ({ex.Message.TrimEnd('.')})"));
                    }
                }

                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }
            }

            return VectorReader.Checked(path, "GeoPackage", table, crs.Value, features, options);
        }
        catch (SqliteException ex)
        {
            return Outcome<GeoJsonReadResult>.Failure("gpkg.unreadable", $"{path}: not a readable GeoPackage ({ex.Message.TrimEnd('.')}).");
        }
    }

    /// <summary>A column's value by its storage class, as Microsoft.Data.Sqlite gives it; blobs are not attributes Haven keeps.</summary>
    private static (object? Value, bool Kept) Value(sqlite3_stmt row, int column) => raw.sqlite3_column_type(row, column) switch
    {
        raw.SQLITE_INTEGER => (raw.sqlite3_column_int64(row, column), true),
        raw.SQLITE_FLOAT => (raw.sqlite3_column_double(row, column), true),
        raw.SQLITE_TEXT => (raw.sqlite3_column_text(row, column).utf8_to_string(), true),
        raw.SQLITE_NULL => (null, true),
        _ => (null, false),
    };

    /// <summary>A column's position by name, as SQLite matches names: exactly, else ignoring case; -1 when absent.</summary>
    private static int Ordinal(string[] names, string name)
    {
        int exact = Array.IndexOf(names, name);
        return exact >= 0 ? exact : Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static List<string> FeatureTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid";
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static Outcome<SourceCrs> Crs(SqliteConnection connection, long srsId, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $s";
        command.Parameters.AddWithValue("$s", srsId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Outcome<SourceCrs>.Failure("crs.unknown", string.Create(CultureInfo.InvariantCulture, $"{source}: srs_id {srsId} is not in gpkg_spatial_ref_sys."));
        }

        string organization = reader.IsDBNull(0) ? string.Empty : reader.GetString(0);
        long code = reader.IsDBNull(1) ? -1 : reader.GetInt64(1);
        string definition = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
        if (srsId == -1 || string.Equals(definition, "undefined", StringComparison.OrdinalIgnoreCase))
        {
            // srs_id 0 is "undefined geographic" (longitude/latitude); -1 is undefined Cartesian, which cannot be placed.
            return srsId == 0 ? SourceCrs.Wgs84
                : Outcome<SourceCrs>.Failure("crs.unknown", $"{source}: the layer's CRS is undefined (srs_id {srsId.ToString(CultureInfo.InvariantCulture)}), so its coordinates cannot be placed on the map.");
        }

        int? epsg = string.Equals(organization, "EPSG", StringComparison.OrdinalIgnoreCase) && code is > 0 and < int.MaxValue ? (int)code : null;
        if (epsg is int known && (known == Epsg.Wgs84 || Epsg.IsUtm(known)))
        {
            return SourceCrs.FromEpsg(known, source);
        }

        return SourceCrs.FromWkt(definition, source, epsg);
    }

    /// <summary>The integer primary key column (GDAL's FID), if any, and every column's name.</summary>
    private static (string? Key, List<string> Names) Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA table_info({Quote(table)})";
        string? key = null;
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string name = reader.GetString(1);
            names.Add(name);
            if (reader.GetInt64(5) == 1 && reader.GetString(2).Equals("INTEGER", StringComparison.OrdinalIgnoreCase))
            {
                key = name;
            }
        }

        return (key, names);
    }

    /// <summary>An SQL identifier (a table or column name) quoted, for the GeoPackages Haven reads and writes.</summary>
    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
