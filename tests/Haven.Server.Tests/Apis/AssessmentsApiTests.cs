using Haven.Workflows.Access;
using Haven.Workflows.Assessments;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.Apis;

/// <summary>A server that, like the demo, writes the Sample Strip's files (synthetic radar stack included) to its input folder.</summary>
public sealed class AssessmentServer : IDisposable
{
    public AssessmentServer()
    {
        Factory.Settings["Haven:WriteDemoInputs"] = "true";
        Factory.Settings["Haven:PublicRequestsPerSecond"] = "0";
        _ = Factory.Server;
    }

    public HavenServerFactory Factory { get; } = new();

    public string Inputs => Path.Combine(Factory.DataDirectory, "inputs", "sample-strip");

    public async Task<HttpClient> ClientAsync(Role role)
    {
        var client = Factory.CreateClient();
        if (role != Role.Anonymous)
        {
            var (record, key) = ApiKeys.Create(role, $"synthetic {role}", DateTimeOffset.UtcNow);
            await Factory.Services.GetRequiredService<IHavenStore>().AddApiKeyAsync(record);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public void Dispose() => Factory.Dispose();
}

public class AssessmentsApiTests(AssessmentServer server) : IClassFixture<AssessmentServer>
{
    private static Uri U(string url) => new(url, UriKind.Relative);

    private static readonly object DemoRun = new
    {
        stack = "sample-strip/radar/stack.csv",
        @event = "2023-10-07",
        inference = new[] { "2023-10-27", "2023-10-15" },
        labels = "sample-strip/truth/labels.geojson",
    };

    /// <summary>Polls a run until it has finished (or three minutes have passed) and returns its last status.</summary>
    private static async Task<JsonElement> FinishedAsync(HttpClient client, string self)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(3); waited += TimeSpan.FromMilliseconds(200))
        {
            var status = await client.GetFromJsonAsync<JsonElement>(U(self));
            if (status.GetProperty("state").GetString() is "succeeded" or "failed")
            {
                return status;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{self} did not finish");
    }

    private static async Task<string> CodeOf(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task A_run_submitted_over_http_gives_the_same_results_as_the_shared_code_path_and_is_audited()
    {
        var client = await server.ClientAsync(Role.Analyst);

        var submitted = await client.PostAsJsonAsync(U("/api/assessments"), DemoRun);

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        string id = accepted.GetProperty("id").GetString()!;
        Assert.StartsWith("pwtt-", id, StringComparison.Ordinal);
        Assert.Equal($"/api/assessments/{id}", submitted.Headers.Location?.OriginalString);
        Assert.Equal(["2023-10-15", "2023-10-27"], accepted.GetProperty("inferenceDates").EnumerateArray().Select(d => d.GetString()));
        var done = await FinishedAsync(client, $"/api/assessments/{id}");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        Assert.Equal("stored", done.GetProperty("stage").GetString());

        // The same request through the shared code path, in the test: same areas, same damaged buildings.
        var store = server.Factory.Services.GetRequiredService<IHavenStore>();
        var request = new AssessmentRequest(Path.Combine(server.Inputs, "radar", "stack.csv"), new DateOnly(2023, 10, 7),
            [new DateOnly(2023, 10, 15), new DateOnly(2023, 10, 27)], Labels: Path.Combine(server.Inputs, "truth", "labels.geojson"));
        var direct = Assessor.Run(request, await StoredLayers.ReadAsync(store), DateTimeOffset.UtcNow);
        Assert.True(direct.Succeeded, direct.Problem?.Message);

        var areas = (await client.GetFromJsonAsync<JsonElement>(U($"/api/assessments/{id}/areas"))).GetProperty("areas").EnumerateArray().ToList();
        Assert.Equal(direct.Value.Result.Areas.Count, areas.Count);
        foreach (var (expected, actual) in direct.Value.Result.Areas.Zip(areas))
        {
            Assert.Equal(expected.Code, actual.GetProperty("code").GetString());
            Assert.Equal(expected.Inference.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), actual.GetProperty("date").GetString());
            Assert.Equal(expected.Structures, actual.GetProperty("structures").GetInt32());
            Assert.Equal(expected.Damaged, actual.GetProperty("damaged").GetInt32());
            Assert.Equal(expected.Share, actual.GetProperty("share").GetDouble(), 9);
            Assert.InRange(actual.GetProperty("share").GetDouble(), actual.GetProperty("lower95").GetDouble(), actual.GetProperty("upper95").GetDouble());
        }

        // The demo's stored buildings and areas were used: every stored building is scored, in every district.
        var stored = await StoredLayers.ReadAsync(store);
        Assert.Equal(stored.Buildings.Count, areas.Where(a => a.GetProperty("date").GetString() == "2023-10-15").Sum(a => a.GetProperty("structures").GetInt32()));

        var csv = (await client.GetStringAsync(U($"/api/assessments/{id}/areas?format=csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#adm1+code,", csv[1], StringComparison.Ordinal);
        Assert.Equal(areas.Count + 2, csv.Length);

        using var buildings = JsonDocument.Parse(await client.GetStringAsync(U($"/api/assessments/{id}/buildings")));
        var features = buildings.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(stored.Buildings.Count, features.Count);
        foreach (var date in direct.Value.Result.Dates)
        {
            string field = $"damaged_{date.Inference:yyyyMMdd}";
            var damaged = features.Where(f => f.GetProperty("properties").GetProperty(field).GetBoolean())
                .Select(f => f.GetProperty("properties").GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal);
            Assert.Equal(date.CumulativeDamaged.Order(StringComparer.Ordinal), damaged);
        }

        // 'latest' names this run, and the write is in the audit log under the analyst's key.
        var latest = await client.GetFromJsonAsync<JsonElement>(U("/api/assessments/latest/areas"));
        Assert.Equal(id, latest.GetProperty("assessment").GetString());
        var audit = await store.GetAuditAsync();
        var entry = Assert.Single(audit, e => e.Target == id);
        Assert.Equal("assess", entry.Action);
        Assert.Contains("(analyst)", entry.Actor, StringComparison.Ordinal);
        var listed = await client.GetFromJsonAsync<JsonElement>(U("/api/assessments"));
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetString() == id && r.GetProperty("state").GetString() == "succeeded");
    }

    [Fact]
    public async Task A_folder_of_products_is_aligned_in_the_background_with_its_stages_reported_and_kept_under_the_data_folder()
    {
        var client = await server.ClientAsync(Role.Analyst);

        // The Sample Strip's radar folder: its manifest lists the images, which are recognised and aligned over the stored buildings.
        var submitted = await client.PostAsJsonAsync(U("/api/assessments"), new { stack = "sample-strip/radar", @event = "2023-10-07", inference = "2023-10-15", postMonths = 2 });

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        string id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var stages = new HashSet<string>();
        JsonElement status;
        do
        {
            status = await client.GetFromJsonAsync<JsonElement>(U($"/api/assessments/{id}"));
            if (status.TryGetProperty("stage", out var stage) && stage.GetString() is string s)
            {
                stages.Add(s);
            }

            await Task.Delay(20);
        }
        while (status.GetProperty("state").GetString() is not ("succeeded" or "failed"));

        Assert.True(status.GetProperty("state").GetString() == "succeeded", status.ToString());
        Assert.Equal("stored", status.GetProperty("stage").GetString());
        var aligned = Directory.GetDirectories(Path.Combine(server.Factory.DataDirectory, "aligned"));
        var folder = Assert.Single(aligned);
        Assert.True(File.Exists(Path.Combine(folder, "stack.csv")));
        Assert.True(File.Exists(Path.Combine(folder, "alignment.json")));
        var store = server.Factory.Services.GetRequiredService<IHavenStore>();
        var stored = await StoredLayers.ReadAsync(store);
        var areas = (await client.GetFromJsonAsync<JsonElement>(U($"/api/assessments/{id}/areas"))).GetProperty("areas").EnumerateArray().ToList();
        Assert.Equal(stored.Buildings.Count, areas.Sum(a => a.GetProperty("structures").GetInt32()));
        // The status keeps every stage the run went through, in order, however seldom it is polled.
        var passed = status.GetProperty("stages").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("align", passed);
        Assert.Equal("starting", passed[0]);
        Assert.Equal("stored", passed[^1]);
        Assert.True(passed.IndexOf("align") < passed.IndexOf("storing"));
        Assert.Subset(passed.ToHashSet(), stages);
    }

    [Fact]
    public async Task Once_stored_the_run_colours_block_tiles_and_feeds_the_dashboard_trends()
    {
        var client = await server.ClientAsync(Role.Analyst);
        var submitted = await client.PostAsJsonAsync(U("/api/assessments"), DemoRun);
        string id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("succeeded", (await FinishedAsync(client, $"/api/assessments/{id}")).GetProperty("state").GetString());
        var store = server.Factory.Services.GetRequiredService<IHavenStore>();
        var stored = await StoredLayers.ReadAsync(store);
        using var buildings = JsonDocument.Parse(await client.GetStringAsync(U($"/api/assessments/{id}/buildings")));
        var damaged27 = buildings.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("damaged_20231027").GetBoolean())
            .Select(f => f.GetProperty("properties").GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

        // The block with the most damaged buildings: its tile carries structures, damaged and their share as of the date.
        var block = stored.Buildings.GroupBy(b => b.Block).MaxBy(g => g.Count(b => damaged27.Contains(b.Id)))!;
        var boundary = (await store.GetBlocksAsync()).Single(b => b.Number == block.Key).Boundary.InteriorPoint;
        int n = 1 << 13;
        int x = (int)Math.Floor((boundary.X + 180) / 360 * n);
        double rad = boundary.Y * Math.PI / 180;
        int y = (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
        async Task<IDictionary<string, object>> BlockAt(string asOf)
        {
            var bytes = await client.GetByteArrayAsync(U($"/tiles/blocks/13/{x}/{y}.mvt?asOf={asOf}"));
            using var stream = new MemoryStream(bytes);
            var tile = new NetTopologySuite.IO.VectorTiles.Mapbox.MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, 13));
            var feature = tile.Layers.Single().Features.Single(f => Convert.ToInt32(f.Attributes["block"], System.Globalization.CultureInfo.InvariantCulture) == block.Key);
            return feature.Attributes.GetNames().ToDictionary(k => k, k => feature.Attributes[k]);
        }

        var before = await BlockAt("2023-10-10");
        var after = await BlockAt("2023-10-30");
        Assert.False(before.ContainsKey("damaged_share")); // no assessment date on or before: unknown, not 0
        Assert.Equal(block.Count(), Convert.ToInt32(after["structures"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(block.Count(b => damaged27.Contains(b.Id)), Convert.ToInt32(after["damaged"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round(block.Count(b => damaged27.Contains(b.Id)) / (double)block.Count(), 4),
            Convert.ToDouble(after["damaged_share"], System.Globalization.CultureInfo.InvariantCulture), 4);

        // Trends: every change date between the ends, the run's shares and intervals, and capacity's people and space.
        var trends = (await client.GetFromJsonAsync<JsonElement>(U("/api/planning/trends?from=2023-10-01&to=2024-01-31"))).EnumerateArray().ToList();
        var dates = trends.Select(t => t.GetProperty("date").GetString()).Distinct().ToList();
        Assert.Equal("2023-10-01", dates[0]);
        Assert.Equal("2024-01-31", dates[^1]);
        Assert.Contains("2023-10-15", dates);
        Assert.Contains("2023-10-27", dates);
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        var areas = (await client.GetFromJsonAsync<JsonElement>(U($"/api/assessments/{id}/areas"))).GetProperty("areas").EnumerateArray().ToList();
        foreach (var area in areas.Where(a => a.GetProperty("date").GetString() == "2023-10-27"))
        {
            string code = area.GetProperty("code").GetString()!;
            var row = trends.Single(t => t.GetProperty("code").GetString() == code && t.GetProperty("date").GetString() == "2023-11-04");
            Assert.Equal("2023-10-27", row.GetProperty("damageDate").GetString());
            Assert.Equal(area.GetProperty("share").GetDouble(), row.GetProperty("damagedShare").GetDouble(), 9);
            Assert.Equal(area.GetProperty("lower95").GetDouble(), row.GetProperty("lower95").GetDouble(), 9);
            Assert.Equal(area.GetProperty("upper95").GetDouble(), row.GetProperty("upper95").GetDouble(), 9);
            var capacity = (await client.GetFromJsonAsync<JsonElement>(U($"/api/planning/capacity?asOf=2023-11-04&area={code}")))[0];
            Assert.Equal(capacity.GetProperty("people").GetInt64(), row.GetProperty("people").GetInt64());
            Assert.Equal(capacity.GetProperty("usableM2PerPerson").GetDouble(), row.GetProperty("usableM2PerPerson").GetDouble(), 6);
            Assert.Equal(45, row.GetProperty("standardM2PerPerson").GetDouble());
        }

        Assert.All(trends.Where(t => t.GetProperty("date").GetString() == "2023-10-01"), t => Assert.Equal(JsonValueKind.Null, t.GetProperty("damagedShare").ValueKind));
        var csv = (await client.GetStringAsync(U("/api/planning/trends?from=2023-10-01&to=2024-01-31&format=csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("#adm1+code,", csv[1], StringComparison.Ordinal);
        Assert.Equal(trends.Count + 2, csv.Length);
        var refused = await client.GetAsync(U("/api/planning/trends?from=2024-01-31&to=2023-10-01"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("query.dates", await CodeOf(refused));
    }

    [Fact]
    public async Task Buildings_can_be_read_within_a_bbox()
    {
        var client = await server.ClientAsync(Role.Analyst);
        var submitted = await client.PostAsJsonAsync(U("/api/assessments"), new { stack = "sample-strip/radar/stack.csv", @event = "2023-10-07", inference = "2023-10-27" });
        string self = submitted.Headers.Location!.OriginalString;
        Assert.Equal("succeeded", (await FinishedAsync(client, self)).GetProperty("state").GetString());
        var store = server.Factory.Services.GetRequiredService<IHavenStore>();
        var box = new NetTopologySuite.Geometries.Envelope(33.85, 33.87, 31.37, 31.39);
        int inBox = (await store.GetBuildingsAsync(box)).Count;

        using var page = JsonDocument.Parse(await client.GetStringAsync(U($"{self}/buildings?bbox=33.85,31.37,33.87,31.39")));

        Assert.InRange(inBox, 1, 100_000);
        Assert.Equal(inBox, page.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(U($"{self}/buildings?bbox=1,2,3"))).StatusCode);
    }

    [Theory]
    [InlineData("""{"event":"2023-10-07","inference":"2023-10-15"}""", "assess.stack")]
    [InlineData("""{"stack":"../haven.db","event":"2023-10-07","inference":"2023-10-15"}""", "assess.input")]
    [InlineData("""{"stack":"/etc/passwd","event":"2023-10-07","inference":"2023-10-15"}""", "assess.input")]
    [InlineData("""{"stack":"sample-strip/radar/none.csv","event":"2023-10-07","inference":"2023-10-15"}""", "assess.input")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"7 Oct","inference":"2023-10-15"}""", "assess.event")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":["2023-10-01"]}""", "assess.inference")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07"}""", "assess.inference")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","method":"guess"}""", "assess.method")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","threshold":"high"}""", "assess.threshold")]
    [InlineData("""{"stack":"sample-strip/radar","event":"2023-10-07","inference":"2023-10-15","postMonths":1.5}""", "assess.options")]
    [InlineData("""{"stack":"sample-strip/radar","event":"2023-10-07","inference":"2023-10-15","resolution":"fine"}""", "assess.options")]
    [InlineData("""{"stack":"sample-strip/radar","event":"2023-10-07","inference":"2023-10-15","postMonths":0}""", "assess.options")]
    [InlineData("""{"stack":"sample-strip/radar","event":"2023-10-07","inference":"2023-10-15","minCoverage":2}""", "assess.options")]
    [InlineData("""{"stack":"sample-strip/radar","event":"2023-10-07","inference":"2023-10-15","crs":4326}""", "assess.options")]
    [InlineData("""{"stack":"sample-strip/radar","event":"2023-10-07","inference":"2023-10-15","aoi":"../aoi.geojson"}""", "assess.input")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","labels":"../../x"}""", "assess.input")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","tileSize":64.5}""", "assess.options")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","tileSize":8}""", "assess.tile_size")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","tileSize":64,"method":"ccd"}""", "assess.tile_size")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","tileSize":64,"distribute":"yes"}""", "assess.distribute")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","distribute":true}""", "assess.distribute")]
    [InlineData("""{"stack":"sample-strip/radar/stack.csv","event":"2023-10-07","inference":"2023-10-15","tileSize":64,"distribute":true}""", "assess.distribute")]
    public async Task A_bad_request_is_refused_with_422_naming_the_field_and_nothing_is_queued(string body, string code)
    {
        var client = await server.ClientAsync(Role.Analyst);
        int before = (await client.GetFromJsonAsync<JsonElement>(U("/api/assessments"))).GetArrayLength();

        var response = await client.PostAsync(U("/api/assessments"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(code, await CodeOf(response));
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement>(U("/api/assessments"))).GetArrayLength());
    }

