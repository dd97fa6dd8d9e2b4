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

    [Theory]
    [InlineData("/app.js")]
    [InlineData("/layers.js")]
    [InlineData("/lookup.js")]
    [InlineData("/dashboard.js")]
    [InlineData("/print.js")]
    [InlineData("/i18n.js")]
    [InlineData("/api.js")]
    public async Task The_page_scripts_fetch_only_from_their_own_origin(string path)
    {
        string js = await factory.CreateClient().GetStringAsync(new Uri(path, UriKind.Relative));

        // The only absolute address is the SVG namespace, which is a name, never fetched.
        Assert.DoesNotMatch(@"https?://(?!www\.w3\.org/2000/svg)", js);
    }

    [Fact]
    public async Task Label_glyphs_and_the_rtl_plugin_are_served_from_the_origin()
    {
        var client = factory.CreateClient();

        var latin = await client.GetAsync(new Uri("/lib/glyphs/HavenSans/0-255.pbf", UriKind.Relative));
        var arabic = await client.GetAsync(new Uri("/lib/glyphs/HavenSans/65024-65279.pbf", UriKind.Relative));
        var plugin = await client.GetAsync(new Uri("/lib/rtl-text/mapbox-gl-rtl-text.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, latin.StatusCode);
        Assert.Equal("application/x-protobuf", latin.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, arabic.StatusCode); // Arabic presentation forms, which the RTL plugin shapes text into
        Assert.True((await arabic.Content.ReadAsByteArrayAsync()).Length > 10_000);
        Assert.Equal(HttpStatusCode.OK, plugin.StatusCode);
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
