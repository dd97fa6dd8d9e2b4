using System.Net;
using Haven.Storage.Access;

namespace Haven.Server.Tests.Apis;

/// <summary>The tile jobs' dashboard at /jobs: admins only, and only where the store is PostgreSQL (HAVEN_TEST_POSTGRES, started by .ci/run).</summary>
public sealed class JobsDashboardTests
{
    [SkippableFact]
    public async Task On_postgresql_the_dashboard_is_served_to_an_admin_and_refused_to_anyone_else()
    {
        await using var schema = await TestSchema.CreateAsync("haven_jobs_");
        using var factory = new HavenServerFactory();
        factory.Settings["Haven:Database"] = schema.Connection;

        var anonymous = await factory.CreateClient().GetAsync(new Uri("/jobs", UriKind.Relative));
        var analyst = await factory.ClientWith(await factory.KeyAsync(Role.Analyst)).GetAsync(new Uri("/jobs", UriKind.Relative));
        var admin = await factory.ClientWith(await factory.KeyAsync(Role.Admin)).GetAsync(new Uri("/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, analyst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Hangfire", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_sqlite_there_is_no_dashboard()
    {
        using var factory = new HavenServerFactory();

        var admin = await factory.ClientWith(await factory.KeyAsync(Role.Admin)).GetAsync(new Uri("/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
    }
}
