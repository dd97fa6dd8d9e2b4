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

    private async Task<JsonDocument> DocumentAsync()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonDocument doc) =>
        doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name, m.Value)));

    [Fact]
    public async Task Every_operation_describes_a_success_body_with_a_schema_unless_it_answers_no_content()
    {
        using var doc = await DocumentAsync();
        var missing = new List<string>();
        int checkedOperations = 0;

        foreach (var (path, method, operation) in Operations(doc))
        {
            checkedOperations++;
            var successes = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            bool described = successes.Any(r => r.Value.TryGetProperty("content", out var content)
                && content.EnumerateObject().Any() && content.EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _)));
            bool onlyNoContent = successes.Count > 0 && successes.All(r => r.Name == "204");
            if (!described && !onlyNoContent)
            {
                missing.Add($"{method.ToUpperInvariant()} {path}");
            }
        }

        Assert.True(checkedOperations > 30, $"{checkedOperations} operations found");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_operation_describes_its_problem_answers_as_problem_details()
    {
        using var doc = await DocumentAsync();

        var without = Operations(doc).Where(o => !o.Operation.GetProperty("responses").TryGetProperty("4XX", out var r)
                || !r.GetProperty("content").TryGetProperty("application/problem+json", out _))
            .Select(o => $"{o.Method} {o.Path}").ToList();

        Assert.Empty(without);
    }

    [Fact]
    public async Task The_document_declares_a_bearer_scheme_required_by_exactly_the_routes_that_need_a_key()
    {
        using var doc = await DocumentAsync();
        var scheme = doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        // The routes that need a key, from the endpoint table: those with authorization metadata.
        var secured = factory.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m.ToLowerInvariant()} /{Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @"\{([^}:=?]+)[^}]*\}", "{$1}")}"))
            .Order().ToList();

        var requiring = Operations(doc).Where(o => o.Operation.TryGetProperty("security", out var s)
                && s.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _)))
            .Select(o => $"{o.Method} {(o.Path.Length > 1 ? o.Path.TrimEnd('/') : o.Path)}").Order().ToList();

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(secured.Count >= 10, $"{secured.Count} secured routes found");
        Assert.Equal(secured, requiring);
    }

    [Fact]
    public async Task The_planning_answers_describe_both_their_json_schema_and_their_csv_alternative()
    {
        using var doc = await DocumentAsync();

        var housing = doc.RootElement.GetProperty("paths").GetProperty("/api/planning/housing").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");

        Assert.Equal("#/components/schemas/HousingReport", housing.GetProperty("application/json").GetProperty("schema").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal("string", housing.GetProperty("text/csv").GetProperty("schema").GetProperty("type").GetString());
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
