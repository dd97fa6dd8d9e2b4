using Haven.Cli.Tests.Support;

namespace Haven.Cli.Tests.Commands;

public sealed class LookupCommandTests : CliTest
{
    [Fact]
    public async Task Lookups_by_place_block_point_and_batch_print_the_stored_answer_and_refusals_name_what_is_missing()
    {
        string db = await ImportedStripAsync();

        var place = await CapturedHaven.RunAsync(Time, "lookup", "--place", "مستشفى الأمل", "--as-of", "2023-11-10", "--db", db);
        var block = await CapturedHaven.RunAsync(Time, "lookup", "--block", "101", "--as-of", "2023-11-10", "--db", db);
        var point = await CapturedHaven.RunAsync(Time, "lookup", "--lat", "31.36", "--lon", "33.87", "--as-of", "2023-11-10", "--db", db);
        var noBlock = await CapturedHaven.RunAsync(Time, "lookup", "--block", "99999", "--db", db);
        var noPlace = await CapturedHaven.RunAsync(Time, "lookup", "--place", "Atlantis", "--db", db);
        var twoModes = await CapturedHaven.RunAsync(Time, "lookup", "--block", "101", "--lat", "31.3", "--db", db);

        Assert.Equal((0, 0, 0), (place.Exit, block.Exit, point.Exit));
        Assert.Contains("Al-Amal", place.Output, StringComparison.Ordinal);
        Assert.Contains("101", block.Output, StringComparison.Ordinal);
        Assert.Contains("SS-EO-2023-10-13", block.Output, StringComparison.Ordinal);
        Assert.Contains("SS-EO-2023-10-13", point.Output, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.BadInput, ExitCodes.BadInput, ExitCodes.BadInput), (noBlock.Exit, noPlace.Exit, twoModes.Exit));
        Assert.Contains("99999", noBlock.Output, StringComparison.Ordinal);
        Assert.Contains("Atlantis", noPlace.Output, StringComparison.Ordinal);
        Assert.Contains("exactly one of", twoModes.Output, StringComparison.Ordinal);

        string points = Path.Combine(Dir, "points.csv");
        string answers = Path.Combine(Dir, "answers.csv");
        File.WriteAllText(points, "lon,lat\n33.87,31.36\nnot-a-number,31\n33.85,31.28\n0.5,0.5\n");
        Assert.Equal(0, await Haven("lookup", "--points", points, "--out", answers, "--as-of", "2023-11-10", "--db", db));

        var lines = File.ReadAllLines(answers);
        Assert.Equal(5, lines.Length); // header and one row per input row, in order
        Assert.StartsWith("lon,lat,coverage,block,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("33.87,31.36,inside,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("0.5,0.5,outside,,,,", lines[4], StringComparison.Ordinal);
        Assert.Contains("SS-EO-2023-10-13", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("line 3: lon and lat must be numbers within ±180 and ±90", lines[2], StringComparison.Ordinal);
        Assert.Contains("SS-HZ-1,2023-10-18", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_outside_the_data_is_printed_as_outside_the_area_covered_with_no_order_status()
    {
        string db = await ImportedStripAsync();

        var sea = await CapturedHaven.RunAsync(Time, "lookup", "--lat", "0.5", "--lon", "0.5", "--db", db);
        var arabic = await CapturedHaven.RunAsync(Time, "lookup", "--lat", "0.5", "--lon", "0.5", "--lang", "ar", "--db", db);

        Assert.Equal((0, 0), (sea.Exit, arabic.Exit));
        Assert.Contains("outside the area Haven covers: nothing is known here", sea.Output, StringComparison.Ordinal);
        Assert.Contains("The point 0.5, 0.5 is outside the area Haven covers.", sea.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("no order", sea.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("nearest", sea.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("خارج المنطقة التي يغطيها هيفن", arabic.Output, StringComparison.Ordinal);
    }
}
