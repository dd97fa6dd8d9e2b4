using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Haven.Storage.Access;
using Haven.Workflows.Distributed;
using Npgsql;

namespace Haven.Server.Tests.Apis;

/// <summary>
/// A tiled run submitted over HTTP to a server whose store is PostgreSQL (HAVEN_TEST_POSTGRES, started by .ci/run),
/// its tiles taken by a Hangfire worker in this process; the radar is the Sample Strip's synthetic stack.
/// </summary>
public sealed class DistributedAssessmentTests
{
    private static Uri U(string url) => new(url, UriKind.Relative);

    private static async Task<(JsonElement Last, List<JsonElement> Seen)> FollowAsync(HttpClient client, string self)
    {
        var seen = new List<JsonElement>();
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(5); waited += TimeSpan.FromMilliseconds(100))
        {
            var status = await client.GetFromJsonAsync<JsonElement>(U(self));
            seen.Add(status);
            if (status.GetProperty("state").GetString() is "succeeded" or "failed")
            {
                return (status, seen);
            }

            await Task.Delay(100);
        }

        // What the run last said (its stage, its tiles: queued, running, to retry, failed) is what explains a timeout.
        throw new TimeoutException($"{self} did not finish; its last status: {seen[^1]}");
    }

    [SkippableFact]
    public async Task A_distributed_run_shows_its_tiles_in_its_status_and_stores_the_same_areas_as_a_run_in_one_piece()
    {
        await using var schema = await TestSchema.CreateAsync("haven_dist_");
        string connection = schema.Connection;
        try
        {
            using var factory = new HavenServerFactory();
            factory.Settings["Haven:Database"] = connection;
            factory.Settings["Haven:WriteDemoInputs"] = "true";
            var client = factory.ClientWith(await factory.KeyAsync(Role.Analyst));
            TileJob.Connection = connection;
            await TileResults.EnsureAsync(connection);
            using var worker = new BackgroundJobServer(new BackgroundJobServerOptions { Queues = [TileJob.Queue], WorkerCount = 2 }, TileJob.Storage(connection));

            var tiled = await client.PostAsJsonAsync(U("/api/assessments"), new { stack = "sample-strip/radar/stack.csv", @event = "2023-10-07", inference = "2023-10-15", tileSize = 64, distribute = true });
            Assert.Equal(HttpStatusCode.Accepted, tiled.StatusCode);
            string tiledId = (await tiled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var (last, seen) = await FollowAsync(client, $"/api/assessments/{tiledId}");
            var whole = await client.PostAsJsonAsync(U("/api/assessments"), new { stack = "sample-strip/radar/stack.csv", @event = "2023-10-07", inference = "2023-10-15" });
            string wholeId = (await whole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var (wholeLast, _) = await FollowAsync(client, $"/api/assessments/{wholeId}");

            Assert.Equal("succeeded", last.GetProperty("state").GetString());
            var stack = Haven.Damage.Stacks.ImageStack.Open(Path.Combine(factory.DataDirectory, "inputs", "sample-strip", "radar", "stack.csv")).Value;
            int tiles = Haven.Damage.Pwtt.PwttTiles.Plan(stack.Grid, 64,
                Haven.Damage.Pwtt.PwttTiles.Halo(Haven.Damage.Pwtt.PwttOptions.Default, stack.Grid.Transform.PixelWidth)).Count;
            var end = last.GetProperty("tiles");
            Assert.Equal((tiles, tiles, 0, 0, 0, 0.0), (end.GetProperty("total").GetInt32(), end.GetProperty("done").GetInt32(), end.GetProperty("running").GetInt32(),
                end.GetProperty("retrying").GetInt32(), end.GetProperty("failed").GetInt32(), end.GetProperty("secondsLeft").GetDouble()));
            Assert.Equal($"{tiles} of {tiles} tiles stored", end.GetProperty("summary").GetString());
            Assert.Equal(2, end.GetProperty("workers").GetInt32()); // the one worker here runs two at once
            Assert.Contains("tiles (haven worker)", last.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
            // Every status seen while the tiles ran counted them out of the same total, never more stored than exist.
            var during = seen.Where(s => s.TryGetProperty("tiles", out var t) && t.ValueKind == JsonValueKind.Object).Select(s => s.GetProperty("tiles")).ToList();
            Assert.All(during, t => Assert.Equal(tiles, t.GetProperty("total").GetInt32()));
            Assert.All(during, t => Assert.InRange(t.GetProperty("done").GetInt32() + t.GetProperty("running").GetInt32(), 0, tiles));
            // A run not cut into tiles shows none.
            Assert.Equal(JsonValueKind.Null, wholeLast.GetProperty("tiles").ValueKind);

            string Areas(string id) => client.GetStringAsync(U($"/api/assessments/{id}/areas?format=csv")).GetAwaiter().GetResult();
            Assert.Equal(Areas(wholeId), Areas(tiledId));
        }
        finally
        {
            TileJob.Connection = null;
        }
    }

    [Fact]
    public void Stores_in_separate_schemas_keep_their_jobs_in_separate_schemas()
    {
        Assert.Equal("hangfire", TileJob.SchemaFor("Host=127.0.0.1;Database=haven"));
        Assert.Equal("hangfire", TileJob.SchemaFor("Host=127.0.0.1;Database=haven;Search Path=public"));
        Assert.Equal("relief_hangfire", TileJob.SchemaFor("Host=127.0.0.1;Database=haven;Search Path=relief,public"));
        Assert.Equal("hangfire", TileJob.SchemaFor("postgresql://haven@127.0.0.1/haven"));
    }
}
