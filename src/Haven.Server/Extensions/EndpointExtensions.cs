using Haven.Server.Apis;

namespace Haven.Server.Extensions;

/// <summary>Maps every feature's endpoints.</summary>
public static class EndpointExtensions
{
    public static WebApplication MapHavenApis(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthApi();
        app.MapScenarioApi();
        app.MapLayersApi();
        app.MapProtectionApi();
        return app;
    }
}
