using Hangfire;
using Haven.Server.Extensions;
using Haven.Server.Security;
using Haven.Storage.Postgis;
using Haven.Workflows.Distributed;
using Microsoft.Extensions.Options;

namespace Haven.Server.Apis;

/// <summary>
/// The Hangfire dashboard of distributed runs' tile jobs at /jobs, for admins only, when the store is PostgreSQL
/// (where the jobs are); a server on SQLite runs no distributed jobs and serves no dashboard.
/// </summary>
public static class JobsDashboard
{
    public static IEndpointRouteBuilder MapJobsDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string database = app.Services.GetRequiredService<IOptions<HavenOptions>>().Value.DatabasePath;
        if (!PostgisStore.IsConnectionString(database))
        {
            return app;
        }

        // Haven's own policy decides who may see it (an admin key); Hangfire's filters (local requests only) are not used.
        app.MapHangfireDashboard("/jobs", new DashboardOptions { Authorization = [], DisplayStorageConnectionString = false, AppPath = "/" }, TileJob.Storage(database))
            .RequireAuthorization(Policies.Admin);
        return app;
    }
}
