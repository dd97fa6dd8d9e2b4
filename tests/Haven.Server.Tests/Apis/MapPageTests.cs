using System.Net;

namespace Haven.Server.Tests.Apis;

public class MapPageTests(HavenServerFactory factory) : IClassFixture<HavenServerFactory>
{
    [Fact]
    public async Task The_root_serves_the_map_page_with_maplibre_from_the_same_origin()
    {
        var client = factory.CreateClient();

        string html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("<div id=\"map\"", html, StringComparison.Ordinal);
        Assert.Contains("lib/maplibre-gl/maplibre-gl.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var script = await client.GetAsync(new Uri("/lib/maplibre-gl/maplibre-gl.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task The_page_script_fetches_only_relative_urls()
    {
        string js = await factory.CreateClient().GetStringAsync(new Uri("/app.js", UriKind.Relative));

        Assert.DoesNotMatch(@"https?://", js);
        Assert.Contains("/api/layers/", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_200_and_names_the_synthetic_scenario()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/health", UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"scenario\":\"Sample Strip\"", body, StringComparison.Ordinal);
        Assert.Contains("\"synthetic\":true", body, StringComparison.Ordinal);
    }
}
