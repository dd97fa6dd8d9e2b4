using System.Text.Json;
using Haven.Cli.Tests.Support;
using Haven.Geo.Tests.Support;

namespace Haven.Cli.Tests.Commands;

/// <summary>`haven aid import`, `aid deliveries` and `aid gap` on the real UNRWA, COGAT and research files.</summary>
public sealed class AidCommandTests : CliTest
{
    private Task<(int Exit, string Output)> Run(params string[] args) => CapturedHaven.RunAsync(Time, args);

    [ReferenceFact]
    public async Task Both_sources_imported_give_per_month_rows_apart_with_unrwas_partial_note_and_the_side_by_side_file()
    {
        string db = Path.Combine(Dir, "aid.db");
        string rows = Path.Combine(Dir, "deliveries.csv");
        string json = Path.Combine(Dir, "deliveries.json");

        var unrwa = await Run("aid", "import", ReferenceData.File("aid/unrwa_commodities_received_20241111.xlsx"), "--db", db);
        var cogat = await Run("aid", "import", ReferenceData.File("aid/cogat_aid_linelist.csv"), "--db", db, "--skipped", Path.Combine(Dir, "skipped.csv"));
        var csv = await Run("aid", "deliveries", "--by", "month", "--from", "2024-06-01", "--to", "2024-07-31", "--out", rows, "--db", db);
        Assert.Equal(0, (await Run("aid", "deliveries", "--by", "month", "--from", "2024-06-01", "--to", "2024-07-31", "--out", json, "--db", db)).Exit);

        Assert.Equal(0, unrwa.Exit);
        Assert.Contains("UNRWA supply workbook (.xlsx): 37,373 rows read, 37,373 imported, 0 not imported", unrwa.Output, StringComparison.Ordinal);
        Assert.Contains("UNRWA: partial after 5 May 2024", unrwa.Output, StringComparison.Ordinal);
        Assert.Equal(0, cogat.Exit);
        Assert.Contains("52,479 rows read, 52,479 imported, 0 not imported", cogat.Output, StringComparison.Ordinal);
        Assert.Equal(["where,reason", "#meta+row,#meta+reason"], File.ReadAllLines(Path.Combine(Dir, "skipped.csv")));
        Assert.Equal(0, csv.Exit);
        var lines = File.ReadAllLines(rows);
        Assert.Equal(2 + 4, lines.Length); // header, tags, two months x two sources
        var june = lines.Single(l => l.StartsWith("2024-06,", StringComparison.Ordinal) && l.Contains(",UNRWA,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("2509", june[9]);
        Assert.Contains("partial after 5 May 2024", lines.Single(l => l.StartsWith("2024-06,", StringComparison.Ordinal) && l.Contains(",UNRWA,", StringComparison.Ordinal)), StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var comparisons = report.RootElement.GetProperty("comparisons").EnumerateArray().ToList();
        Assert.Equal(["2024-06", "2024-07"], comparisons.Select(c => c.GetProperty("period").GetString()));
        Assert.Equal([5_266.0 - 2_509, 5_920.0 - 3_074], comparisons.Select(c => c.GetProperty("trucksDifference").GetDouble()));
    }

    [ReferenceFact]
    public async Task The_north_gap_from_the_studys_tables_counts_its_sources_apart_and_together_and_says_what_it_lacks_for_the_strip()
    {
        string db = Path.Combine(Dir, "aid.db");
        string folder = ReferenceData.File("aid/lshtm");
        string gap = Path.Combine(Dir, "gap.csv");
        Assert.Equal(0, (await Run("aid", "import", Path.Combine(folder, "pop_north.csv"), "--db", db)).Exit);
        Assert.Equal(0, (await Run("aid", "import", Path.Combine(folder, "trucks_to_north.csv"), "--region", "north", "--db", db)).Exit);
        Assert.Equal(0, (await Run("aid", "import", Path.Combine(folder, "boats_airdrops.csv"), "--db", db)).Exit);

        var north = await Run("aid", "gap", "--scope", "north", "--from", "2024-03-01", "--to", "2024-03-31", "--together", "trucks_to_north,boats_airdrops", "--out", gap, "--db", db);
        var strip = await Run("aid", "gap", "--from", "2024-03-01", "--to", "2024-03-31", "--db", db);

        Assert.Equal(0, north.Exit);
        var rows = File.ReadAllLines(gap).Skip(2).Select(l => l.Split(',')).ToList();
        Assert.Equal(["boats_airdrops", "trucks_to_north", "trucks_to_north + boats_airdrops"], rows.Select(r => r[4]).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("north", r[0]));
        double apart = rows.Where(r => r[4] != "trucks_to_north + boats_airdrops").Sum(r => double.Parse(r[8], System.Globalization.CultureInfo.InvariantCulture));
        double together = double.Parse(rows.Single(r => r[4] == "trucks_to_north + boats_airdrops")[8], System.Globalization.CultureInfo.InvariantCulture);
        // Together over the days both cover (2 to 31 March): the trucks table gives no trucks on 1 March, so the same kcal as the two apart.
        Assert.Equal(apart, together, 0);
        Assert.Equal(0, strip.Exit);
        Assert.Contains("Lacking delivery records into the Strip: none are imported, so what arrived is unknown, not zero.", strip.Output, StringComparison.Ordinal);
    }
}
