using System.Globalization;
using Haven.Geo.Coverage;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.IO;
using Haven.Geo.Spatial;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
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
            using var db = Open(path);
            return Outcome<IReadOnlyList<string>>.Success(FeatureTables(db));
        }
        catch (SqliteFailure ex)
        {
            return Outcome<IReadOnlyList<string>>.Failure("gpkg.unreadable", Unreadable(path, ex));
        }
    }

    internal static Outcome<GeoJsonReadResult> Read(string path, string? layer, GeoJsonReadOptions options)
    {
        try
        {
            var open = Cursor.Open(path, layer);
            if (!open.Succeeded)
            {
                return open.Problem!;
            }

            using var cursor = open.Value;
            var features = new List<RawFeature>();
            while (cursor.Next())
            {
                features.Add(cursor.Feature());
            }

            return VectorReader.Checked(path, "GeoPackage", cursor.Table, cursor.Crs, features, options);
        }
        catch (SqliteFailure ex)
        {
            return Outcome<GeoJsonReadResult>.Failure("gpkg.unreadable", Unreadable(path, ex));
        }
    }

    /// <summary>
    /// A polygon layer read straight into <see cref="CoverageShape"/>s in its own CRS, with the values of the named
    /// columns only, for zonal statistics over many footprints: no feature objects, no attribute tables. A polygon of
    /// one ring that <see cref="SimpleRing"/> proves valid goes straight in; any other geometry is read and checked
    /// as <see cref="Read"/> checks it, so the same features are accepted and the same problems reported. Null (not a
    /// problem) when <paramref name="usable"/> refuses the layer's CRS, or when some coordinates are out of range (the
    /// caller then reads the layer as features, which names each such feature).
    /// </summary>
    internal static Outcome<PolygonLayer?> ReadPolygons(string path, string? layer, GeoJsonReadOptions options, IReadOnlyList<string> columns, Func<SourceCrs, bool> usable)
    {
        try
        {
            var open = Cursor.Open(path, layer);
            if (!open.Succeeded)
            {
                return open.Problem!;
            }

            using var cursor = open.Value;
            if (!usable(cursor.Crs))
            {
                return Outcome<PolygonLayer?>.Success(null);
            }

            int[] ordinals = [.. columns.Select(c => Ordinal(cursor.ColumnNames, c))];
            var shapes = new List<CoverageShape?>();
            // A column named twice is read once: first[c] is the first request of column c's table column.
            int[] first = [.. ordinals.Select((o, c) => o < 0 ? c : Array.IndexOf(ordinals, o))];
            var values = columns.Select(_ => new List<object?>()).ToArray();
            var ownIds = cursor.KeyIsId ? new List<string>() : null;
            var problems = new List<GeoJsonIssue>();
            var extent = new Envelope();
            bool simpleAllowed = options.AllowedGeometryTypes?.Contains("Polygon") ?? true;
            for (int index = 0; cursor.Next(); index++)
            {
                var select = cursor.Select;
                for (int c = 0; c < ordinals.Length; c++)
                {
                    if (first[c] != c)
                    {
                        continue;
                    }

                    values[c].Add(ordinals[c] < 0 ? PolygonLayer.Absent : Value(select, ordinals[c]) is var (value, kept) && kept ? value : PolygonLayer.Absent);
                }

                ownIds?.Add(raw.sqlite3_column_int64(select, cursor.KeyOrdinal).ToString(CultureInfo.InvariantCulture));
                if (simpleAllowed && raw.sqlite3_column_type(select, cursor.GeometryOrdinal) == raw.SQLITE_BLOB
                    && GeoPackageBlob.TryReadSimplePolygon(raw.sqlite3_column_blob(select, cursor.GeometryOrdinal), out var xs, out var ys)
                    && xs.Length <= options.MaxVerticesPerFeature && SimpleRing.IsProvenValid(xs, ys))
                {
                    var shape = CoverageShape.FromRing(xs, ys);
                    extent.ExpandToInclude(shape.MinX, shape.MinY);
                    extent.ExpandToInclude(shape.MaxX, shape.MaxY);
                    shapes.Add(shape);
                    continue;
                }

                var (feature, problem, _) = VectorReader.Check(path, index, cursor.Feature(), cursor.Crs, options, layerInRange: false);
                if (problem is not null)
                {
                    problems.Add(problem);
                }

                shapes.Add(feature is null ? null : CoverageShape.From(feature.Geometry));
            }

            if (shapes.Count > problems.Count && !VectorReader.InRange(cursor.Crs, extent))
            {
                return Outcome<PolygonLayer?>.Success(null);
            }

            var names = cursor.ColumnNames.Where((_, c) => c != cursor.GeometryOrdinal && c != cursor.KeyOrdinal).ToList();
            var arrays = values.Select((v, c) => first[c] == c ? v.ToArray() : null).ToArray();
            return new PolygonLayer(cursor.Crs, shapes, [.. first.Select(f => arrays[f]!)], names, ownIds, problems);
        }
        catch (SqliteFailure ex)
        {
            return Outcome<PolygonLayer?>.Failure("gpkg.unreadable", Unreadable(path, ex));
        }
    }

    private static string Unreadable(string path, SqliteFailure ex) => $"{path}: not a readable GeoPackage ({ex.Message.TrimEnd('.')}).";

    /// <summary>
    /// One feature table opened for reading, row by row, through SQLite's own API: each geometry blob is parsed where
    /// SQLite holds it, with no copy and no boxed value per column.
    /// </summary>
    private sealed class Cursor : IDisposable
    {
        private static readonly GeometryFactory Factory = new(PackedCoordinateSequenceFactory.DoubleFactory);
        private readonly sqlite3 _db;

        private Cursor(sqlite3 db, string table, SourceCrs crs, sqlite3_stmt select, string[] columnNames, int geometryOrdinal, int keyOrdinal, bool keyIsId)
        {
            _db = db;
            Table = table;
            Crs = crs;
            Select = select;
            ColumnNames = columnNames;
            GeometryOrdinal = geometryOrdinal;
            KeyOrdinal = keyOrdinal;
            KeyIsId = keyIsId;
        }

        public string Table { get; }

        public SourceCrs Crs { get; }

        public sqlite3_stmt Select { get; }

        public string[] ColumnNames { get; }

        public int GeometryOrdinal { get; }

        public int KeyOrdinal { get; }

        /// <summary>Whether the integer primary key is the feature's own id (the table has no other "id" column).</summary>
        public bool KeyIsId { get; }

        public static Outcome<Cursor> Open(string path, string? layer)
        {
            var db = GeoPackageLayers.Open(path);
            try
            {
                var chosen = VectorReader.Choose(path, FeatureTables(db), layer, "feature table (gpkg_contents has no row of data_type 'features')");
                if (!chosen.Succeeded)
                {
                    return chosen.Problem!;
                }

                string table = chosen.Value;
                string source = $"{path} (layer {table})";
                string? geometryColumn = null;
                long srsId = 0;
                Query(db, "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", [table], row =>
                {
                    geometryColumn ??= raw.sqlite3_column_text(row, 0).utf8_to_string();
                    srsId = raw.sqlite3_column_int64(row, 1);
                });

                if (geometryColumn is null)
                {
                    return Outcome<Cursor>.Failure("gpkg.no_geometry", $"{source}: gpkg_geometry_columns has no row for this table.");
                }

                var crs = Crs(db, srsId, source);
                if (!crs.Succeeded)
                {
                    return crs.Problem!;
                }

                var (key, names) = Columns(db, table);
                bool keyIsId = key is not null && !names.Any(n => n != key && string.Equals(n, "id", StringComparison.OrdinalIgnoreCase));
                string sql = $"SELECT * FROM {Quote(table)}{(key is null ? string.Empty : $" ORDER BY {Quote(key)}")}";
                int rc = raw.sqlite3_prepare_v2(db, sql, out var select);
                SqliteFailure.ThrowIfError(rc, db);
                int fieldCount = raw.sqlite3_column_count(select);
                var columnNames = new string[fieldCount];
                for (int c = 0; c < fieldCount; c++)
                {
                    columnNames[c] = raw.sqlite3_column_name(select, c).utf8_to_string();
                }

                int geometryOrdinal = Ordinal(columnNames, geometryColumn);
                if (geometryOrdinal < 0)
                {
                    select.Dispose();
                    return Outcome<Cursor>.Failure("gpkg.no_geometry", $"{source}: gpkg_geometry_columns names the column \"{geometryColumn}\", which the table does not have.");
                }

                var cursor = new Cursor(db, table, crs.Value, select, columnNames, geometryOrdinal, key is null ? -1 : Ordinal(columnNames, key), keyIsId);
                db = null;
                return cursor;
            }
            finally
            {
                db?.Dispose();
            }
        }

        /// <summary>Steps to the next row; false after the last.</summary>
        public bool Next()
        {
            int rc = raw.sqlite3_step(Select);
            if (rc == raw.SQLITE_ROW)
            {
                return true;
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteFailure.ThrowIfError(rc, _db);
            }

            return false;
        }

        /// <summary>The current row as a feature: its attributes, own id and geometry, or a null geometry with the reason it could not be read.</summary>
        public RawFeature Feature()
        {
            var attributes = new AttributesTable();
            for (int c = 0; c < ColumnNames.Length; c++)
            {
                if (c != GeometryOrdinal && c != KeyOrdinal && Value(Select, c) is var (value, kept) && kept)
                {
                    attributes.Add(ColumnNames[c], value);
                }
            }

            (string, bool)? own = KeyIsId ? (raw.sqlite3_column_int64(Select, KeyOrdinal).ToString(CultureInfo.InvariantCulture), true) : null;
            if (raw.sqlite3_column_type(Select, GeometryOrdinal) == raw.SQLITE_NULL)
            {
                return new RawFeature(null, attributes, own);
            }

            try
            {
                return new RawFeature(GeoPackageBlob.Read(raw.sqlite3_column_blob(Select, GeometryOrdinal), Factory), attributes, own);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                return new RawFeature(null, attributes, own, $"the geometry blob cannot be read ({ex.Message.TrimEnd('.')})");
            }
        }

        public void Dispose()
        {
            Select.Dispose();
            _db.Dispose();
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

    /// <summary>
    /// Opens a GeoPackage read-only through SQLite's own API: a short command reading one layer spends no time on
    /// ADO.NET's connection machinery.
    /// </summary>
    private static sqlite3 Open(string path)
    {
        Batteries_V2.Init();
        int rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY, null);
        if (rc != raw.SQLITE_OK)
        {
            var failure = new SqliteFailure(rc, db);
            db?.Dispose();
            throw failure;
        }

        return db;
    }

    /// <summary>Runs <paramref name="sql"/> with its parameters (text or integers) bound by position, calling <paramref name="row"/> on each row.</summary>
    private static void Query(sqlite3 db, string sql, IReadOnlyList<object> parameters, Action<sqlite3_stmt> row)
    {
        int rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteFailure.ThrowIfError(rc, db);
        using (statement)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                rc = parameters[i] is long number ? raw.sqlite3_bind_int64(statement, i + 1, number) : raw.sqlite3_bind_text(statement, i + 1, (string)parameters[i]);
                SqliteFailure.ThrowIfError(rc, db);
            }

            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                row(statement);
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteFailure.ThrowIfError(rc, db);
            }
        }
    }

    private static string? Text(sqlite3_stmt row, int column) =>
        raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(row, column).utf8_to_string();

    private static List<string> FeatureTables(sqlite3 db)
    {
        var names = new List<string>();
        Query(db, "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid", [], row => names.Add(Text(row, 0) ?? string.Empty));
        return names;
    }

    private static Outcome<SourceCrs> Crs(sqlite3 db, long srsId, string source)
    {
        bool found = false;
        string organization = string.Empty, definition = string.Empty;
        long code = -1;
        Query(db, "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?", [srsId], row =>
        {
            if (!found)
            {
                found = true;
                organization = Text(row, 0) ?? string.Empty;
                code = raw.sqlite3_column_type(row, 1) == raw.SQLITE_NULL ? -1 : raw.sqlite3_column_int64(row, 1);
                definition = Text(row, 2) ?? string.Empty;
            }
        });
        if (!found)
        {
            return Outcome<SourceCrs>.Failure("crs.unknown", string.Create(CultureInfo.InvariantCulture, $"{source}: srs_id {srsId} is not in gpkg_spatial_ref_sys."));
        }

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
    private static (string? Key, List<string> Names) Columns(sqlite3 db, string table)
    {
        string? key = null;
        var names = new List<string>();
        Query(db, $"PRAGMA table_info({Quote(table)})", [], row =>
        {
            string name = Text(row, 1) ?? string.Empty;
            names.Add(name);
            if (raw.sqlite3_column_int64(row, 5) == 1 && (Text(row, 2) ?? string.Empty).Equals("INTEGER", StringComparison.OrdinalIgnoreCase))
            {
                key = name;
            }
        });
        return (key, names);
    }

    /// <summary>An SQL identifier (a table or column name) quoted, for the GeoPackages Haven reads and writes.</summary>
    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>An SQLite call that failed while a GeoPackage was read: its result code and SQLite's message, as "SQLite Error 26: 'file is not a database'".</summary>
internal sealed class SqliteFailure : Exception
{
    public SqliteFailure(int code, sqlite3? db)
        : base(string.Create(CultureInfo.InvariantCulture, $"SQLite Error {code}: '{(db is null ? raw.sqlite3_errstr(code) : raw.sqlite3_errmsg(db)).utf8_to_string()}'"))
    {
    }

    public SqliteFailure()
    {
    }

    public SqliteFailure(string message)
        : base(message)
    {
    }

    public SqliteFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws unless <paramref name="code"/> is a success (OK, ROW or DONE).</summary>
    public static void ThrowIfError(int code, sqlite3 db)
    {
        if (code is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            throw new SqliteFailure(code, db);
        }
    }
}

/// <summary>
/// A polygon layer read for zonal statistics (<see cref="GeoPackageLayers.ReadPolygons"/>): one shape per feature in
/// file order (null where the feature has a problem), the named columns' values (<see cref="Absent"/> throughout for a
/// column the table lacks, and for a value Haven does not keep, such as a blob), the names of the attribute columns, the features' own ids when the
/// table's key is one, and the problems found.
/// </summary>
internal sealed record PolygonLayer(SourceCrs Crs, IReadOnlyList<CoverageShape?> Shapes, IReadOnlyList<object?[]> Columns, IReadOnlyList<string> AttributeNames, IReadOnlyList<string>? OwnIds, IReadOnlyList<GeoJsonIssue> Problems)
{
    /// <summary>The value of a column that is not an attribute in this row.</summary>
    public static readonly object Absent = new();
}
