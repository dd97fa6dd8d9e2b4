using System.Globalization;
using Haven.Geo.Tests.Support;
using Haven.Planning.Aid;
using Haven.Planning.Population;

namespace Haven.Planning.Tests.Aid;

public sealed class FoodGapTests
{
    private static readonly DeliveryGrouping Monthly = DeliveryGrouping.Parse("month").Value;

    private static Func<DateOnly, (double? People, string Basis)> Estimates(IReadOnlyList<RegionPopulation> regions, string region) =>
        day => RegionPopulation.On(regions, region, day) is { } e ? (e.People, e.Source) : (null, "");

    [ReferenceFact]
    public void North_in_March_2024_from_the_trucks_and_airdrop_tables_together_matches_the_figure_worked_by_hand_from_the_tables()
    {
        string folder = ReferenceData.File("aid/lshtm");
        var population = AidRecords.Read(Path.Combine(folder, "pop_north.csv")).Value.Regions;
        var trucks = AidRecords.Read(Path.Combine(folder, "trucks_to_north.csv"), region: "north").Value.Arrivals;
        var drops = AidRecords.Read(Path.Combine(folder, "boats_airdrops.csv")).Value.Arrivals;

        var report = FoodGaps.For("north", [.. trucks, .. drops], Estimates(population, "north"), new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31), Monthly,
            ["trucks_to_north", "boats_airdrops"]).Value;
        var row = report.Rows.Single(r => r.Source == "trucks_to_north + boats_airdrops");

        // By hand. Both tables run from 2 March (the first airdrop) at the earliest, so 2 to 31 March: 30 days.
        var first = new DateOnly(2024, 3, 2);
        var last = new DateOnly(2024, 3, 31);
        var estimates = File.ReadAllLines(Path.Combine(folder, "pop_north.csv")).Skip(1).Select(l => l.Split(','))
            .Select(c => (Date: DateOnly.ParseExact(c[0], "yyyy/MM/dd", CultureInfo.InvariantCulture), People: double.Parse(c[1].Trim('"'), CultureInfo.InvariantCulture))).ToList();
        double personDays = 0, kcal = 0;
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            personDays += estimates.Where(e => e.Date <= d).MaxBy(e => e.Date).People; // 300,000 to 14 March, 250,000 from 15 March
        }

        foreach (var c in File.ReadAllLines(Path.Combine(folder, "trucks_to_north.csv")).Skip(1).Select(l => l.Split(',')))
        {
            var (from, to) = (DateOnly.ParseExact(c[0], "yyyy/MM/dd", CultureInfo.InvariantCulture), DateOnly.ParseExact(c[1], "yyyy/MM/dd", CultureInfo.InvariantCulture));
            double perDayKg = double.Parse(c[2], CultureInfo.InvariantCulture) * (c[3] == "truck" ? 17_000 : 1_000) / (to.DayNumber - from.DayNumber + 1);
            for (var d = from; d <= to; d = d.AddDays(1))
            {
                kcal += d >= first && d <= last ? perDayKg * 2_657 : 0;
            }
        }

        using (var reader = new StreamReader(Path.Combine(folder, "boats_airdrops.csv")))
        {
            var table = Haven.Geo.Tabular.CsvTable.Parse(reader, "boats_airdrops.csv").Value;
            int date = table.Column("date"), area = table.Column("area"), energy = table.Column("kcal");
            kcal += table.Rows.Where(r => r[area] == "north")
                .Where(r => DateOnly.ParseExact(r[date], "yyyy/MM/dd", CultureInfo.InvariantCulture) is var d && d >= first && d <= last)
                .Sum(r => double.Parse(r[energy], CultureInfo.InvariantCulture));
        }

        Assert.Equal(13 * 300_000 + 17 * 250_000, personDays);
        Assert.Equal((31, 30), (row.Days, row.DaysUsed));
        Assert.Equal(personDays, row.PersonDays);
        Assert.Equal(kcal, row.KcalArrived!.Value, 1);
        Assert.Equal(kcal / personDays, row.KcalPerPersonPerDay!.Value, 9);
        Assert.Equal(kcal / personDays / 2_100, row.ShareOfNeed!.Value, 9);
        Assert.Equal(2_100 - (kcal / personDays), row.GapKcalPerPersonPerDay!.Value, 9);
        Assert.Equal((2_100 - (kcal / personDays)) * personDays / 30 / (17_000 * 2_657.0), row.TrucksPerDayToClose!.Value, 9);
        Assert.InRange(row.KcalPerPersonPerDay!.Value, 700, 760);
    }

    [Fact]
    public void A_period_a_source_does_not_cover_is_unknown_and_a_covered_day_without_records_counts_as_none_arrived()
    {
        // Synthetic: one source with food records on 1 and 10 January, 1,000 people throughout.
        Arrival Food(DateOnly d) => new("S", "1", d, null, "land", AidCategories.Food, "food", "flour", 1, "t", "", 1, 1, 2_100_000, "", "", "north", "synthetic");
        var arrivals = new[] { Food(new DateOnly(2024, 1, 1)), Food(new DateOnly(2024, 1, 10)) };

        var report = FoodGaps.For("north", arrivals, _ => (1000, "synthetic"), new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 29), Monthly).Value;

        var january = report.Rows.Single(r => r.Period == "2024-01");
        var february = report.Rows.Single(r => r.Period == "2024-02");
        Assert.Equal(10, january.DaysUsed);
        Assert.Equal(2 * 2_100_000 / (10 * 1000.0), january.KcalPerPersonPerDay);
        Assert.Equal((0, null, null, "unknown: no records for this period"), (february.DaysUsed, february.KcalPerPersonPerDay, february.GapKcalPerPersonPerDay, february.Note));
    }

    [Fact]
    public void Without_records_or_population_the_answer_is_unknown_and_says_what_it_lacks()
    {
        var report = FoodGaps.For(FoodGaps.Strip, [], _ => (null, ""), new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), Monthly).Value;

        Assert.Empty(report.Rows);
        Assert.Equal(["delivery records into the Strip: none are imported, so what arrived is unknown, not zero", "population of the areas on these dates (import population)"], report.Missing);
    }

    [Fact]
    public void Counting_together_a_source_without_records_for_the_scope_is_refused_naming_the_sources_there_are()
    {
        var a = new Arrival("S", "1", new DateOnly(2024, 1, 1), null, "land", AidCategories.Food, "food", "", 1, "t", "", 1, 1, 1, "", "", null, "synthetic");

        var report = FoodGaps.For(FoodGaps.Strip, [a], _ => (1, ""), new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), Monthly, ["S", "T"]);

        Assert.Equal("aid.together", report.Problem!.Code);
        Assert.Contains("'T' has none; the sources are S", report.Problem.Message, StringComparison.Ordinal);
    }
}
