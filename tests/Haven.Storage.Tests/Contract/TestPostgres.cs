using Haven.Storage.Postgis;
using Npgsql;

namespace Haven.Storage.Tests.Contract;

/// <summary>
/// The PostgreSQL database the PostGIS half of the contract suite runs on, named by HAVEN_TEST_POSTGRES (a
/// connection string; `.ci/run` starts a throwaway cluster and sets it). Each store gets its own schema,
/// dropped afterwards. When the variable is unset those tests are skipped, saying so.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "HAVEN_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>A store in a fresh schema of the test database, and how to drop it.</summary>
    public static async Task<(PostgisStore Store, Func<Task> Drop)> NewStoreAsync()
    {
        Skip.If(ConnectionString is null, $"{Variable} is not set: no PostgreSQL with PostGIS to run against (.ci/run starts one).");
        string schema = "haven_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = $"{schema},public" };
        var store = new PostgisStore(builder.ConnectionString);
        return (store, async () =>
        {
            await store.DisposeAsync();
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
