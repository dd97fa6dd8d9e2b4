using System.Globalization;
using System.Text.Json;
using Haven.Cli.Tests.Support;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Storage.Sqlite;
using Haven.Workflows.PlanningAnswers;

namespace Haven.Cli.Tests.Commands;

/// <summary>
/// A stored assessment whose radar covered only part of the buildings, read back by planning: the buildings with
/// no data over them are neither intact nor damaged in the housing answer. Synthetic: the Sample Strip (seed 3),
/// its radar images with their northern half blanked (NaN), as real bursts leave parts of an area without data.
/// </summary>
public sealed class PartialRadarCommandTests : CliTest
{
    [Fact]
    public async Task Housing_after_an_assessment_with_half_the_radar_missing_counts_exactly_the_unscored_buildings_as_not_assessed()
    {
        string strip = Path.Combine(Dir, "strip"), db = Path.Combine(Dir, "haven.db"), output = Path.Combine(Dir, "out"), housing = Path.Combine(Dir, "housing.csv");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        Assert.Equal(0, await Haven("import", strip, "--db", db));
        string stack = HalfBlanked(Path.Combine(strip, "radar"), Path.Combine(Dir, "radar-half"));

        Assert.Equal(0, await Haven("assess", "--stack", stack, "--event", "2023-10-07", "--inference", "2023-10-15",
            "--buildings", Path.Combine(strip, "buildings.geojson"), "--areas", Path.Combine(strip, "areas.geojson"), "--out", output, "--db", db));
        Assert.Equal(0, await Haven("capacity", "--housing", "--as-of", "2023-11-10", "--out", housing, "--db", db));

        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "buildings.geojson")));
        var calls = written.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("damaged").ValueKind).ToList();
        int unknown = calls.Count(k => k == JsonValueKind.Null), intact = calls.Count(k => k == JsonValueKind.False), damaged = calls.Count(k => k == JsonValueKind.True);
        Assert.InRange(unknown, calls.Count / 5, calls.Count * 4 / 5);
        Assert.True(intact > 0 && damaged > 0);

        // code,name,level,structures,damaged,intact,not_assessed,... after the header and the HXL row; the areas' rows.
        var lines = File.ReadAllLines(housing);
        Assert.Equal("code,name,level,structures,damaged,intact,not_assessed,capacity_people,people,surplus_people,verdict", lines[0]);
        var areas = lines.Skip(2).Select(l => l.Split(',')).Where(r => r[2] == "area").ToList();
        int Sum(int column) => areas.Sum(r => int.Parse(r[column], CultureInfo.InvariantCulture));
        Assert.Equal((calls.Count, damaged, intact, unknown), (Sum(3), Sum(4), Sum(5), Sum(6)));
        Assert.All(areas, r => Assert.Equal(int.Parse(r[3], CultureInfo.InvariantCulture), int.Parse(r[4], CultureInfo.InvariantCulture)
            + int.Parse(r[5], CultureInfo.InvariantCulture) + int.Parse(r[6], CultureInfo.InvariantCulture)));
        Assert.Contains(areas, r => int.Parse(r[6], CultureInfo.InvariantCulture) > 0);
        // The run's own outputs say how many were assessed, per area, and no share where none was.
        var assessed = File.ReadAllLines(Path.Combine(output, "areas.csv")).Skip(2).Select(l => l.Split(',')).ToList();
        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<th>structures</th><th>assessed</th>", report, StringComparison.Ordinal);
        Assert.All(assessed, r => Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"<td>{int.Parse(r[3], CultureInfo.InvariantCulture):N0}</td><td>{int.Parse(r[4], CultureInfo.InvariantCulture):N0}</td>"), report, StringComparison.Ordinal));
        Assert.Equal(assessed.Count(r => r[4] == "0"), report.Split("<td>unknown</td><td>unknown</td>").Length - 1);

        // The dashboard's trends: an area where nothing was assessed has no damage figures (null), never 0 or NaN.
        var source = (await PlanningSource.LoadAsync(new SqliteStore(db))).Value;
        var trends = AreaTrends.For(source, [new DateOnly(2023, 11, 10)]);
        Assert.Equal(assessed.Count, trends.Count);
        foreach (var row in assessed)
        {
            var trend = trends.Single(t => t.Code == row[0]);
            bool none = row[4] == "0";
            Assert.Equal(none ? null : (int?)int.Parse(row[5], CultureInfo.InvariantCulture), trend.Damaged);
            Assert.Equal(none, trend.DamagedShare is null);
            Assert.Equal(none, trend.Lower95 is null && trend.Upper95 is null);
        }

        Assert.Contains(assessed, r => r[4] == "0");

        // The table printed: counts as whole numbers, the unassessed beside the damaged and intact.
        var (code, said) = await CapturedHaven.RunAsync(Time, "capacity", "--housing", "--as-of", "2023-11-10", "--db", db);
        Assert.True(code == 0, said);
        foreach (var r in areas)
        {
            string Count(int column) => int.Parse(r[column], CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
            Assert.Matches($@"{Count(3)}\s*│\s*{Count(4)}\s*│\s*{Count(5)}\s*│\s*{Count(6)}\s*│", said);
        }
    }

    /// <summary>The stack's images with their northern half set to NaN, under <paramref name="into"/>, with the manifest; returns the manifest.</summary>
    private static string HalfBlanked(string radar, string into)
    {
        Directory.CreateDirectory(into);
        string manifest = Path.Combine(radar, "stack.csv");
        foreach (string image in Directory.GetFiles(radar, "*.tif"))
        {
            using var source = GeoTiffFile.Open(image).Value;
            var grid = source.Info.Grid;
            var values = source.ReadWindow<float>(1, RasterWindow.Full(grid)).Value;
            Array.Fill(values, float.NaN, 0, grid.Width * (grid.Height / 2));
            GeoTiffWriter.Write(Path.Combine(into, Path.GetFileName(image)), grid, [values], double.NaN, new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
        }

        File.Copy(manifest, Path.Combine(into, "stack.csv"));
        return Path.Combine(into, "stack.csv");
    }
}
