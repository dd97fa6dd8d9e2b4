using Haven.Damage.Buildings;
using Haven.Geo.GeoJson;
using Haven.Geo.Tabular;
using Haven.Geo.Tests.Support;
using Haven.Planning.Capacity;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Protection.Sites;
using NetTopologySuite.Geometries;

namespace Haven.Planning.Tests.Capacity;

/// <summary>Small made-up places on the equator (synthetic), where metres convert to degrees by hand.</summary>
public class CapacityTests
{
    private static readonly GeometryFactory F = new(new PrecisionModel(), 4326);
    private static readonly DateOnly Day = new(2024, 3, 1);
    private const double MetresPerDegreeLon = 111_319.49, MetresPerDegreeLat = 110_574.3;

    /// <summary>A rectangle given in metres east and north of (0, 0).</summary>
    private static Polygon Rect(double x0, double y0, double x1, double y1) => F.CreatePolygon(
    [
        new(x0 / MetresPerDegreeLon, y0 / MetresPerDegreeLat), new(x1 / MetresPerDegreeLon, y0 / MetresPerDegreeLat),
        new(x1 / MetresPerDegreeLon, y1 / MetresPerDegreeLat), new(x0 / MetresPerDegreeLon, y1 / MetresPerDegreeLat),
        new(x0 / MetresPerDegreeLon, y0 / MetresPerDegreeLat),
    ]);

