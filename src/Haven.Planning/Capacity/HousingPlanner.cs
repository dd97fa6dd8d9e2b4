using Haven.Damage.Buildings;

namespace Haven.Planning.Capacity;

/// <summary>
/// Habitable housing in an area or block: structures, those an assessment called damaged, those it called intact,
/// the people the intact ones can house (intact x households per structure x household size), against the people
/// there. Structures with no call (no radar data over them) are counted apart, as unknown: the verdict is "met" only
/// if the intact ones suffice, "not met" only if they would not suffice even were every unknown one intact, and
/// otherwise unknown, with no surplus figure. A block's people are estimated from its area's, in proportion to its share of the area's structures.
/// </summary>
public sealed record HousingReport(string Code, string Name, string Level, int Structures, int Damaged, int Intact, double Capacity,
    double? People, double? Surplus, Verdict Verdict, bool DamageKnown)
{
    /// <summary>Structures neither called damaged nor intact (every structure when no assessment covers the date).</summary>
    public int NotAssessed { get; init; }

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
            return Report(scene, a.Pcode, a.NameEn, "area", buildings, people);
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
                return Report(scene, code, $"block {code}", "block", [.. g], people);
            })];
    }

    public static double CapacityOf(SphereStandards s, int intact)
    {
        ArgumentNullException.ThrowIfNull(s);
        return intact * s.HouseholdsPerStructure * s.HouseholdSize;
    }

    private static HousingReport Report(PlanningScene scene, string code, string name, string level, List<Building> buildings, double? people)
    {
        int structures = buildings.Count, damaged = buildings.Count(scene.IsDamaged), intact = buildings.Count(scene.IsIntact);
        int unknown = structures - damaged - intact;
        double capacity = CapacityOf(scene.Standards, intact);
        // The surplus is a figure only when every structure has a call; otherwise the verdict and `missing` say what is known.
        double? surplus = people is double p && unknown == 0 ? capacity - p : null;
        var verdict = people is not double q ? Verdict.Unknown
            : capacity >= q ? Verdict.Met
            : CapacityOf(scene.Standards, intact + unknown) < q ? Verdict.NotMet
            : Verdict.Unknown;
        var missing = new List<string>();
        if (scene.Damaged is null)
        {
            missing.Add("building damage: no assessment on or before the date (housing unknown)");
        }
        else if (unknown > 0)
        {
            missing.Add(PlanningScene.UnassessedNote(unknown, structures));
        }

        if (people is null)
        {
            missing.Add("population: no count for this area on or before the date");
        }

        return new HousingReport(code, name, level, structures, damaged, intact, capacity, people, surplus, verdict, scene.Damaged is not null) { NotAssessed = unknown, Missing = missing };
    }
}