    [Fact]
    public async Task A_run_that_fails_reports_the_problem_without_server_paths_and_has_no_results()
    {
        var client = await server.ClientAsync(Role.Analyst);

        var submitted = await client.PostAsJsonAsync(U("/api/assessments"), new { stack = "sample-strip/buildings.geojson", @event = "2023-10-07", inference = "2023-10-15" });
        string self = submitted.Headers.Location!.OriginalString;
        var status = await FinishedAsync(client, self);

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("stack.header", status.GetProperty("error").GetProperty("code").GetString());
        string message = status.GetProperty("error").GetProperty("message").GetString()!;
        Assert.StartsWith("sample-strip/buildings.geojson line 1:", message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Factory.DataDirectory, message, StringComparison.Ordinal);
        var results = await client.GetAsync(U($"{self}/areas"));
        Assert.Equal(HttpStatusCode.Conflict, results.StatusCode);
        Assert.Equal("assess.not_finished", await CodeOf(results));
    }

    [Fact]
    public async Task Submitting_needs_an_analyst_key_while_results_are_public_and_unknown_ids_are_404()
    {
        var anonymous = await server.ClientAsync(Role.Anonymous);

        var refused = await anonymous.PostAsJsonAsync(U("/api/assessments"), DemoRun);
        var unknown = await anonymous.GetAsync(U("/api/assessments/pwtt-19990101000000-deadbeef/areas"));
        var status = await anonymous.GetAsync(U("/api/assessments/pwtt-19990101000000-deadbeef"));
        var format = await anonymous.GetAsync(U("/api/assessments/latest/areas?format=xlsx"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("assess.unknown", await CodeOf(unknown));
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
    }
}
