using Npgsql;

namespace Haven.Server.Tests;

/// <summary>
/// A schema of its own in the test PostgreSQL (HAVEN_TEST_POSTGRES, started by .ci/run) for one server's store,
/// and the connection string that searches it first; dropped, with its Hangfire schema, when disposed.
/// </summary>
public sealed class TestSchema : IAsyncDisposable
{
    public static readonly string? Postgres = Environment.GetEnvironmentVariable("HAVEN_TEST_POSTGRES");

    public const string NoPostgres = "HAVEN_TEST_POSTGRES names no PostgreSQL; .ci/run starts one.";

    private TestSchema(string name) => Name = name;

    public string Name { get; }

    public string Connection => new NpgsqlConnectionStringBuilder(Postgres) { SearchPath = $"{Name},public" }.ConnectionString;

    /// <summary>A new schema named from <paramref name="prefix"/>; skips the test when there is no PostgreSQL.</summary>
    public static async Task<TestSchema> CreateAsync(string prefix)
    {
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        var schema = new TestSchema(prefix + Guid.NewGuid().ToString("N")[..10]);
        await ExecuteAsync($"CREATE SCHEMA {schema.Name}");
        return schema;
    }

    public async ValueTask DisposeAsync() =>
        await ExecuteAsync($"DROP SCHEMA {Name} CASCADE; DROP SCHEMA IF EXISTS {Haven.Workflows.Distributed.TileJob.SchemaFor(Connection)} CASCADE");

    private static async Task ExecuteAsync(string sql)
    {
        await using var db = new NpgsqlConnection(Postgres);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        await cmd.ExecuteNonQueryAsync();
    }
}
