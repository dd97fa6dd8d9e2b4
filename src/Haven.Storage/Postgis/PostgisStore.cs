using System.Data.Common;
using System.Globalization;
using Haven.Storage.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Haven.Storage.Postgis;

/// <summary>
/// The store at scale: PostgreSQL with PostGIS, geometry carried natively by Npgsql's NetTopologySuite plugin,
/// GiST indexes on every geometry column. Built from an ordinary Npgsql connection string.
/// </summary>
public sealed class PostgisStore : SqlStore, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgisStore(string connectionString, TimeProvider? time = null)
        : base(time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        var source = new NpgsqlDataSourceBuilder(connectionString);
        source.UseNetTopologySuite();
        _dataSource = source.Build();
    }

    /// <summary>True when the text is a PostgreSQL connection string or URI rather than a file path.</summary>
    public static bool IsConnectionString(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public override string Location { get; }

    protected override IReadOnlyList<string> ScenarioTables => PostgisSchema.ScenarioTables;

    protected override string BuildingsWithin => "WHERE b.geom && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4326)";

    protected override string HistoryOrder => "seq";

    public override async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        bool hasPostgis = await ScalarAsync(connection, null, "SELECT 1 FROM pg_extension WHERE extname = 'postgis'", cancellationToken) is not null;
        if (!hasPostgis)
        {
            try
            {
                await ExecuteAsync(connection, null, "CREATE EXTENSION IF NOT EXISTS postgis", cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException(
                    $"{Location}: the database lacks the PostGIS extension and this role may not create it ({e.MessageText}). Run CREATE EXTENSION postgis as a superuser.", e);
            }

            await connection.ReloadTypesAsync(cancellationToken);
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // One migrator at a time: a second server starting at once waits here, then finds the work done.
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(7410021)", cancellationToken);
        await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)", cancellationToken);
        int version = Convert.ToInt32(await ScalarAsync(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture);
        for (int next = version + 1; next <= PostgisSchema.Migrations.Count; next++)
        {
            await ExecuteAsync(connection, tx, PostgisSchema.Migrations[next - 1], cancellationToken);
            await ExecuteAsync(connection, tx, "INSERT INTO schema_version (version) VALUES (@v)", cancellationToken, ("v", next));
            version = next;
        }

        await tx.CommitAsync(cancellationToken);
        return version;
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Rows go in by binary COPY: one stream per table instead of a round trip per row.</summary>
    protected override async Task InsertAllAsync<T>(DbConnection connection, DbTransaction tx, string table,
        IReadOnlyList<T> rows, Func<T, object?[]> values, Action afterRow, CancellationToken cancellationToken, string? columns = null)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"COPY {table} {(columns is null ? "" : $"({columns}) ")}FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (object? value in values(row))
            {
                if (ToDb(value) is var v && v is DBNull)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(v, cancellationToken);
                }
            }

            afterRow();
        }

        await importer.CompleteAsync(cancellationToken);
    }

    protected override object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => t.ToUniversalTime(),
        Geometry { SRID: not 4326 } g => WithSrid(g),
        _ => value,
    };

    private static Geometry WithSrid(Geometry g)
    {
        var copy = g.Copy();
        copy.SRID = 4326;
        return copy;
    }

    protected override Geometry ReadGeometry(DbDataReader reader, int ordinal) => reader.GetFieldValue<Geometry>(ordinal);

    protected override DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    protected override bool ReadFlag(DbDataReader reader, int ordinal) => reader.GetBoolean(ordinal);

    public void Dispose() => _dataSource.Dispose();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
