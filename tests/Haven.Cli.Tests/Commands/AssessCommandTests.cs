using System.Text.Json;
using Haven.Cli.Tests.Support;
using Haven.Storage.Sqlite;

namespace Haven.Cli.Tests.Commands;

public sealed class AssessCommandTests : CliTest
{
    [Fact]
    public async Task Assess_writes_every_output_and_stores_the_run()
    {
        string strip = Path.Combine(Dir, "strip");
        string output = Path.Combine(Dir, "out");
        string db = Path.Combine(Dir, "haven.db");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));

        int code = await Haven("assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07",
            "--inference", "2023-10-15,2023-10-27", "--buildings", Path.Combine(strip, "buildings.geojson"),
            "--areas", Path.Combine(strip, "areas.geojson"), "--labels", Path.Combine(strip, "truth", "labels.geojson"),
            "--out", output, "--db", db);

        Assert.Equal(0, code);
        var csv = File.ReadAllLines(Path.Combine(output, "areas.csv"));
        Assert.StartsWith("code,name,date,structures", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("#adm1+code,", csv[1], StringComparison.Ordinal);
        Assert.Equal(2 + 3 * 2, csv.Length); // header, tags, 3 districts x 2 dates

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("pwtt", root.GetProperty("method").GetString());
        Assert.True(root.GetProperty("synthetic").GetBoolean());
        Assert.Equal(3.3, root.GetProperty("parameters").GetProperty("damage_threshold").GetDouble());
        Assert.All(root.GetProperty("inputs").EnumerateArray(), i => Assert.Equal(64, i.GetProperty("sha256").GetString()!.Length));
        Assert.True(root.GetProperty("stage_seconds").GetProperty("filter_and_test").GetDouble() > 0);
        Assert.True(root.GetProperty("validation")[0].GetProperty("metrics").GetProperty("roc_auc").GetDouble() > 0.85);

        using var buildings = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "buildings.geojson")));
        var first = buildings.RootElement.GetProperty("features")[0].GetProperty("properties");
        foreach (string property in new[] { "id", "score", "damaged", "coverage", "flags" })
        {
            Assert.True(first.TryGetProperty(property, out _), property);
        }

        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<svg", report, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "t.tif")));

        var stored = await new SqliteStore(db).ListAssessmentsAsync();
        var run = Assert.Single(stored);
        Assert.Equal(6, (await new SqliteStore(db).GetAssessmentAreasAsync(run.Id)).Count);
    }

    [Fact]
    public async Task Pwtt_in_tiles_gives_the_same_area_figures_and_building_calls_as_one_run_and_records_its_tiles()
    {
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        string[] Args(string output, params string[] more) => ["assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07",
            "--inference", "2023-10-15", "--buildings", Path.Combine(strip, "buildings.geojson"), "--areas", Path.Combine(strip, "areas.geojson"),
            "--out", Path.Combine(Dir, output), "--db", Path.Combine(Dir, output + ".db"), .. more];

        Assert.Equal(0, await Haven(Args("whole")));
        Assert.Equal(0, await Haven(Args("tiled", "--tile-size", "80")));

        Assert.Equal(File.ReadAllLines(Path.Combine(Dir, "whole", "areas.csv")), File.ReadAllLines(Path.Combine(Dir, "tiled", "areas.csv")));
        static Dictionary<string, bool> Calls(string folder)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "buildings.geojson")));
            return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
                .ToDictionary(p => p.GetProperty("id").ToString(), p => p.GetProperty("damaged").GetBoolean());
        }

        Assert.Equal(Calls(Path.Combine(Dir, "whole")), Calls(Path.Combine(Dir, "tiled")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "tiled", "summary.json")));
        var parameters = summary.RootElement.GetProperty("parameters");
        Assert.Equal((80, 17), (parameters.GetProperty("tile_size").GetInt32(), parameters.GetProperty("tile_halo_cells").GetInt32()));
    }

    [Fact]
    public async Task Damage_labels_given_a_label_extent_speak_only_for_it_and_areas_outside_are_corrected_not_counted_intact()
    {
        string strip = Path.Combine(Dir, "strip");
        string output = Path.Combine(Dir, "out");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        // Damage points only (class 1), as UNOSAT publishes them, and an extent of the first district alone.
        var labels = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(strip, "truth", "labels.geojson")))!;
        var features = labels["features"]!.AsArray();
        foreach (var f in features.Where(f => f!["properties"]!["Main_Damage_Site_Class"]!.GetValue<int>() != 1).ToList())
        {
            features.Remove(f);
        }

        File.WriteAllText(Path.Combine(Dir, "damage-points.geojson"), labels.ToJsonString());
        var areas = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(strip, "areas.geojson")))!;
        var areaFeatures = areas["features"]!.AsArray();
        string first = areaFeatures[0]!["properties"]!["pcode"]!.GetValue<string>();
        foreach (var f in areaFeatures.Skip(1).ToList())
        {
            areaFeatures.Remove(f);
        }

        File.WriteAllText(Path.Combine(Dir, "extent.geojson"), areas.ToJsonString());

        int code = await Haven("assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07", "--inference", "2023-10-15",
            "--buildings", Path.Combine(strip, "buildings.geojson"), "--areas", Path.Combine(strip, "areas.geojson"),
            "--labels", Path.Combine(Dir, "damage-points.geojson"), "--label-extent", Path.Combine(Dir, "extent.geojson"), "--out", output, "--db", Path.Combine(Dir, "haven.db"));

        Assert.Equal(0, code);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("the polygons of extent.geojson", root.GetProperty("labels").GetProperty("extent").GetString());
        var rows = root.GetProperty("areas").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            string method = row.GetProperty("method").GetString()!;
            if (row.GetProperty("code").GetString() == first)
            {
                Assert.StartsWith("stratified estimate corrected with this area's", method, StringComparison.Ordinal);
            }
            else
            {
                Assert.StartsWith("no labels here: map share corrected with detection rates of", method, StringComparison.Ordinal);
                Assert.True(row.GetProperty("upper").GetDouble() >= row.GetProperty("share").GetDouble());
            }
        }
    }

    /// <summary>The strip's buildings with OpenStreetMap-style text ids as the features' own ids (their "id" property removed).</summary>
    private string BuildingsWithTextIds(string strip, Func<int, string> id)
    {
        var buildings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(strip, "buildings.geojson")))!;
        var features = buildings["features"]!.AsArray();
        for (int i = 0; i < features.Count; i++)
        {
            features[i]!.AsObject()["id"] = id(i);
            features[i]!["properties"]!.AsObject().Remove("id");
        }

        string path = Path.Combine(Dir, "buildings-text-ids.geojson");
        File.WriteAllText(path, buildings.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Text_building_ids_come_back_exactly_as_given_in_the_output_and_the_store()
    {
        string strip = Path.Combine(Dir, "strip");
        string output = Path.Combine(Dir, "out");
        string db = Path.Combine(Dir, "haven.db");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        string buildings = BuildingsWithTextIds(strip, i => $"way/{1000 + i}");

        int code = await Haven("assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07", "--inference", "2023-10-15",
            "--buildings", buildings, "--areas", Path.Combine(strip, "areas.geojson"), "--out", output, "--db", db);

        Assert.Equal(0, code);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "buildings.geojson")));
        var ids = written.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id")).ToList();
        Assert.All(ids, id => Assert.Equal(JsonValueKind.String, id.ValueKind));
        Assert.Equal(Enumerable.Range(0, ids.Count).Select(i => $"way/{1000 + i}"), ids.Select(id => id.GetString()));
        var run = Assert.Single(await new SqliteStore(db).ListAssessmentsAsync());
        var stored = await new SqliteStore(db).GetBuildingDamageAsync(run.Id);
        Assert.Equal(ids.Count, stored.Count);
        Assert.All(stored, s => Assert.StartsWith("way/", s.BuildingId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_or_missing_building_id_is_refused_naming_the_feature()
    {
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        string repeated = BuildingsWithTextIds(strip, i => i == 7 ? "way/3" : $"way/{i}");
        string[] Args(string buildings, params string[] more) => ["assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07", "--inference", "2023-10-15",
            "--buildings", buildings, "--areas", Path.Combine(strip, "areas.geojson"), "--out", Path.Combine(Dir, "out"), "--db", Path.Combine(Dir, "haven.db"), .. more];

        var (code, output) = await CapturedHaven.RunAsync(Time, Args(repeated));
        var (missingCode, missing) = await CapturedHaven.RunAsync(Time, Args(repeated, "--id-field", "building_ref"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("feature 7: building id way/3 appears twice", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, missingCode);
        Assert.Contains("feature 0 has no property 'building_ref'", missing, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public async Task A_run_refused_for_its_input_leaves_no_store_it_created_and_an_existing_store_with_its_runs()
    {
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        string repeated = BuildingsWithTextIds(strip, i => i == 7 ? "way/3" : $"way/{i}");
        string[] Args(string buildings, string db, string output) => ["assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07", "--inference", "2023-10-15",
            "--buildings", buildings, "--areas", Path.Combine(strip, "areas.geojson"), "--out", Path.Combine(Dir, output), "--db", db];
        string fresh = Path.Combine(Dir, "fresh.db"), existing = Path.Combine(Dir, "existing.db");
        Assert.Equal(0, await Haven(Args(Path.Combine(strip, "buildings.geojson"), existing, "first")));

        var (freshCode, _) = await CapturedHaven.RunAsync(Time, Args(repeated, fresh, "second"));
        var (existingCode, _) = await CapturedHaven.RunAsync(Time, Args(repeated, existing, "third"));

        Assert.Equal((ExitCodes.BadInput, ExitCodes.BadInput), (freshCode, existingCode));
        Assert.Empty(Directory.GetFiles(Dir, "fresh.db*"));
        Assert.Single(await new SqliteStore(existing).ListAssessmentsAsync());
    }

    [Fact]
    public async Task Counting_unosat_sites_with_no_areas_and_no_store_is_refused_and_creates_no_store()
    {
        string sites = Path.Combine(Dir, "sites.geojson");
        File.WriteAllText(sites, """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[34.45,31.5]},"properties":{"cls_20231107":1}}]}""");
        string db = Path.Combine(Dir, "none", "haven.db");

        var (code, output) = await CapturedHaven.RunAsync(Time, "unosat", sites, "--db", db);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("No areas to count in: give --areas FILE", output, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Importing_a_unosat_layer_stores_it_once_and_a_different_file_under_the_same_id_is_refused_until_replace()
    {
        string sites = Path.Combine(Dir, "sites.geojson");
        string other = Path.Combine(Dir, "other.geojson");
        File.WriteAllText(sites, """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[34.45,31.5]},"properties":{"cls_20231107":1}}]}""");
        File.WriteAllText(other, """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[34.46,31.5]},"properties":{"cls_20231107":2}}]}""");
        string db = Path.Combine(Dir, "haven.db");

        var (first, firstOutput) = await CapturedHaven.RunAsync(Time, "unosat", sites, "--import", "--db", db);
        var (again, againOutput) = await CapturedHaven.RunAsync(Time, "unosat", sites, "--import", "--db", db);
        var (refused, refusedOutput) = await CapturedHaven.RunAsync(Time, "unosat", other, "--import", "--id", "sites", "--db", db);
        var (replaced, replacedOutput) = await CapturedHaven.RunAsync(Time, "unosat", other, "--import", "--id", "sites", "--replace", "--db", db);

        Assert.Equal((ExitCodes.Success, ExitCodes.Success, ExitCodes.BadInput, ExitCodes.Success), (first, again, refused, replaced));
        Assert.Contains("Layer 'sites': 1 sites read on 2023-11-07, stored (audit #1).", firstOutput, StringComparison.Ordinal);
        Assert.Contains("already stored from the same file; nothing changed.", againOutput, StringComparison.Ordinal);
        Assert.Contains("A damage-site layer 'sites' is already stored (from sites.geojson", refusedOutput, StringComparison.Ordinal);
        Assert.Contains("stored (audit #2).", replacedOutput, StringComparison.Ordinal);

        // A file that is not a UNOSAT layer is refused before any store is made.
        string plain = Path.Combine(Dir, "plain.geojson");
        File.WriteAllText(plain, """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[34.46,31.5]},"properties":{"name":"x"}}]}""");
        string fresh = Path.Combine(Dir, "fresh", "haven.db");
        var (notUnosat, notUnosatOutput) = await CapturedHaven.RunAsync(Time, "unosat", plain, "--import", "--db", fresh);
        Assert.Equal(ExitCodes.BadInput, notUnosat);
        Assert.Contains("no damage class on any date", notUnosatOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(fresh));
    }

    [Fact]
    public async Task An_output_folder_that_cannot_be_written_is_reported_with_the_id_of_the_run_already_stored()
    {
        string strip = Path.Combine(Dir, "strip");
        string db = Path.Combine(Dir, "haven.db");
        string blocker = Path.Combine(Dir, "a-file");
        File.WriteAllText(blocker, "not a folder");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));

        var (code, output) = await CapturedHaven.RunAsync(Time, "assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07",
            "--inference", "2023-10-15", "--buildings", Path.Combine(strip, "buildings.geojson"), "--areas", Path.Combine(strip, "areas.geojson"),
            "--out", Path.Combine(blocker, "out"), "--db", db);

        var run = Assert.Single(await new SqliteStore(db).ListAssessmentsAsync());
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"Assessment {run.Id} is stored, but its folder {Path.Combine(blocker, "out")} could not be written", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pwtt_options_given_on_the_command_line_are_the_ones_recorded_in_the_summary()
    {
        string strip = Path.Combine(Dir, "strip");
        string output = Path.Combine(Dir, "out");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));

        int code = await Haven("assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07",
            "--inference", "2023-10-15", "--buildings", Path.Combine(strip, "buildings.geojson"),
            "--areas", Path.Combine(strip, "areas.geojson"), "--out", output, "--db", Path.Combine(Dir, "haven.db"),
            "--pre-months", "6", "--post-months", "2", "--lee-window", "5", "--lee-looks", "4.5", "--min-pre", "4",
            "--min-post", "3", "--median-radius", "15", "--kernel-radii", "40, 80", "--threshold", "3");

        Assert.Equal(0, code);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var p = summary.RootElement.GetProperty("parameters");
        Assert.Equal(6, p.GetProperty("pre_window_months").GetInt32());
        Assert.Equal(2, p.GetProperty("post_window_months").GetInt32());
        Assert.Equal(5, p.GetProperty("lee_window").GetInt32());
        Assert.Equal(4.5, p.GetProperty("lee_looks").GetDouble());
        Assert.Equal(4, p.GetProperty("min_pre_values").GetInt32());
        Assert.Equal(3, p.GetProperty("min_post_values").GetInt32());
        Assert.Equal(15, p.GetProperty("median_radius_m").GetDouble());
        Assert.Equal([40.0, 80.0], p.GetProperty("convolution_radii_m").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(3, p.GetProperty("damage_threshold").GetDouble());
    }

    [Theory]
    [InlineData("--lee-window", "4")]
    [InlineData("--kernel-radii", "50,abc")]
    [InlineData("--kernel-radii", "50,-10")]
    [InlineData("--post-months", "0")]
    [InlineData("--min-post", "1")]
    [InlineData("--min-coverage", "1.5")]
    [InlineData("--crs", "4326")]
    [InlineData("--inference", "15/10/2023")]
    [InlineData("--stack", "missing.csv")]
    [InlineData("--method", "magic")]
    public async Task Bad_arguments_exit_2_and_write_nothing(string option, string value)
    {
        string output = Path.Combine(Dir, "never");
        var args = new Dictionary<string, string>
        {
            ["--stack"] = Path.Combine(Dir, "stack.csv"),
            ["--event"] = "2023-10-07",
            ["--inference"] = "2023-10-15",
            ["--buildings"] = Path.Combine(Dir, "b.geojson"),
            ["--areas"] = Path.Combine(Dir, "a.geojson"),
            ["--out"] = output,
        };
        args[option] = option == "--stack" ? Path.Combine(Dir, value) : value;

        Assert.Equal(ExitCodes.BadInput, await Haven(["assess", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]));
        Assert.False(Directory.Exists(output));
    }
}
