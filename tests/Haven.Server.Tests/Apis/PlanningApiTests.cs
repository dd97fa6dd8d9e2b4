using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Haven.Server.Tests.Apis;

/// <summary>The planning routes on the Sample Strip demo (synthetic), with figures checked against its tables.</summary>
public class PlanningApiTests(HavenServerFactory factory) : IClassFixture<HavenServerFactory>
{
    private static Uri U(string url) => new(url, UriKind.Relative);

    [Fact]
    public async Task Capacity_per_district_uses_the_counts_and_movements_and_comes_as_hxl_csv_too()
    {
        var client = factory.CreateClient();

        var json = await client.GetFromJsonAsync<JsonElement>(U("/api/planning/capacity?asOf=2024-02-09"));
        var csv = (await client.GetStringAsync(U("/api/planning/capacity?asOf=2024-02-09&format=csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var people = json.EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("people").GetInt64());
        // The 2024-01-31 counts (35,000 / 155,000 / 230,000), then 6,000 go home to the centre and 4,000 move south.
        Assert.Equal(35_000, people["SS01"]);
        Assert.Equal(155_000 + 6_000 - 4_000, people["SS02"]);
        Assert.Equal(230_000 - 6_000 + 4_000, people["SS03"]);
        Assert.Equal(420_000, people.Values.Sum());
        var north = json.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "SS01");
        Assert.Equal(0, north.GetProperty("usableAreaM2").GetDouble(), 3); // the whole north is under orders
        Assert.StartsWith("#adm1+code,", csv[1], StringComparison.Ordinal);
        Assert.Equal(5, csv.Length);
    }

    [Fact]
    public async Task The_aid_plan_leaves_the_unreachable_north_out_and_evens_the_unmet_share()
    {
        var plan = await factory.CreateClient().GetFromJsonAsync<JsonElement>(U("/api/planning/aid/plan?asOf=2024-02-01&commodity=food&available=50"));

        var areas = plan.GetProperty("areas").EnumerateArray().ToDictionary(a => a.GetProperty("area").GetString()!);
        Assert.Equal(0, areas["SS01"].GetProperty("allocatedTonnes").GetDouble());
        Assert.False(areas["SS01"].GetProperty("reachable").GetBoolean());
        Assert.Equal(50, plan.GetProperty("allocatedTonnes").GetDouble(), 4);
        // Needs: 155,000 and 230,000 people at 2,100/3,600 kg a day; 50 t leaves the same share unmet in both.
        double need = (155_000 + 230_000) * 2100 / 3600.0 / 1000;
        Assert.Equal(1 - (50 / need), plan.GetProperty("maxUnmetShare").GetDouble(), 4);
        Assert.Equal(areas["SS02"].GetProperty("unmetShare").GetDouble(), areas["SS03"].GetProperty("unmetShare").GetDouble(), 4);
    }

    [Fact]
    public async Task A_return_names_what_stands_in_the_way_and_bad_queries_are_refused()
    {
        var client = factory.CreateClient();

        var report = await client.GetFromJsonAsync<JsonElement>(U("/api/planning/return?from=SS03&to=SS01&asOf=2024-02-01"));
        var unknown = await client.GetAsync(U("/api/planning/return?from=SS03&to=XX&asOf=2024-02-01"));
        var badDate = await client.GetAsync(U("/api/planning/capacity?asOf=soon"));

        Assert.True(report.GetProperty("underOrder").GetBoolean());
        Assert.Contains(report.GetProperty("obstacles").EnumerateArray(), o => o.GetString()!.Contains("evacuation order", StringComparison.Ordinal));
        Assert.Equal(report.GetProperty("blocks").GetInt32(), report.GetProperty("blockRanking").GetArrayLength());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
    }

    [Fact]
    public async Task Housing_for_one_area_answers_that_area_alone_and_an_unknown_area_is_not_found()
    {
        var client = factory.CreateClient();

        var all = await client.GetFromJsonAsync<JsonElement>(U("/api/planning/housing?asOf=2023-11-10"));
        var one = await client.GetFromJsonAsync<JsonElement>(U("/api/planning/housing?asOf=2023-11-10&area=SS02"));
        using var unknown = await client.GetAsync(U("/api/planning/housing?asOf=2023-11-10&area=ZZ99"));

        static List<string> Codes(JsonElement rows, string level) =>
            [.. rows.EnumerateArray().Where(r => r.GetProperty("level").GetString() == level).Select(r => r.GetProperty("code").GetString()!)];
        Assert.Equal(["SS01", "SS02", "SS03"], Codes(all, "area").Order());
        Assert.Equal(["SS02"], Codes(one, "area"));
        Assert.NotEmpty(Codes(one, "block"));
        Assert.True(Codes(one, "block").Count < Codes(all, "block").Count);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("ZZ99", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
