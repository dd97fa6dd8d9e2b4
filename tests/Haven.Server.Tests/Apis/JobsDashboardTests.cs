using System.Net;
using Haven.Storage.Access;
using Npgsql;

namespace Haven.Server.Tests.Apis;

/// <summary>The tile jobs' dashboard at /jobs: admins only, and only where the store is PostgreSQL (HAVEN_TEST_POSTGRES, started by .ci/run).</summary>
public sealed class JobsDashboardTests
{
    private static readonly string? Postgres = Environment.GetEnvironmentVariable("HAVEN_TEST_POSTGRES");

    [SkippableFact]
    public async Task On_postgresql_the_dashboard_is_served_to_an_admin_and_refused_to_anyone_else()
    {
        Skip.If(string.IsNullOrEmpty(Postgres), "HAVEN_TEST_POSTGRES names no PostgreSQL; .ci/run starts one.");
        string schema = "haven_jobs_" + Guid.NewGuid().ToString("N")[..10];
        await using (var db = new NpgsqlConnection(Postgres))
        {
            await db.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", db);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            using var factory = new HavenServerFactory();
            factory.Settings["Haven:Database"] = new NpgsqlConnectionStringBuilder(Postgres) { SearchPath = $"{schema},public" }.ConnectionString;

            var anonymous = await factory.CreateClient().GetAsync(new Uri("/jobs", UriKind.Relative));
            var analyst = await factory.ClientWith(await factory.KeyAsync(Role.Analyst)).GetAsync(new Uri("/jobs", UriKind.Relative));
            var admin = await factory.ClientWith(await factory.KeyAsync(Role.Admin)).GetAsync(new Uri("/jobs", UriKind.Relative));

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
            Assert.Contains("Hangfire", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await using var db = new NpgsqlConnection(Postgres);
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE; DROP SCHEMA IF EXISTS {schema}_hangfire CASCADE", db);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task On_sqlite_there_is_no_dashboard()
    {
        using var factory = new HavenServerFactory();

        var admin = await factory.ClientWith(await factory.KeyAsync(Role.Admin)).GetAsync(new Uri("/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
    }
}
