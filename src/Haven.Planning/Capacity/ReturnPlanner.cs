using Haven.Geo;
using NetTopologySuite.Geometries.Prepared;

namespace Haven.Planning.Capacity;

/// <summary>
/// How ready one block of the destination is to take people back. <see cref="IntactShare"/> is the share of its
/// assessed structures called intact, null when none was assessed (no radar data over the block, or no assessment).
/// </summary>
public sealed record BlockReadiness(int Rank, int Block, bool UnderOrder, int Structures, int Intact, double? IntactShare, double Capacity,
    double? NearestWaterM, double? NearestHealthM, bool WaterWithinLimit, string Note);

/// <summary>
/// Can people displaced in area A go back to area B as of a date: B's housing, its working health sites and water
/// points, whether B is under an evacuation order, the Sphere checks of A and B before and after the move, and
/// B's blocks ranked by readiness.
/// </summary>
public sealed record ReturnReport(
    string From, string To, DateOnly AsOf, long People, string PeopleBasis,
    HousingReport Housing, double SpareHousing, int WorkingHealthSites, int WorkingWaterPoints,
    int Blocks, int BlocksUnderOrder, bool UnderOrder,
    CapacityReport FromBefore, CapacityReport FromAfter, CapacityReport ToBefore, CapacityReport ToAfter,
    IReadOnlyList<BlockReadiness> BlockRanking, IReadOnlyList<string> Obstacles)
{
    /// <summary>The inputs the return's figures lacked (from its housing and its four capacity reports), in words.</summary>
    public IReadOnlyList<string> Missing => [.. Housing.Missing.Concat(FromBefore.Missing).Concat(ToBefore.Missing).Distinct(StringComparer.Ordinal)];

    /// <summary>True when nothing stands in the way: no order, housing for everyone moving, a working water point and health site.</summary>
    public bool Feasible => Obstacles.Count == 0;
}

public static class ReturnPlanner
{
    /// <summary>
    /// The return of <paramref name="people"/> from <paramref name="from"/> to <paramref name="to"/> (by default, everyone
    /// whose home is <paramref name="to"/> and who is in <paramref name="from"/> on the date).
    /// </summary>
    public static Outcome<ReturnReport> Assess(PlanningScene scene, Population.PopulationLedger ledger, string from, string to, long? people = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(ledger);
        if (people is < 0)
        {
            return Outcome<ReturnReport>.Failure("return.people", $"people (--people): {people} is not a number of people; expected 0 or more.");
        }

        if (scene.Area(from) is null || scene.Area(to) is null)
        {
            return Outcome<ReturnReport>.Failure("return.area", $"Unknown area {(scene.Area(from) is null ? from : to)}; expected one of {string.Join(", ", scene.Areas.Select(a => a.Pcode))}.");
        }

        if (from == to)
        {
            return Outcome<ReturnReport>.Failure("return.same", "A return needs two different areas.");
        }

        long present = scene.People.GetValueOrDefault(from)?.Present ?? 0;
        long moving = people ?? ledger.PeopleFrom(to, from, scene.AsOf);
        string basis = people is null ? $"people whose home is {to} present in {from}" : "given";
        if (moving < 0 || moving > present)
        {
            return Outcome<ReturnReport>.Failure("return.people", $"{moving:N0} people cannot leave {from}: {present:N0} are there on {scene.AsOf:yyyy-MM-dd}.");
        }

        var fromBefore = CapacityPlanner.ForArea(scene, from);
        var toBefore = CapacityPlanner.ForArea(scene, to);
        var fromAfter = CapacityPlanner.ForArea(scene, from, fromBefore.People - moving);
        var toAfter = CapacityPlanner.ForArea(scene, to, toBefore.People + moving);
        var housing = HousingPlanner.Areas(scene).First(h => h.Code == to);
        double spare = housing.Capacity - toBefore.People;

        var area = scene.Area(to)!;
        var inside = PreparedGeometryFactory.Prepare(area.Boundary);
        int health = scene.WorkingSites.Count(s => s.Kind is Protection.Sites.SiteKind.Hospital or Protection.Sites.SiteKind.Clinic && inside.Contains(s.Location));
        int water = scene.WorkingSites.Count(s => s.Kind == Protection.Sites.SiteKind.WaterPoint && inside.Contains(s.Location));
        var blocks = scene.Blocks.Where(b => b.AreaPcode == to || (b.AreaPcode is null && inside.Contains(b.Boundary.InteriorPoint))).ToList();
        int ordered = blocks.Count(b => scene.BlocksUnderOrder.Contains(b.Number));

        var obstacles = new List<string>();
        if (ordered > 0)
        {
            obstacles.Add($"{ordered} of {blocks.Count} blocks of {to} are under an evacuation order");
        }

        if (scene.Damaged is null)
        {
            obstacles.Add($"no damage assessment covers {scene.AsOf:yyyy-MM-dd}, so housing is not known");
        }
        else if (spare < moving)
        {
            obstacles.Add(housing.NotAssessed > 0
                ? $"housing known to be intact in {to} has room for {Math.Max(0, spare):N0} more people, not {moving:N0}; {housing.NotAssessed:N0} of its {housing.Structures:N0} structures are not assessed (no radar data over them)"
                : $"intact housing in {to} has room for {Math.Max(0, spare):N0} more people, not {moving:N0}");
        }

        // Without any site of a kind on record, its absence is unknown, and said so, never taken as a fact.
        if (!scene.Recorded(Protection.Sites.SiteKind.Hospital) && !scene.Recorded(Protection.Sites.SiteKind.Clinic))
        {
            obstacles.Add($"no hospital or clinic has been recorded anywhere, so health care in {to} is not known");
        }
        else if (health == 0)
        {
            obstacles.Add($"no working hospital or clinic in {to}");
        }

        if (!scene.WaterPointsRecorded)
        {
            obstacles.Add($"no water point has been recorded anywhere, so water in {to} is not known");
        }
        else if (water == 0)
        {
            obstacles.Add($"no working water point in {to}");
        }

        return new ReturnReport(from, to, scene.AsOf, moving, basis, housing, spare, health, water, blocks.Count, ordered, ordered > 0,
            fromBefore, fromAfter, toBefore, toAfter, Rank(scene, to, blocks), obstacles);
    }

