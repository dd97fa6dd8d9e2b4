using System.Data.Common;
using System.Globalization;
using Haven.Damage.Buildings;
using Haven.Storage.Sql;
using Microsoft.Data.Sqlite;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SQLitePCL;

namespace Haven.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with foreign keys on, geometry as WKB and building bounding
/// boxes in an R*Tree. Dates are ISO 8601 text, times round-trip ("O") text, flags 0 or 1.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private readonly string _connectionString;

    public SqliteStore(string path, TimeProvider? time = null)
        : base(time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = Haven.Geo.IO.SqliteFiles.ConnectionString(Path, SqliteOpenMode.ReadWriteCreate, pooling: true, extra: "Cache=Private;Foreign Keys=True");
    }

    public string Path { get; }

    public override string Location => Path;

    protected override IReadOnlyList<string> ScenarioTables => SqliteSchema.ScenarioTables;

    protected override string BuildingsWithin =>
        "JOIN buildings_rtree t ON t.id = b.id WHERE t.max_x >= @minx AND t.min_x <= @maxx AND t.max_y >= @miny AND t.min_y <= @maxy";

    protected override string HistoryOrder => "rowid";

    public override async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        int version = Convert.ToInt32(await ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture);
        // Foreign keys off while tables are rebuilt (SQLite's documented procedure), checked before each commit.
        await ExecuteAsync(connection, null, "PRAGMA foreign_keys = OFF", cancellationToken);
        for (int next = version + 1; next <= SqliteSchema.Migrations.Count; next++)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, tx, SqliteSchema.Migrations[next - 1], cancellationToken);
            await using (var check = Command(connection, tx, "PRAGMA foreign_key_check"))
            await using (var broken = await check.ExecuteReaderAsync(cancellationToken))
            {
                if (await broken.ReadAsync(cancellationToken))
                {
                    throw new InvalidOperationException($"{Path}: migration {next} would break a reference from table {broken.GetString(0)}; the database is left at version {version}.");
                }
            }

            await ExecuteAsync(connection, tx, "INSERT INTO schema_version (version) VALUES (@v)", cancellationToken, ("v", next));
            await tx.CommitAsync(cancellationToken);
            version = next;
        }

        await ExecuteAsync(connection, null, "PRAGMA foreign_keys = ON", cancellationToken);
        return version;
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;", cancellationToken);
        return connection;
    }

    protected override Task AfterBuildingsAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Building> buildings, CancellationToken cancellationToken) =>
        InsertAllAsync(connection, tx, "buildings_rtree", buildings,
            b => { var e = b.Footprint.EnvelopeInternal; return [BuildingKeys.Of(b.Id), e.MinX, e.MaxX, e.MinY, e.MaxY]; }, () => { }, cancellationToken);

    protected override async Task AfterBuildingUpsertAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Building> buildings, CancellationToken cancellationToken)
    {
        foreach (var b in buildings)
        {
            await ExecuteAsync(connection, tx, "DELETE FROM buildings_rtree WHERE id = @id", cancellationToken, ("id", BuildingKeys.Of(b.Id)));
        }

        await AfterBuildingsAsync(connection, tx, buildings, cancellationToken);
    }

    /// <summary>
    /// Rows inserted through SQLite's own API: one statement prepared once, each value bound by position and the
    /// statement stepped and reset per row (Microsoft.Data.Sqlite looks every parameter up by name on every execution,
    /// which cost more than the insert itself for tens of thousands of building scores). Values are stored with the
    /// types Microsoft.Data.Sqlite gives them.
    /// </summary>
    protected override Task InsertAllAsync<T>(DbConnection connection, DbTransaction tx, string table,
        IReadOnlyList<T> rows, Func<T, object?[]> values, Action afterRow, CancellationToken cancellationToken, string? columns = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(afterRow);
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var db = ((SqliteConnection)connection).Handle!;
        int n = values(rows[0]).Length;
        string sql = $"INSERT INTO {table} {(columns is null ? "" : $"({columns}) ")}VALUES ({string.Join(", ", Enumerable.Range(1, n).Select(p => "?" + p.ToString(CultureInfo.InvariantCulture)))})";
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var v = values(row);
                for (int p = 0; p < n; p++)
                {
                    SqliteException.ThrowExceptionForRC(Bind(statement, p + 1, ToDb(v[p])), db);
                }

                int rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }

                raw.sqlite3_reset(statement);
                afterRow();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A value bound as Microsoft.Data.Sqlite binds it: whole numbers and flags as integers, decimals as text.</summary>
    private static int Bind(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long l => raw.sqlite3_bind_int64(statement, index, l),
        int i => raw.sqlite3_bind_int64(statement, index, i),
        double d => raw.sqlite3_bind_double(statement, index, d),
        byte[] blob => raw.sqlite3_bind_blob(statement, index, blob),
        short or byte or sbyte or ushort or uint => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        float f => raw.sqlite3_bind_double(statement, index, f),
        decimal m => raw.sqlite3_bind_text(statement, index, m.ToString(CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"no SQLite storage class for a value of type {value.GetType().Name}"),
    };

    protected override object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly d => Iso(d),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? 1L : 0L,
        Geometry g => new WKBWriter().Write(g),
        _ => value,
    };

    protected override Geometry ReadGeometry(DbDataReader reader, int ordinal)
    {
        var g = new WKBReader(NtsGeometryServices.Instance).Read((byte[])reader.GetValue(ordinal));
        g.SRID = 4326;
        return g;
    }

    protected override DateOnly ReadDate(DbDataReader reader, int ordinal) =>
        DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);
}
