using System.Net;
using System.Text.Json;
using Haven.Demo;

namespace Haven.Server.Tests.Apis;

public class LayersApiTests(HavenServerFactory factory) : IClassFixture<HavenServerFactory>
{
    private static readonly Lazy<SampleStripScenario> Expected = new(() => SampleStrip.Generate(new SampleStripOptions { Seed = 1 }));

    private async Task<JsonElement> GetJson(string url)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private async Task<int> FeatureCount(string url)
    {
        var json = await GetJson(url);
        Assert.Equal("FeatureCollection", json.GetProperty("type").GetString());
        return json.GetProperty("features").GetArrayLength();
    }

    [Fact]
    public async Task Every_layer_is_served_as_geojson_with_the_expected_feature_count()
    {
        var s = Expected.Value.Scenario;

        Assert.Equal(3, await FeatureCount("/api/layers/areas"));
        Assert.Equal(s.Blocks.Count, await FeatureCount("/api/layers/blocks"));
        Assert.Equal(s.Buildings.Count, await FeatureCount("/api/layers/buildings"));
        Assert.Equal(s.Sites.Count, await FeatureCount("/api/layers/sites"));
        Assert.Equal(1, await FeatureCount("/api/layers/zones?asOf=2024-02-01"));
        Assert.Equal(s.Orders.Count, await FeatureCount("/api/layers/orders?asOf=2024-02-01"));
    }

    [Fact]
    public async Task Sites_are_drawn_as_they_stood_on_the_date_from_their_history()
    {
        using var server = new HavenServerFactory();
        var (record, key) = Haven.Workflows.Access.ApiKeys.Create(Haven.Storage.Access.Role.Coordinator, "synthetic coordinator", DateTimeOffset.UtcNow);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Haven.Storage.IHavenStore>(server.Services).AddApiKeyAsync(record);
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        async Task Put(string status, string since)
        {
            using var body = new StringContent(
                $$$"""{"type":"Feature","properties":{"kind":"clinic","name_en":"Synthetic clinic","name_ar":"عيادة تجريبية","status":"{{{status}}}","status_since":"{{{since}}}"},"geometry":{"type":"Point","coordinates":[34.31,31.41]}}""",
                System.Text.Encoding.UTF8, "application/geo+json");
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(new Uri("/api/sites/s-dated", UriKind.Relative), body)).StatusCode);
        }

        await Put("open", "2023-11-01");
        await Put("destroyed", "2023-12-15");
        async Task<JsonElement> SiteOn(string date)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/layers/sites?asOf={date}", UriKind.Relative)));
            return doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetString() == "s-dated")
                .GetProperty("properties").Clone();
        }

        var before = await SiteOn("2023-10-15");
        var open = await SiteOn("2023-11-20");
        var destroyed = await SiteOn("2024-01-01");

        Assert.Equal("unknown", before.GetProperty("status").GetString());
        Assert.False(before.GetProperty("working").GetBoolean());
        Assert.Equal("open", open.GetProperty("status").GetString());
        Assert.Equal("2023-11-01", open.GetProperty("status_since").GetString());
        Assert.True(open.GetProperty("working").GetBoolean());
        Assert.Equal("destroyed", destroyed.GetProperty("status").GetString());
        Assert.False(destroyed.GetProperty("working").GetBoolean());
    }

    [Fact]
    public async Task Layers_are_served_with_the_geojson_media_type()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/api/layers/sites", UriKind.Relative));

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Orders_and_zones_follow_the_as_of_date()
    {
        Assert.Equal(0, await FeatureCount("/api/layers/orders?asOf=2023-10-12"));
        Assert.Equal(1, await FeatureCount("/api/layers/orders?asOf=2023-10-20"));
        Assert.Equal(2, await FeatureCount("/api/layers/orders?asOf=2023-11-04"));
        Assert.Equal(0, await FeatureCount("/api/layers/zones?asOf=2023-10-17"));
        Assert.Equal(1, await FeatureCount("/api/layers/zones?asOf=2023-10-18"));
    }

    [Fact]
    public async Task An_order_feature_lists_its_blocks_and_dates()
    {
        var order = (await GetJson("/api/layers/orders?asOf=2023-10-20")).GetProperty("features")[0].GetProperty("properties");
        var first = Expected.Value.Scenario.Orders[0];

        Assert.Equal(first.Id, order.GetProperty("id").GetString());
        Assert.Equal("2023-10-13", order.GetProperty("effective_from").GetString());
        Assert.Equal(first.Blocks, order.GetProperty("blocks").EnumerateArray().Select(b => b.GetInt32()));
    }

    [Fact]
    public async Task A_bounding_box_narrows_the_buildings()
    {
        int all = await FeatureCount("/api/layers/buildings");
        var b = Expected.Value.Scenario.Buildings[500].Footprint.EnvelopeInternal;
        string bbox = FormattableString.Invariant($"{b.MinX - 0.002},{b.MinY - 0.002},{b.MaxX + 0.002},{b.MaxY + 0.002}");

        int some = await FeatureCount($"/api/layers/buildings?bbox={bbox}");

        Assert.InRange(some, 1, all / 10);
    }

    [Theory]
    [InlineData("/api/layers/roads", HttpStatusCode.NotFound, "layer.unknown")]
    [InlineData("/api/layers/orders?asOf=2023-13-40", HttpStatusCode.BadRequest, "query.as_of")]
    [InlineData("/api/layers/buildings?bbox=1,2,3", HttpStatusCode.BadRequest, "query.bbox")]
    [InlineData("/api/layers/buildings?bbox=34,31,33,32", HttpStatusCode.BadRequest, "query.bbox")]
    public async Task Bad_requests_get_problem_details_with_a_stable_code(string url, HttpStatusCode status, string code)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, doc.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task The_scenario_endpoint_flags_synthetic_data_and_spans_its_dates()
    {
        var scenario = await GetJson("/api/scenario");

        Assert.True(scenario.GetProperty("synthetic").GetBoolean());
        Assert.Equal("2023-10-01", scenario.GetProperty("firstDate").GetString());
        Assert.Equal("2024-01-31", scenario.GetProperty("lastDate").GetString());
    }
}
