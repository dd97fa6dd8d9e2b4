using Haven.Geo.Tabular;
using Haven.Geo.Tests.Support;
using Haven.Planning.Population;

namespace Haven.Planning.Tests.Population;

public class PopulationLedgerTests
{
    private static readonly DateOnly D0 = new(2024, 1, 1), D1 = new(2024, 1, 5), D2 = new(2024, 1, 9), D3 = new(2024, 1, 12);

    private static PopulationRecord Count(string area, DateOnly date, int residents, int displaced = 0) => new(area, date, residents, displaced, "synthetic");

    [Fact]
    public void A_movement_moves_people_and_records_who_is_displaced_where()
    {
        var ledger = PopulationLedger.Build([Count("A", D0, 1000), Count("B", D0, 500)], [new Movement("A", "B", D1, 300, "synthetic")]).Value;

        var a = ledger.AsOf("A", D1)!;
        var b = ledger.AsOf("B", D1)!;
        var before = ledger.AsOf("A", D0)!;

        Assert.Equal((700L, 0L, 300L), (a.Residents, a.DisplacedPresent, a.DisplacedOut));
        Assert.Equal((500L, 300L, 0L), (b.Residents, b.DisplacedPresent, b.DisplacedOut));
        Assert.Equal(1500, a.Present + b.Present);
        Assert.Equal(1000, before.Present);
        Assert.Equal(300, ledger.PeopleFrom("A", "B", D1));
    }

    [Fact]
    public void A_return_with_an_origin_makes_people_residents_again_and_an_unnamed_move_takes_everyone_present_in_proportion()
    {
        var ledger = PopulationLedger.Build([Count("A", D0, 1000), Count("C", D0, 600)],
        [
            new Movement("A", "C", D1, 400, "synthetic"),
            new Movement("C", "A", D2, 100, "synthetic", Origin: "A"),
            new Movement("C", "D", D3, 100, "synthetic"),
        ]).Value;

        var a = ledger.AsOf("A", D2)!;
        Assert.Equal((700L, 300L), (a.Residents, a.DisplacedOut));
        // On D3, C holds 600 residents and 300 from A: 100 leave, 67 of C's and 33 of A's (largest remainder).
        var c = ledger.AsOf("C", D3)!;
        var d = ledger.AsOf("D", D3)!;
        Assert.Equal((533L, 267L), (c.Residents, c.DisplacedPresent));
        Assert.Equal(100, d.DisplacedPresent);
        Assert.Equal(33, ledger.PeopleFrom("A", "D", D3));
        Assert.Equal(1600, ledger.AsOf(D3).Values.Sum(s => s.Present));
    }

    [Fact]
    public void A_later_count_replaces_the_estimate_and_keeps_the_mix_of_home_areas()
    {
        var ledger = PopulationLedger.Build([Count("A", D0, 1000), Count("B", D0, 500), Count("C", D0, 500), Count("C", D3, 450, 60)],
            [new Movement("A", "C", D1, 30, "synthetic"), new Movement("B", "C", D1, 10, "synthetic")]).Value;

        var c = ledger.AsOf("C", D3)!;

        Assert.Equal((450L, 60L), (c.Residents, c.DisplacedPresent));
        Assert.Equal(45, ledger.PeopleFrom("A", "C", D3));
        Assert.Equal(15, ledger.PeopleFrom("B", "C", D3));
    }

    [Fact]
    public void A_movement_that_would_make_a_population_negative_is_refused_naming_it()
    {
        var built = PopulationLedger.Build([Count("A", D0, 1000)], [new Movement("A", "B", D1, 1200, "moves.csv", Line: 7)]);

        Assert.False(built.Succeeded);
        Assert.Equal("movements.negative", built.Problem!.Code);
        Assert.Contains("moves.csv line 7", built.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("only 1,000 are there", built.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apportioning_gives_whole_parts_that_add_up()
    {
        Assert.Equal([4L, 3L, 3L], PopulationLedger.Apportion(10, [1, 1, 1]));
        Assert.Equal([0L, 0L], PopulationLedger.Apportion(5, [0, 0]));
        Assert.Equal(1001, PopulationLedger.Apportion(1001, [7, 13, 29, 1]).Sum());
    }

    [Fact]
    public void A_population_table_is_read_by_its_hxl_tags()
    {
        const string csv = "area,when,everyone,idps,src\n#adm2+code,#date,#population+total,#affected+idps,#meta+source\nX1,2024-02-01,\"1,200\",200,survey\n";
        var table = CsvTable.Parse(new StringReader(csv), "synthetic.csv").Value;

        var read = PopulationTables.ReadPopulation(table);

        var r = Assert.Single(read.Value);
        Assert.Equal(("X1", new DateOnly(2024, 2, 1), 1000, 200, "survey"), (r.AreaPcode, r.Date, r.Residents, r.Displaced, r.Source));
    }

    [ReferenceFact]
    public void The_gaza_governorate_table_is_read_with_a_date_given_for_it()
    {
        var table = CsvTable.Read(ReferenceData.File("population_governorates.csv")).Value;

        var without = PopulationTables.ReadPopulation(table);
        var read = PopulationTables.ReadPopulation(table, new DateOnly(2023, 10, 1)).Value;

        Assert.Equal("population.date", without.Problem!.Code);
        Assert.Equal(5, read.Count);
        Assert.Equal(754_000, read.Single(r => r.AreaPcode == "PS0260").Residents);
        Assert.Equal(2_227_820, read.Sum(r => r.Total));
    }
}