    /// <summary>
    /// Blocks ranked, in order of: not under an evacuation order; a working water point within the Sphere distance;
    /// share of intact structures among those assessed (higher first, unknown last); distance to the nearest working health site (nearer first).
    /// </summary>
    private static List<BlockReadiness> Rank(PlanningScene scene, string area, IReadOnlyList<Protection.Areas.Block> blocks)
    {
        var housing = HousingPlanner.Blocks(scene, area).ToDictionary(h => h.Code, StringComparer.Ordinal);
        double limit = scene.Standards.MaxDistanceToWaterM;
        var rows = blocks.Select(b =>
        {
            var centre = b.Boundary.InteriorPoint;
            double? waterM = scene.WaterPoints?.Nearest(centre.X, centre.Y, 1)[0].DistanceMetres;
            double? healthM = scene.HealthSites?.Nearest(centre.X, centre.Y, 1)[0].DistanceMetres;
            var h = housing.GetValueOrDefault(b.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            int structures = h?.Structures ?? 0, intact = h?.Intact ?? 0;
            bool underOrder = scene.BlocksUnderOrder.Contains(b.Number);
            bool near = waterM <= limit;
            int assessed = structures - (h?.NotAssessed ?? 0);
            double? share = assessed > 0 ? (double)intact / assessed : null;
            string note = underOrder ? "under an evacuation order"
                : !scene.WaterPointsRecorded ? "water access not known (no water point recorded)"
                : !near ? $"no working water point within {limit:0} m" : structures == 0 ? "no structures mapped"
                : assessed == 0 ? "housing not known (no building assessed)" : "ready";
            return (Block: b.Number, underOrder, structures, intact, share, capacity: h?.Capacity ?? 0, waterM, healthM, near, note);
        })
        .OrderBy(r => r.underOrder).ThenByDescending(r => r.near).ThenByDescending(r => r.share).ThenBy(r => r.healthM ?? double.MaxValue).ThenBy(r => r.Block)
        .ToList();
        return [.. rows.Select((r, i) => new BlockReadiness(i + 1, r.Block, r.underOrder, r.structures, r.intact, r.share is double s ? Math.Round(s, 4) : null, r.capacity,
            r.waterM is double w ? Math.Round(w) : null, r.healthM is double d ? Math.Round(d) : null, r.near, r.note))];
    }
}