    /// <summary>
    /// The scene of <see cref="Scene"/> with a home area H (blocks 3, under order, and 4, with four intact 10 m squares
    /// and a water point) from which 20 of its 30 people moved to A; H's buildings assessed or not.
    /// </summary>
    private static (PlanningScene Scene, PopulationLedger People) Homecoming(bool homeAssessed)
    {
        var scene = Scene();
        var home = new Area("H", "Home", "البيت", 1, null, Rect(2000, 0, 3000, 1000), "synthetic");
        var blocks = scene.Blocks.Concat([new Block(3, "H", Rect(2000, 0, 2500, 1000), "synthetic"), new Block(4, "H", Rect(2500, 0, 3000, 1000), "synthetic")]).ToList();
        var buildings = scene.Buildings.Concat(Enumerable.Range(0, 4).Select(i => new Building((100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Rect(2600 + (i * 20), 500, 2610 + (i * 20), 510), 4, "H", 100))).ToList();
        var people = PopulationLedger.Build([new PopulationRecord("A", Day.AddDays(-10), 8000, 0, "synthetic"), new PopulationRecord("H", Day.AddDays(-10), 30, 0, "synthetic")],
            [new Movement("H", "A", Day.AddDays(-5), 20, "synthetic")]).Value;
        return (new PlanningScene(Day, [scene.Areas[0], home], blocks, new HashSet<int> { 1, 3 }, buildings, new HashSet<string> { "1", "2", "3" },
            Every(homeAssessed ? buildings : scene.Buildings), [.. scene.WorkingSites, Water("W3", 2750, 400)], people, []), people);
    }

    /// <summary>Every building's id: each is assessed (damaged or intact).</summary>
    private static HashSet<string> Every(IEnumerable<Building> buildings) => [.. buildings.Select(b => b.Id)];

    private static Point At(double x, double y) => F.CreatePoint(new Coordinate(x / MetresPerDegreeLon, y / MetresPerDegreeLat));

    private static Site Water(string id, double x, double y, string status = "working") => new(id, SiteKind.WaterPoint, id, id, At(x, y), status, Day, "synthetic");

    /// <summary>
    /// Area A: 1,000 m x 1,000 m with 10,000 people. Its western half is block 1, under an evacuation order; the
    /// eastern half holds block 2 with ten 10 m x 10 m buildings, three of them damaged, and a water point at its centre.
    /// </summary>
    private static PlanningScene Scene(IReadOnlyList<ServiceRecord>? services = null)
    {
        var area = new Area("A", "Area A", "أ", 1, null, Rect(0, 0, 1000, 1000), "synthetic");
        var blocks = new[] { new Block(1, "A", Rect(0, 0, 500, 1000), "synthetic"), new Block(2, "A", Rect(500, 0, 1000, 1000), "synthetic") };
        var buildings = Enumerable.Range(0, 10).Select(i => new Building((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Rect(600 + (i * 20), 100, 610 + (i * 20), 110), 2, "A", 100)).ToList();
        var ledger = PopulationLedger.Build([new PopulationRecord("A", Day, 8000, 2000, "synthetic")], []).Value;
        return new PlanningScene(Day, [area], blocks, new HashSet<int> { 1 }, buildings, new HashSet<string> { "1", "2", "3" }, Every(buildings),
            [Water("W1", 750, 500), Water("W2", 250, 500, "destroyed")], ledger, services ?? []);
    }

    [Fact]
    public void Usable_area_leaves_out_blocks_under_orders_and_damaged_footprints()
    {
        var report = CapacityPlanner.ForArea(Scene(), "A");

        Assert.Equal(10_000, report.People);
        Assert.Equal(1_000_000, report.TotalAreaM2, 1_000_000 * 0.005);
        Assert.Equal(500_000, report.UnderOrderM2, 500_000 * 0.005);
        Assert.Equal(300, report.DamagedFootprintM2);
        Assert.Equal(499_700, report.UsableAreaM2, 499_700 * 0.005);
        Assert.Equal(49.97, report.UsableM2PerPerson!.Value, 0.3);
        Assert.Equal(10_000, report.PeoplePerKm2!.Value, 50.0);
        Assert.Equal(0, report.ShortfallM2PerPerson);
        Assert.Equal(Verdict.Met, report.Check(CapacityPlanner.SiteArea).Verdict);
        Assert.Equal(450_000, report.Check(CapacityPlanner.SiteArea).Needed);
    }

    [Fact]
    public void Without_any_water_point_on_record_taps_and_distance_to_water_are_unknown_and_listed_as_lacking()
    {
        var scene = Scene();
        var noWater = new PlanningScene(Day, scene.Areas, scene.Blocks, new HashSet<int> { 1 }, scene.Buildings, scene.Damaged, scene.Assessed, [],
            PopulationLedger.Build([new PopulationRecord("A", Day, 8000, 2000, "synthetic")], []).Value, []);

        var report = CapacityPlanner.ForArea(noWater, "A");

        Assert.Equal(Verdict.Unknown, report.Check(CapacityPlanner.Taps).Verdict);
        Assert.Null(report.Check(CapacityPlanner.Taps).Present);
        Assert.Equal(Verdict.Unknown, report.Check(CapacityPlanner.WaterDistance).Verdict);
        Assert.Contains("water points: none recorded anywhere (distance to water and taps unknown)", report.Missing);
        Assert.Contains("tap counts: none reported", report.Missing);
        // With a water point on record (even one out of service), none working here is a fact: not met.
        Assert.Equal(Verdict.NotMet, CapacityPlanner.ForArea(scene, "A").Check(CapacityPlanner.Taps).Verdict);
        Assert.DoesNotContain(CapacityPlanner.ForArea(scene, "A").Missing, m => m.StartsWith("water points", StringComparison.Ordinal));
    }

    [Fact]
    public void Services_are_checked_against_sphere_and_unknown_when_not_reported()
    {
        var unreported = CapacityPlanner.ForArea(Scene(), "A");
        var reported = CapacityPlanner.ForArea(Scene([new ServiceRecord("A", Day.AddDays(-3), 30, 250, 160_000, null, "synthetic")]), "A");

        Assert.Equal(Verdict.Unknown, unreported.Check(CapacityPlanner.Latrines).Verdict);
        Assert.Equal(Verdict.Unknown, unreported.Check(CapacityPlanner.Water).Verdict);
        // No tap count: the one working water point counts as one tap, against 40 needed.
        Assert.Equal((40.0, 1.0, Verdict.NotMet), (unreported.Check(CapacityPlanner.Taps).Needed, unreported.Check(CapacityPlanner.Taps).Present!.Value, unreported.Check(CapacityPlanner.Taps).Verdict));
        Assert.Equal((40.0, 30.0, Verdict.NotMet), (reported.Check(CapacityPlanner.Taps).Needed, reported.Check(CapacityPlanner.Taps).Present!.Value, reported.Check(CapacityPlanner.Taps).Verdict));
        Assert.Equal((200.0, Verdict.Met), (reported.Check(CapacityPlanner.Latrines).Needed, reported.Check(CapacityPlanner.Latrines).Verdict));
        Assert.Equal((150_000.0, Verdict.Met), (reported.Check(CapacityPlanner.Water).Needed, reported.Check(CapacityPlanner.Water).Verdict));
        // Covered space: seven intact 100 m2 footprints, one storey, for 35,000 m2 needed.
        Assert.Equal((35_000.0, 700.0, Verdict.NotMet), (reported.Check(CapacityPlanner.CoveredSpace).Needed, reported.Check(CapacityPlanner.CoveredSpace).Present!.Value, reported.Check(CapacityPlanner.CoveredSpace).Verdict));
        var later = CapacityPlanner.ForArea(new PlanningScene(Day, Scene().Areas, Scene().Blocks, Scene().BlocksUnderOrder, Scene().Buildings, Scene().Damaged, Scene().Assessed,
            Scene().WorkingSites, PopulationLedger.Build([new PopulationRecord("A", Day, 8000, 2000, "synthetic")], []).Value, [],
            SphereStandards.Default with { Phase = ResponsePhase.Later }), "A");
        Assert.Equal(500, later.Check(CapacityPlanner.Latrines).Needed);
    }

    [Fact]
    public void The_share_of_people_farther_than_500_m_from_water_matches_the_geometry()
    {
        // Open land is the 500 m x 1,000 m eastern half with the only working water point at its centre. The part of
        // it beyond 500 m: 2 * (250,000 - (250 * sqrt(500^2 - 250^2) + 500^2 * asin(0.5))) = 21,694 m2 of 500,000.
        var report = CapacityPlanner.ForArea(Scene(), "A");

        Assert.Equal(21_694.0 / 500_000, report.ShareFartherThanWaterLimit!.Value, 0.006);
        Assert.Equal(Verdict.NotMet, report.Check(CapacityPlanner.WaterDistance).Verdict);
        Assert.Equal(1, report.WaterPoints);
    }

    [Fact]
    public void Habitable_housing_is_intact_structures_times_household_size_against_people()
    {
        var area = Assert.Single(HousingPlanner.Areas(Scene()));
        var block = Assert.Single(HousingPlanner.Blocks(Scene()));

        Assert.Equal((10, 3, 7), (area.Structures, area.Damaged, area.Intact));
        Assert.Equal(38.5, area.Capacity, 9);
        Assert.Equal(38.5 - 10_000, area.Surplus!.Value, 9);
        Assert.Equal(Verdict.NotMet, area.Verdict);
        Assert.Equal("2", block.Code);
        Assert.Equal(10_000, block.People!.Value, 9);
    }

    [Fact]
    public void A_return_is_blocked_by_an_order_and_by_missing_services_and_ranks_blocks_by_readiness()
    {
        var ledger = PopulationLedger.Build([new PopulationRecord("A", Day, 8000, 0, "synthetic"), new PopulationRecord("H", Day, 0, 0, "synthetic")],
            [new Movement("H", "A", Day, 0 + 1, "synthetic")]);
        Assert.False(ledger.Succeeded); // nobody is in H to move: refused
        var (withHome, people) = Homecoming(homeAssessed: true);

        var report = ReturnPlanner.Assess(withHome, people, "A", "H").Value;

        Assert.Equal(20, report.People);
        Assert.Equal(8020, report.FromBefore.People);
        Assert.Equal(8000, report.FromAfter.People);
        Assert.Equal(30, report.ToAfter.People);
        Assert.Equal(4 * 5.5, report.Housing.Capacity, 9);
        Assert.Equal(22 - 10, report.SpareHousing, 9);
        Assert.True(report.UnderOrder);
        Assert.Equal(1, report.BlocksUnderOrder);
        Assert.Contains(report.Obstacles, o => o.Contains("evacuation order", StringComparison.Ordinal));
        // No hospital or clinic was ever recorded: that H has none working is not known, and is said so.
        Assert.Contains(report.Obstacles, o => o == "no hospital or clinic has been recorded anywhere, so health care in H is not known");
        Assert.DoesNotContain(report.Obstacles, o => o.Contains("no working hospital or clinic", StringComparison.Ordinal));
        Assert.Contains(report.Obstacles, o => o.Contains("room for 12 more people, not 20", StringComparison.Ordinal));
        Assert.False(report.Feasible);
        Assert.Equal([4, 3], report.BlockRanking.Select(b => b.Block));
        Assert.Equal((true, "ready"), (report.BlockRanking[0].WaterWithinLimit, report.BlockRanking[0].Note));
        Assert.Equal("under an evacuation order", report.BlockRanking[1].Note);
    }

    [Fact]
    public void A_return_says_services_are_missing_only_where_such_services_are_on_record_and_lists_what_it_lacked()
    {
        var scene = Scene();
        var home = new Area("H", "Home", "البيت", 1, null, Rect(2000, 0, 3000, 1000), "synthetic");
        var blocks = scene.Blocks.Append(new Block(3, "H", Rect(2000, 0, 3000, 1000), "synthetic")).ToList();
        var people = PopulationLedger.Build([new PopulationRecord("A", Day.AddDays(-10), 8000, 0, "synthetic"), new PopulationRecord("H", Day.AddDays(-10), 30, 0, "synthetic")],
            [new Movement("H", "A", Day.AddDays(-5), 20, "synthetic")]).Value;
        var clinic = new Site("C1", SiteKind.Clinic, "C1", "C1", At(750, 300), "working", Day, "synthetic");
        PlanningScene With(IReadOnlyList<Site> sites) =>
            new(Day, [scene.Areas[0], home], blocks, new HashSet<int> { 1 }, scene.Buildings, null, null, sites, people, []);

        var nothingRecorded = ReturnPlanner.Assess(With([]), people, "A", "H").Value;
        var recordedElsewhere = ReturnPlanner.Assess(With([clinic, Water("W1", 750, 500)]), people, "A", "H").Value;

        Assert.Contains("no water point has been recorded anywhere, so water in H is not known", nothingRecorded.Obstacles);
        Assert.Contains("no hospital or clinic has been recorded anywhere, so health care in H is not known", nothingRecorded.Obstacles);
        Assert.Equal("water access not known (no water point recorded)", Assert.Single(nothingRecorded.BlockRanking).Note);
        Assert.Contains("no working water point in H", recordedElsewhere.Obstacles);
        Assert.Contains("no working hospital or clinic in H", recordedElsewhere.Obstacles);
        // No damage assessment: housing is unknown, and every report says what it lacked.
        Assert.Contains("building damage: no assessment on or before the date (housing unknown)", nothingRecorded.Housing.Missing);
        Assert.Contains("water points: none recorded anywhere (distance to water and taps unknown)", nothingRecorded.Missing);
        Assert.DoesNotContain(recordedElsewhere.Missing, m => m.StartsWith("water points", StringComparison.Ordinal));
    }

    [ReferenceFact]
    public void Gaza_governorates_with_their_population_give_densities_near_the_published_figures()
    {
        var governorates = GeoJsonReader.Read(ReferenceData.File("governorates.geojson")).Value;
        var areas = governorates.Features.Select(f => new Area((string)f.Feature.Attributes["adm2_pcode"], (string)f.Feature.Attributes["adm2_name"], "", 2, "PS02", f.Feature.Geometry, "OCHA COD-AB")).ToList();
        var table = CsvTable.Read(ReferenceData.File("population_governorates.csv")).Value;
        var records = PopulationTables.ReadPopulation(table, new DateOnly(2023, 10, 1)).Value;
        var scene = new PlanningScene(new DateOnly(2023, 10, 1), areas, [], new HashSet<int>(), [], null, null, [], PopulationLedger.Build(records, []).Value, []);

        var reports = areas.Select(a => CapacityPlanner.ForArea(scene, a.Pcode)).ToList();

        // The strip is about 365 km2; Gaza governorate's 754,000 people on about 74 km2 is about 10,200 per km2.
        Assert.Equal(365e6, reports.Sum(r => r.LandAreaM2), 365e6 * 0.06);
        var gaza = reports.Single(r => r.Code == "PS0260");
        Assert.Equal(754_000 / 74.0, gaza.PeoplePerKm2!.Value, 754_000 / 74.0 * 0.15);
        Assert.Equal(gaza.UsableAreaM2 / 754_000, gaza.UsableM2PerPerson!.Value, 9);
        Assert.Equal(2_227_820, reports.Sum(r => r.People));
        Assert.All(reports, r => Assert.Equal(Verdict.Unknown, r.Check(CapacityPlanner.Latrines).Verdict));
    }

    [ReferenceFact]
    public void Al_mawasi_holding_400000_people_gives_about_17_m2_each_far_short_of_45()
    {
        var mawasi = GeoJsonReader.Read(ReferenceData.File("humanitarian_area_mawasi.geojson")).Value.Features.Single().Feature.Geometry;
        var governorates = GeoJsonReader.Read(ReferenceData.File("governorates.geojson")).Value;
        var land = governorates.Features.Select(f => new Area((string)f.Feature.Attributes["adm2_pcode"], "", "", 2, null, f.Feature.Geometry, "OCHA")).ToList();
        var empty = PopulationLedger.Build([], []).Value;
        var open = new PlanningScene(new DateOnly(2024, 5, 1), [], [], new HashSet<int>(), [], null, null, [], empty, []);
        var onLand = new PlanningScene(new DateOnly(2024, 5, 1), land, [], new HashSet<int>(), [], null, null, [], empty, []);

        var drawn = CapacityPlanner.For(open, "mawasi", "al-Mawasi", mawasi, 400_000, "given");
        var clipped = CapacityPlanner.For(onLand, "mawasi", "al-Mawasi", mawasi, 400_000, "given");

        // Hand computation on the drawing's 7 vertices (planar, scaled at 31.4 N): 6.683 km2, 16.71 m2 per person.
        Assert.Equal(6.683e6, drawn.TotalAreaM2, 6.683e6 * 0.01);
        Assert.Equal(16.71, drawn.UsableM2PerPerson!.Value, 0.2);
        Assert.Equal(45 - 16.71, drawn.ShortfallM2PerPerson!.Value, 0.2);
        Assert.Equal(Verdict.NotMet, drawn.Check(CapacityPlanner.SiteArea).Verdict);
        Assert.Equal(Verdict.NotMet, drawn.Check(CapacityPlanner.SiteAreaWithoutPlots).Verdict);
        Assert.Equal(18_000_000, drawn.Check(CapacityPlanner.SiteArea).Needed);
        // Clipped to the governorates (the land), no more area and so no more room.
        Assert.True(clipped.UsableAreaM2 <= drawn.UsableAreaM2 + 1);
        Assert.Equal(clipped.UsableAreaM2 / 400_000, clipped.UsableM2PerPerson!.Value, 9);
        // No water point recorded anywhere: how far people are from water is unknown, not "everyone too far".
        Assert.Null(drawn.ShareFartherThanWaterLimit);
        Assert.Equal(Verdict.Unknown, drawn.Check(CapacityPlanner.WaterDistance).Verdict);
    }

    /// <summary>
    /// The scene of <see cref="Scene"/> with <paramref name="people"/> in area A, where the assessment made a call on
    /// buildings 1-7 only (1-3 damaged, 4-7 intact): 8, 9 and 10 had no radar data over them.
    /// </summary>
    private static PlanningScene PartlyAssessed(int people)
    {
        var scene = Scene();
        var ledger = PopulationLedger.Build([new PopulationRecord("A", Day, people, 0, "synthetic")], []).Value;
        return new PlanningScene(Day, scene.Areas, scene.Blocks, scene.BlocksUnderOrder, scene.Buildings, scene.Damaged,
            new HashSet<string> { "1", "2", "3", "4", "5", "6", "7" }, scene.WorkingSites, ledger, []);
    }

    [Theory]
    [InlineData(22, Verdict.Met)] // the 4 intact structures house 22: enough without the unknown ones
    [InlineData(30, Verdict.Unknown)] // enough only if some of the 3 unknown ones are intact
    [InlineData(39, Verdict.NotMet)] // not enough even were all 3 intact (7 x 5.5 = 38.5)
    public void Housing_counts_structures_with_no_radar_data_as_unknown_and_gives_a_verdict_only_where_they_cannot_change_it(int people, Verdict verdict)
    {
        var housing = HousingPlanner.Areas(PartlyAssessed(people)).Single();

        Assert.Equal((10, 3, 4, 3), (housing.Structures, housing.Damaged, housing.Intact, housing.NotAssessed));
        Assert.Equal(4 * 5.5, housing.Capacity, 9);
        Assert.Null(housing.Surplus); // not a figure while 3 structures could go either way
        Assert.Equal(verdict, housing.Verdict);
        Assert.Contains("building damage: 3 of 10 structures not assessed (no radar data over them)", housing.Missing);
    }

    [Fact]
    public void Covered_space_counts_only_footprints_known_intact_and_is_unknown_where_the_unassessed_ones_would_decide_it()
    {
        // 120 people need 420 m2 covered: the 4 known-intact footprints give 400, with the 3 unknown ones 700.
        var unknown = CapacityPlanner.ForArea(PartlyAssessed(120), "A");
        var met = CapacityPlanner.ForArea(PartlyAssessed(100), "A");
        var notMet = CapacityPlanner.ForArea(PartlyAssessed(250), "A");

        Assert.Equal((420.0, 400.0, Verdict.Unknown), (unknown.Check(CapacityPlanner.CoveredSpace).Needed, unknown.Check(CapacityPlanner.CoveredSpace).Present!.Value, unknown.Check(CapacityPlanner.CoveredSpace).Verdict));
        Assert.Equal(Verdict.Met, met.Check(CapacityPlanner.CoveredSpace).Verdict);
        Assert.Equal(Verdict.NotMet, notMet.Check(CapacityPlanner.CoveredSpace).Verdict);
        Assert.Contains("building damage: 3 of 10 structures not assessed (no radar data over them)", unknown.Missing);
        Assert.EndsWith("; 300 m2 of footprints not assessed for damage, counted neither way", unknown.Check(CapacityPlanner.CoveredSpace).Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scene_is_refused_when_it_knows_the_damaged_buildings_but_not_which_were_assessed()
    {
        var scene = Scene();
        var error = Assert.Throws<ArgumentException>(() => new PlanningScene(Day, scene.Areas, scene.Blocks, scene.BlocksUnderOrder, scene.Buildings,
            scene.Damaged, null, scene.WorkingSites, PopulationLedger.Build([], []).Value, []));
        Assert.Equal("assessed", error.ParamName);
    }

    [Fact]
    public void A_return_to_blocks_the_radar_did_not_see_gives_their_intact_share_as_unknown_and_says_their_housing_is_not_known()
    {
        // As in the return test above, but the assessment made no call on home's four buildings (100-103).
        var (unseen, people) = Homecoming(homeAssessed: false);

        var report = ReturnPlanner.Assess(unseen, people, "A", "H").Value;

        Assert.Equal((4, 0, 4), (report.Housing.Structures, report.Housing.Intact, report.Housing.NotAssessed));
        Assert.Contains(report.Obstacles, o => o.EndsWith("; 4 of its 4 structures are not assessed (no radar data over them)", StringComparison.Ordinal));
        var block4 = report.BlockRanking.Single(b => b.Block == 4);
        Assert.Null(block4.IntactShare);
        Assert.Equal("housing not known (no building assessed)", block4.Note);
        Assert.Single(report.Missing, m => m.StartsWith("building damage:", StringComparison.Ordinal));
    }
}
