using Haven.Server.Apis;
using Scalar.AspNetCore;

namespace Haven.Server.Extensions;

/// <summary>Maps every feature's endpoints.</summary>
public static class EndpointExtensions
{
    public static WebApplication MapHavenApis(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The OpenAPI document (/openapi/v1.json) and an interactive page over it (/scalar), served locally.
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealthApi();
        app.MapScenarioApi();
        app.MapLayersApi();
        app.MapProtectionApi();
        app.MapImportApi();
        app.MapEditsApi();
        app.MapPublishingApi();
        app.MapKeysApi();
        app.MapAuditApi();
        app.MapTilesApi();
        app.MapAssessmentsApi();
        app.MapPlanningApi();
        app.MapJobsDashboard();
        return app;
    }
}
