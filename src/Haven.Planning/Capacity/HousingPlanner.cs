namespace Haven.Planning.Capacity;

/// <summary>
/// Habitable housing in an area or block: structures, those an assessment called damaged, the intact ones,
/// the people they can house (intact x households per structure x household size), against the people there.
/// A block's people are estimated from its area's, in proportion to its share of the area's structures.
/// </summary>
public sealed record HousingReport(string Code, string Name, string Level, int Structures, int Damaged, int Intact, double Capacity,
    double? People, double? Surplus, Verdict Verdict, bool DamageKnown)
{
    /// <summary>The inputs this report lacked, in words; empty when it had all.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}

public static class HousingPlanner
{
    public static IReadOnlyList<HousingReport> Areas(PlanningScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var byArea = scene.Buildings.GroupBy(b => b.AreaPcode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. scene.Areas.Select(a =>
        {
            var buildings = byArea.GetValueOrDefault(a.Pcode) ?? [];
            double? people = scene.People.GetValueOrDefault(a.Pcode)?.Present;
            return Report(scene, a.Pcode, a.NameEn, "area", buildings.Count, buildings.Count(scene.IsDamaged), people);
        })];
    }

    /// <summary>Blocks (of one area, or all), by block number.</summary>
    public static IReadOnlyList<HousingReport> Blocks(PlanningScene scene, string? areaCode = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var areaStructures = scene.Buildings.GroupBy(b => b.AreaPcode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. scene.Buildings.Where(b => areaCode is null || b.AreaPcode == areaCode)
            .GroupBy(b => (b.Block, b.AreaPcode)).OrderBy(g => g.Key.Block)
            .Select(g =>
            {
                double? areaPeople = scene.People.GetValueOrDefault(g.Key.AreaPcode)?.Present;
                double? people = areaPeople is double p && areaStructures.TryGetValue(g.Key.AreaPcode, out int all) && all > 0 ? p * g.Count() / all : null;
                string code = g.Key.Block.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Report(scene, code, $"block {code}", "block", g.Count(), g.Count(scene.IsDamaged), people);
            })];
    }

    public static double CapacityOf(SphereStandards s, int intact)
    {
        ArgumentNullException.ThrowIfNull(s);
        return intact * s.HouseholdsPerStructure * s.HouseholdSize;
    }

    private static HousingReport Report(PlanningScene scene, string code, string name, string level, int structures, int damaged, double? people)
    {
        int intact = structures - damaged;
        double capacity = CapacityOf(scene.Standards, intact);
        double? surplus = people is double p ? capacity - p : null;
        var verdict = surplus is null ? Verdict.Unknown : surplus >= 0 ? Verdict.Met : Verdict.NotMet;
        var missing = new List<string>();
        if (scene.Damaged is null)
        {
            missing.Add("building damage: no assessment on or before the date (housing unknown)");
        }

        if (people is null)
        {
            missing.Add("population: no count for this area on or before the date");
        }

        return new HousingReport(code, name, level, structures, damaged, intact, capacity, people, surplus, verdict, scene.Damaged is not null) { Missing = missing };
    }
}
