using Haven.Planning;
using Haven.Planning.Aid;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Workflows.PlanningAnswers;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Tests.PlanningAnswers;

/// <summary>Aid answers over a synthetic scene of two areas, A with 7,000 people on record and B with none.</summary>
public sealed class AidAnswersTests
{
    private static readonly DateOnly Day = new(2024, 1, 10);
    private static readonly GeometryFactory F = new(new PrecisionModel(), 32636);

    private static PlanningInputs Inputs(IReadOnlyList<Delivery> trucks)
    {
        Area Square(string code, double x) => new(code, code, code, 1, null, F.ToGeometry(new Envelope(x, x + 1000, 0, 1000)), "synthetic");
        var ledger = PopulationLedger.Build([new PopulationRecord("A", Day, 7000, 0, "synthetic")], []).Value;
        var scene = new PlanningScene(Day, [Square("A", 0), Square("B", 1000)], [], new HashSet<int>(), [], null, null, [], ledger, []);
        return new PlanningInputs(scene, ledger, PlanningData.Empty with { Trucks = trucks }, null);
    }

    [Fact]
    public void With_no_truck_log_the_gaps_are_unknown_not_unmet_and_the_answer_lists_the_truck_log_and_the_missing_population()
    {
        var answer = PlanningQueries.Needs(Inputs([]), Day, Day.AddDays(1));

        Assert.NotEmpty(answer.Gaps);
        Assert.All(answer.Gaps, g => Assert.Equal((null, null, null), (g.DeliveredTonnes, g.GapTonnes, g.UnmetShare)));
        Assert.All(answer.Gaps, g => Assert.Equal("A", g.Area));
        Assert.Equal(["truck log (what was delivered is not known, so neither is the gap)", "population for B on 2024-01-10 (no need is counted there)"], answer.Missing);
    }

    [Fact]
    public void With_a_truck_log_an_area_that_received_nothing_is_fully_unmet_and_nothing_about_trucks_is_missing()
    {
        var log = new List<Delivery> { new(Day, "X", 1, 1, "food", Stage.Delivered, "A", "synthetic") };

        var answer = PlanningQueries.Needs(Inputs(log), Day, Day.AddDays(1));

        Assert.Equal(1.0, answer.Gaps.Single(g => g.Date == Day.AddDays(1) && g.Commodity == "food").UnmetShare);
        Assert.Equal(["population for B on 2024-01-10 (no need is counted there)"], answer.Missing);
    }

    [Fact]
    public void A_plan_with_no_truck_log_and_no_quantity_given_is_refused_and_with_a_quantity_it_names_the_area_without_population()
    {
        var refused = PlanningQueries.Plan(Inputs([]), "food", available: null);
        var given = PlanningQueries.Plan(Inputs([]), "food", available: 5);

        Assert.Equal("aid.supply_unknown", refused.Problem!.Code);
        Assert.Contains("No truck log is recorded", refused.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(5, given.Value.AvailableTonnes);
        Assert.Equal(["population for B on 2024-01-10 (no need is counted there)"], given.Value.Missing);
    }
}
