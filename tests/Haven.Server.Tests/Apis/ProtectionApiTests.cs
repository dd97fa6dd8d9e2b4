using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Haven.Demo;

namespace Haven.Server.Tests.Apis;

public class ProtectionApiTests(HavenServerFactory factory) : IClassFixture<HavenServerFactory>
{
    private static readonly Lazy<SampleStripScenario> Expected = new(() => SampleStrip.Generate(new SampleStripOptions { Seed = 1 }));

    private static Uri U(string url) => new(url, UriKind.Relative);

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task A_block_by_sms_gets_a_reply_naming_the_block_in_one_message()
    {
        int block = Expected.Value.Scenario.Blocks[3].Number;

        var response = await factory.CreateClient().PostAsJsonAsync(U("/api/sms"), new { text = $"BLOCK {block}", asOf = "2024-02-01" });
        var json = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"Blk {block}", json.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Equal(("en", "GSM-7", 1), (json.GetProperty("language").GetString(), json.GetProperty("encoding").GetString(), json.GetProperty("parts").GetInt32()));
    }

    [Fact]
    public async Task An_arabic_where_in_plain_text_is_answered_in_arabic()
    {
        var block = Expected.Value.Scenario.Blocks[5];
        var p = block.Boundary.InteriorPoint;
        string text = $"وين {p.Y:0.00000} {p.X:0.00000}".Replace(',', '.');

        var response = await factory.CreateClient().PostAsync(U("/api/sms"), new StringContent(text, Encoding.UTF8, "text/plain"));
        var json = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("ar", "where", "UCS-2"), (json.GetProperty("language").GetString(), json.GetProperty("kind").GetString(), json.GetProperty("encoding").GetString()));
        Assert.StartsWith($"بلوك {block.Number}", json.GetProperty("reply").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lookup_outside_the_data_says_outside_with_no_services_and_offers_swapped_coordinates()
    {
        var client = factory.CreateClient();
        var inside = Expected.Value.Scenario.Blocks[0].Boundary.InteriorPoint;

        var sea = await Json(await client.GetAsync(U("/api/lookup?lat=0.5&lon=0.5&asOf=2024-01-01")));
        var swapped = await Json(await client.GetAsync(U(FormattableString.Invariant($"/api/lookup?lat={inside.X}&lon={inside.Y}&asOf=2024-01-01"))));
        var block = await Json(await client.GetAsync(U(FormattableString.Invariant($"/api/lookup?lat={inside.Y}&lon={inside.X}&asOf=2024-01-01"))));

        var a = sea.GetProperty("answer");
        Assert.Equal(("outside", false), (a.GetProperty("coverage").GetString(), a.GetProperty("orderKnown").GetBoolean()));
        foreach (string field in new[] { "block", "underOrder", "inZone", "nearestHealth", "nearestWater", "nearestShelter", "nearestZone", "swapped" })
        {
            Assert.Equal(JsonValueKind.Null, a.GetProperty(field).ValueKind);
        }

        Assert.Contains("is outside the area Haven covers", sea.GetProperty("bulletinEn").GetString(), StringComparison.Ordinal);
        Assert.Contains("خارج المنطقة التي يغطيها هيفن", sea.GetProperty("bulletinAr").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Outside the area Haven covers", sea.GetProperty("smsEn").GetString(), StringComparison.Ordinal);
        var offered = swapped.GetProperty("answer").GetProperty("swapped");
        Assert.Equal((inside.Y, inside.X), (offered.GetProperty("latitude").GetDouble(), offered.GetProperty("longitude").GetDouble()));
        Assert.Equal(("inside", true), (block.GetProperty("answer").GetProperty("coverage").GetString(), block.GetProperty("answer").GetProperty("orderKnown").GetBoolean()));
    }

    [Fact]
    public async Task Coverage_gives_each_layers_count_extent_and_dates()
    {
        var s = Expected.Value.Scenario;
        var json = await Json(await factory.CreateClient().GetAsync(U("/api/coverage")));
        JsonElement Layer(string name) => json.EnumerateArray().Single(l => l.GetProperty("layer").GetString() == name);

        Assert.Equal((s.Areas.Count, s.Blocks.Count, s.Orders.Count), (Layer("areas").GetProperty("count").GetInt32(), Layer("blocks").GetProperty("count").GetInt32(), Layer("orders").GetProperty("count").GetInt32()));
        var env = new NetTopologySuite.Geometries.Envelope();
        foreach (var a in s.Areas)
        {
            env.ExpandToInclude(a.Boundary.EnvelopeInternal);
        }

        Assert.Equal([env.MinX, env.MinY, env.MaxX, env.MaxY], Layer("areas").GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()), new Tolerance(1e-6));
        Assert.Equal(s.Orders.Min(o => o.EffectiveFrom).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Layer("orders").GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, Layer("areas").GetProperty("from").ValueKind);
    }

    private sealed class Tolerance(double within) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= within;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public async Task An_empty_sms_is_a_400_with_a_stable_code()
    {
        var response = await factory.CreateClient().PostAsJsonAsync(U("/api/sms"), new { text = "  " });
        var json = await Json(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sms.empty", json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_oversized_sms_body_is_refused_with_413()
    {
        var response = await factory.CreateClient().PostAsync(U("/api/sms"), new StringContent(new string('x', 100_000), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body.too_large", (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Lookup_by_block_returns_the_answer_with_bulletins_in_both_languages()
    {
        int block = Expected.Value.Scenario.Blocks[0].Number;

        var response = await factory.CreateClient().GetAsync(U($"/api/lookup?block={block}&asOf=2024-02-01"));
        var json = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(block, json.GetProperty("answer").GetProperty("block").GetInt32());
        Assert.Contains($"Block {block}", json.GetProperty("bulletinEn").GetString(), StringComparison.Ordinal);
        Assert.Contains($"بلوك {block}", json.GetProperty("bulletinAr").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/lookup?lat=31.5&lon=34.4&asOf=yesterday", "query.as_of", HttpStatusCode.BadRequest)]
    [InlineData("/api/lookup?lat=131.5&lon=34.4", "query.coordinates", HttpStatusCode.BadRequest)]
    [InlineData("/api/lookup", "query.lookup", HttpStatusCode.BadRequest)]
    [InlineData("/api/lookup?block=999999", "lookup.unknown_block", HttpStatusCode.NotFound)]
    [InlineData("/api/publications/42", "publication.unknown", HttpStatusCode.NotFound)]
    public async Task Bad_lookups_are_problems_with_stable_codes(string url, string code, HttpStatusCode status)
    {
        var response = await factory.CreateClient().GetAsync(U(url));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Publishing_without_a_key_is_refused_with_401()
    {
        var response = await factory.CreateClient().PostAsync(U("/api/publications"), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("auth.required", (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Blocks_carry_their_evacuation_status_as_of_the_date()
    {
        var orders = Expected.Value.Scenario.Orders;
        var first = orders.OrderBy(o => o.EffectiveFrom).First();
        var date = first.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = first.EffectiveFrom.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var during = await Json(await factory.CreateClient().GetAsync(U($"/api/layers/blocks?asOf={date}")));
        var earlier = await Json(await factory.CreateClient().GetAsync(U($"/api/layers/blocks?asOf={before}")));

        bool Under(JsonElement layer, int block) => layer.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("block").GetInt32() == block).GetProperty("properties").GetProperty("under_order").GetBoolean();
        Assert.True(Under(during, first.Blocks[0]));
        Assert.False(Under(earlier, first.Blocks[0]));
    }
}
