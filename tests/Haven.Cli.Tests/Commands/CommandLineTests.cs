using System.Text.Json;
using Haven.Cli.Tests.Support;

namespace Haven.Cli.Tests.Commands;

public sealed class CommandLineTests : CliTest
{
    protected override TimeProvider Time { get; } = new FixedTime(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Every_command_and_subcommand_answers_help_with_exit_0()
    {
        // Every command in the tree, found by walking it, not a list kept by hand.
        var paths = new List<string[]>();
        void Walk(System.CommandLine.Command command, string[] path)
        {
            paths.Add([.. path, "--help"]);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, [.. path, sub.Name]);
            }
        }

        Walk(HavenCommand.Create(Time), []);
        var failed = new List<string>();
        foreach (var args in paths)
        {
            if (await Haven(args) != 0)
            {
                failed.Add(string.Join(' ', args));
            }
        }

        Assert.True(paths.Count >= 25, $"{paths.Count} commands found");
        Assert.Empty(failed);
    }

    [Theory]
    [InlineData]
    [InlineData("simulate")]
    [InlineData("simulate", "--out", "x", "--seed", "minus-one")]
    [InlineData("frobnicate")]
    [InlineData("export", "roads", "--out", "x.geojson")]
    public async Task Bad_usage_exits_2(params string[] args) => Assert.Equal(ExitCodes.BadInput, await Haven(args));

    [Fact]
    public async Task Importing_a_folder_that_is_not_a_scenario_exits_2()
    {
        Assert.Equal(ExitCodes.BadInput, await Haven("import", Dir, "--db", Path.Combine(Dir, "h.db")));
    }

    [Fact]
    public async Task Exporting_from_an_empty_store_fails_at_run_time_with_exit_1()
    {
        Assert.Equal(ExitCodes.Failure, await Haven("export", "blocks", "--out", Path.Combine(Dir, "b.geojson"), "--db", Path.Combine(Dir, "empty.db")));
        Assert.False(File.Exists(Path.Combine(Dir, "b.geojson")));
    }

    [Fact]
    public async Task Simulate_then_import_then_export_round_trips_the_orders_as_of_a_date()
    {
        string scenario = Path.Combine(Dir, "strip");
        string db = Path.Combine(Dir, "haven.db");
        string orders = Path.Combine(Dir, "orders.geojson");
        string badDate = Path.Combine(Dir, "never.geojson");

        Assert.Equal(0, await Haven("simulate", "--out", scenario, "--seed", "4"));
        Assert.Equal(0, await Haven("import", scenario, "--db", db));
        Assert.Equal(0, await Haven("export", "orders", "--as-of", "2023-11-10", "--out", orders, "--db", db));
        Assert.Equal(ExitCodes.BadInput, await Haven("export", "orders", "--as-of", "10/11/2023", "--out", badDate, "--db", db));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(scenario, "scenario.json")));
        Assert.True(manifest.RootElement.GetProperty("synthetic").GetBoolean());
        using var exported = JsonDocument.Parse(File.ReadAllText(orders));
        Assert.Equal(2, exported.RootElement.GetProperty("features").GetArrayLength());
        Assert.False(File.Exists(badDate));
    }

    [Fact]
    public async Task Every_audit_row_the_command_line_writes_is_stamped_with_the_clock_it_was_given()
    {
        // The clock is pinned to 2024-06-01 12:00 UTC: an import, a key, a publication and a scenario replacement.
        string scenario = Path.Combine(Dir, "strip"), db = Path.Combine(Dir, "haven.db");
        Assert.Equal(0, await Haven("simulate", "--out", scenario, "--seed", "4"));
        Assert.Equal(0, await Haven("import", scenario, "--db", db));
        Assert.Equal(0, await Haven("keys", "create", "--name", "field team", "--role", "analyst", "--db", db));
        Assert.Equal(0, await Haven("publish", "--as-of", "2023-11-10", "--db", db));
        Assert.Equal(0, await Haven("import", scenario, "--replace", "--db", db));

        var audit = await new Storage.Sqlite.SqliteStore(db).GetAuditAsync();

        Assert.True(audit.Count >= 4, $"{audit.Count} audit rows");
        Assert.All(audit, row => Assert.Equal(Time.GetUtcNow(), row.At));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
