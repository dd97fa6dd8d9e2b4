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
