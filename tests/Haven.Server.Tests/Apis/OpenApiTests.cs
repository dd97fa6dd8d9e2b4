using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.Apis;

public class OpenApiTests(HavenServerFactory factory) : IClassFixture<HavenServerFactory>
{
    [Fact]
    public async Task The_openapi_document_describes_every_public_route()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name.Length > 1 ? p.Name.TrimEnd('/') : p.Name).ToList();

        // Every route the server maps (its endpoint table, not a list kept by hand), constraints taken out as OpenAPI writes them.
        var routes = factory.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null)
            .Select(e => "/" + Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @"\{([^}:=?]+)[^}]*\}", "{$1}"))
            .Where(r => !r.StartsWith("/openapi", StringComparison.Ordinal) && !r.StartsWith("/scalar", StringComparison.Ordinal))
            .Distinct().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(routes.Count > 30, $"{routes.Count} routes found");
        Assert.Empty(routes.Except(paths));
    }

    [Fact]
    public async Task The_interactive_api_page_is_served_from_the_server_itself()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/scalar/", UriKind.Relative));
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalar.js", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("(src|href)=\"https?://"), html);
    }
}
