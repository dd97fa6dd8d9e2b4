using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Haven.Server.Tests.Apis;

public class OpenApiTests(HavenServerFactory factory) : IClassFixture<HavenServerFactory>
{
    [Fact]
    public async Task The_openapi_document_describes_every_public_route()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (string route in new[] { "/health", "/api/layers/{layer}", "/api/lookup", "/api/sms", "/api/publications/{sequence}", "/api/history/block/{number}" })
        {
            Assert.Contains(route, paths);
        }
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
