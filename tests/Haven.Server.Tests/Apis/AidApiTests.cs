using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Haven.Geo.Tests.Support;
using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.Apis;

/// <summary>Aid records over HTTP: imported as published, deliveries per period and source, the food gap of the Strip and the north.</summary>
public sealed class AidApiTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static Uri U(string url) => new(url, UriKind.Relative);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, byte[] body) =>
        await client.PostAsync(U(url), new ByteArrayContent(body));

    [Fact]
    public async Task The_demo_truck_log_shows_as_deliveries_of_its_source_with_the_offloaded_trucks_per_month()
    {
        var client = _factory.CreateClient();
        var log = (await _factory.Services.GetRequiredService<IHavenStore>().GetPlanningDataAsync()).Trucks;

        var json = await client.GetFromJsonAsync<JsonElement>(U("/api/planning/aid/deliveries?by=month"));
        var csv = (await client.GetStringAsync(U("/api/planning/aid/deliveries?by=month&format=csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        var expected = log.Where(d => d.Stage == Haven.Planning.Aid.Stage.Offloaded).GroupBy(d => (Month: d.Date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), d.Source))
            .ToDictionary(g => g.Key, g => (double)g.Sum(d => d.Trucks));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(e => e.Key).ToList(),
            rows.ToDictionary(r => (r.GetProperty("period").GetString()!, r.GetProperty("source").GetString()!), r => r.GetProperty("trucks").GetDouble()).OrderBy(e => e.Key).ToList());
        Assert.StartsWith("#date+period,", csv[1], StringComparison.Ordinal);
        Assert.Equal(rows.Count + 2, csv.Length);
    }

    [ReferenceFact]
    public async Task Imported_unrwa_and_cogat_records_come_side_by_side_per_month_with_cogat_minus_unrwa_and_the_same_file_again_changes_nothing_and_other_rows_are_409_without_replace()
    {
        var client = _factory.ClientWith(await _factory.KeyAsync(Role.Analyst));
        var unrwa = await File.ReadAllBytesAsync(ReferenceData.File("aid/unrwa_commodities_received_20241111.xlsx"));
        var cogat = await File.ReadAllBytesAsync(ReferenceData.File("aid/cogat_aid_linelist.csv"));

        var first = await PostAsync(client, "/api/import/aid?name=unrwa.xlsx", unrwa);
        var second = await PostAsync(client, "/api/import/aid?name=cogat.csv", cogat);
        var same = await PostAsync(client, "/api/import/aid?name=cogat-again.csv", cogat);
        var fewer = await PostAsync(client, "/api/import/aid?name=cogat-part.csv", System.Text.Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(ReferenceData.File("aid/cogat_aid_linelist.csv")).Take(101))));
        var compare = await client.GetFromJsonAsync<JsonElement>(U("/api/planning/aid/deliveries?by=month&from=2024-06-01&to=2024-06-30"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var answer = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((37_373, 37_373, "UNRWA"), (answer.GetProperty("rowsRead").GetInt32(), answer.GetProperty("imported").GetInt32(), answer.GetProperty("source").GetString()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, fewer.StatusCode);
        Assert.Contains("replace=true", await fewer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var june = compare.GetProperty("comparisons").EnumerateArray().Single();
        Assert.Equal("COGAT minus UNRWA", june.GetProperty("difference").GetString());
        Assert.Equal(5_266 - 2_509, june.GetProperty("trucksDifference").GetDouble());
        Assert.Contains("partial", june.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "UNRWA").GetProperty("coverage").GetString(), StringComparison.Ordinal);
    }

    [ReferenceFact]
    public async Task The_north_gap_comes_from_the_imported_estimates_and_deliveries_and_unknown_periods_say_so()
    {
        var client = _factory.ClientWith(await _factory.KeyAsync(Role.Analyst));
        string folder = ReferenceData.File("aid/lshtm");
        var noRegion = await PostAsync(client, "/api/import/aid?name=trucks_to_north.csv", await File.ReadAllBytesAsync(Path.Combine(folder, "trucks_to_north.csv")));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, "/api/import/aid?name=pop_north.csv", await File.ReadAllBytesAsync(Path.Combine(folder, "pop_north.csv")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, "/api/import/aid?name=trucks_to_north.csv&region=north", await File.ReadAllBytesAsync(Path.Combine(folder, "trucks_to_north.csv")))).StatusCode);

        var gap = await client.GetFromJsonAsync<JsonElement>(U("/api/planning/aid/gap?scope=north&from=2024-04-01&to=2024-05-31"));
        var badScope = await client.GetAsync(U("/api/planning/aid/gap?scope=mars"));
        var badBy = await client.GetAsync(U("/api/planning/aid/gap?scope=north&by=crossing"));

        Assert.Equal(HttpStatusCode.BadRequest, noRegion.StatusCode);
        var rows = gap.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("period").GetString()!);
        // April: 250,000 people (estimate of 15 March), trucks to 16 April; May: after the table ends, unknown.
        Assert.Equal(16, rows["2024-04"].GetProperty("daysUsed").GetInt32());
        Assert.Equal(250_000, rows["2024-04"].GetProperty("people").GetDouble());
        Assert.True(rows["2024-04"].GetProperty("gapKcalPerPersonPerDay").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, rows["2024-05"].GetProperty("kcalPerPersonPerDay").ValueKind);
        Assert.Equal("unknown: no records for this period", rows["2024-05"].GetProperty("note").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badScope.StatusCode);
        Assert.Contains("'mars' is not a scope with records; expected strip, north", (await badScope.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badBy.StatusCode);
    }

    [Fact]
    public async Task An_aid_import_without_a_key_is_401_and_a_file_of_other_columns_is_422_naming_them()
    {
        var anonymous = await PostAsync(_factory.CreateClient(), "/api/import/aid", "a,b\n1,2\n"u8.ToArray());
        var client = _factory.ClientWith(await _factory.KeyAsync(Role.Analyst));

        var other = await PostAsync(client, "/api/import/aid?name=mystery.csv", "when,where\n2024-01-01,Rafah\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("mystery.csv: the columns (when, where)", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
