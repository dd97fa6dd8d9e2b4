using Haven.Geo.Tabular;
using Haven.Planning.Aid;

namespace Haven.Planning.Tests.Aid;

public class AidPlannerTests
{
    private static readonly DateOnly Day = new(2024, 2, 1);

    [Fact]
    public void Daily_needs_follow_from_people_and_the_options()
    {
        var needs = AidPlanner.Needs(new Dictionary<string, long> { ["A"] = 10_000 }, Day);

        Assert.Equal(10_000 * 2100 / 3600.0 / 1000, needs.Single(n => n.Commodity == "food").Tonnes, 9);
        Assert.Equal(150, needs.Single(n => n.Commodity == "water").Tonnes, 9);
        var more = AidPlanner.Needs(new Dictionary<string, long> { ["A"] = 1000 }, Day, AidOptions.Default with { OtherItems = [new AidItem("hygiene", 0.05, "synthetic")] });
        Assert.Equal(0.05, more.Single(n => n.Commodity == "hygiene").Tonnes, 9);
    }

    [Fact]
    public void The_allocation_minimises_the_largest_unmet_share_and_skips_unreachable_areas()
    {
        var needs = new Dictionary<string, double> { ["A"] = 10, ["B"] = 30, ["C"] = 60 };
        (bool, string?) Access(string area) => area == "C" ? (false, "road closed") : (true, null);

        var scarce = AidPlanner.Allocate(Day, "food", 20, needs, Access).Value;
        var plenty = AidPlanner.Allocate(Day, "food", 50, needs, Access).Value;

        // 20 t for 40 t of reachable need: both reachable areas get half of theirs.
        Assert.Equal(0.5, scarce.MaxUnmetShare, 6);
        Assert.Equal(5, scarce.Areas.Single(a => a.Area == "A").AllocatedTonnes, 5);
        Assert.Equal(15, scarce.Areas.Single(a => a.Area == "B").AllocatedTonnes, 5);
        var c = scarce.Areas.Single(a => a.Area == "C");
        Assert.Equal((0.0, false, "unreachable: road closed"), (c.AllocatedTonnes, c.Reachable, c.Note));
        Assert.Equal(0, plenty.MaxUnmetShare, 6);
        Assert.Equal(40, plenty.AllocatedTonnes, 5);
        Assert.Equal("aid.available", AidPlanner.Allocate(Day, "food", -1, needs, Access).Problem!.Code);
    }

    [Fact]
    public void Gaps_count_only_what_was_delivered_to_each_area()
    {
        var log = new List<Delivery>
        {
            new(Day, "X", 10, 100, "food", Stage.Offloaded, null, "synthetic"),
            new(Day, "X", 2, 3, "food", Stage.Delivered, "A", "synthetic"),
        };

        var gaps = AidPlanner.Gaps(_ => new Dictionary<string, long> { ["A"] = 6000 }, log, Day, Day.AddDays(1));

        var first = gaps.Single(g => g.Date == Day && g.Commodity == "food");
        Assert.Equal(3.5, first.NeedTonnes, 9);
        Assert.Equal(0.5, first.GapTonnes!.Value, 9);
        Assert.Equal(0.5 / 3.5, first.UnmetShare!.Value, 9);
        Assert.Equal(1, gaps.Single(g => g.Date == Day.AddDays(1) && g.Commodity == "food").UnmetShare);
    }

    [Fact]
    public void The_truck_log_is_read_and_a_bad_row_is_named()
    {
        const string good = "date,crossing,trucks,tonnes,commodity,stage,destination,source\n#date,#loc+crossing,#indicator+trucks,#indicator+tonnes,#item+name,#status+stage,#adm1+code+dest,#meta+source\n2024-02-01,Kerem Shalom,12,190.5,Food,delivered,PS0275,UN2720\n";
        const string bad = "date,crossing,trucks,tonnes,commodity,stage,destination,source\n2024-02-01,K,12,190,food,lost,,x\n";

        var rows = AidTables.ReadTrucks(CsvTable.Parse(new StringReader(good), "trucks.csv").Value).Value;
        var refused = AidTables.ReadTrucks(CsvTable.Parse(new StringReader(bad), "trucks.csv").Value);

        var r = Assert.Single(rows);
        Assert.Equal((12, 190.5, "food", Stage.Delivered, "PS0275"), (r.Trucks, r.Tonnes, r.Commodity, r.Stage, r.Destination));
        Assert.Equal("trucks.row", refused.Problem!.Code);
        Assert.StartsWith("trucks.csv line 2:", refused.Problem.Message, StringComparison.Ordinal);
    }
}
