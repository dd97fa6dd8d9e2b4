using Haven.Cli.Tests.Support;

namespace Haven.Cli.Tests.Commands;

/// <summary>The command line answers the shared rules as the server does: a zone's last day, an unreadable zone end, an inference date on the event day.</summary>
public sealed class SharedRulesCommandTests : CliTest
{
    [Fact]
    public async Task Capacity_of_a_zone_finds_it_the_day_before_its_end_and_not_on_its_end_day()
    {
        string strip = Path.Combine(Dir, "strip"), db = Path.Combine(Dir, "haven.db"), zone = Path.Combine(Dir, "zone.geojson");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        Assert.Equal(0, await Haven("import", strip, "--db", db));
        Assert.Equal(0, await Haven("export", "zones", "--as-of", "2023-11-10", "--out", zone, "--db", db));
        string text = await File.ReadAllTextAsync(zone);
        await File.WriteAllTextAsync(zone, text.Replace("\"valid_to\":null", "\"valid_to\":\"2024-02-01\"", StringComparison.Ordinal));
        Assert.Equal(0, await Haven("import", "zone", zone, "--db", db));

        Assert.Equal(0, await Haven("capacity", "--zone", "SS-HZ-1", "--people", "1000", "--as-of", "2024-01-31", "--db", db));
        Assert.Equal(ExitCodes.BadInput, await Haven("capacity", "--zone", "SS-HZ-1", "--people", "1000", "--as-of", "2024-02-01", "--db", db));
    }

    [Fact]
    public async Task An_import_of_a_zone_whose_end_cannot_be_read_imports_nothing()
    {
        string zone = Path.Combine(Dir, "zone.geojson"), db = Path.Combine(Dir, "haven.db");
        await File.WriteAllTextAsync(zone, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Synthetic zone","valid_to":"when the war ends"},"geometry":{"type":"Polygon","coordinates":[[[34.30,31.40],[34.31,31.40],[34.31,31.41],[34.30,31.41],[34.30,31.40]]]}}]}""");

        Assert.Equal(ExitCodes.BadInput, await Haven("import", "zone", zone, "--db", db));
        Assert.Empty(await new Storage.Sqlite.SqliteStore(db).GetZonesAsync());
    }

    [Fact]
    public async Task Assess_refuses_an_inference_date_on_the_event_day_before_reading_anything()
    {
        Assert.Equal(ExitCodes.BadInput, await Haven("assess", "--stack", Path.Combine(Dir, "no-stack.csv"), "--event", "2023-10-07", "--inference", "2023-10-07",
            "--buildings", Path.Combine(Dir, "b.geojson"), "--areas", Path.Combine(Dir, "a.geojson"), "--out", Path.Combine(Dir, "out"), "--db", Path.Combine(Dir, "haven.db")));
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public async Task Housing_for_one_area_writes_that_area_alone_and_only_its_blocks()
    {
        string strip = Path.Combine(Dir, "strip"), db = Path.Combine(Dir, "haven.db");
        string all = Path.Combine(Dir, "all.csv"), one = Path.Combine(Dir, "one.csv");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        Assert.Equal(0, await Haven("import", strip, "--db", db));

        Assert.Equal(0, await Haven("capacity", "--housing", "--as-of", "2023-11-10", "--out", all, "--db", db));
        Assert.Equal(0, await Haven("capacity", "--housing", "--area", "SS02", "--as-of", "2023-11-10", "--out", one, "--db", db));

        // Rows after the header and the HXL row: code, name, level, ...
        static List<string[]> Rows(string path) => [.. File.ReadAllLines(path).Skip(2).Select(l => l.Split(','))];
        var allRows = Rows(all);
        var oneRows = Rows(one);
        Assert.Equal(["SS01", "SS02", "SS03"], allRows.Where(r => r[2] == "area").Select(r => r[0]).Order());
        Assert.Equal(["SS02"], oneRows.Where(r => r[2] == "area").Select(r => r[0]));
        var oneBlocks = oneRows.Where(r => r[2] == "block").Select(r => r[0]).ToList();
        Assert.NotEmpty(oneBlocks);
        Assert.True(oneBlocks.Count < allRows.Count(r => r[2] == "block"));
        Assert.Subset(allRows.Where(r => r[2] == "block").Select(r => r[0]).ToHashSet(), oneBlocks.ToHashSet());
        Assert.Equal(ExitCodes.BadInput, await Haven("capacity", "--housing", "--area", "ZZ99", "--as-of", "2023-11-10", "--db", db));
    }
}
