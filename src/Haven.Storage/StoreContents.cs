using System.Globalization;

namespace Haven.Storage;

/// <summary>How many records of each kind a store holds, to decide whether it is empty and to say what it holds.</summary>
public sealed record StoreContents(
    long Areas, long Blocks, long Buildings, long Sites, long Zones, long Orders, long Places,
    long Population, long PlanningTables, long Assessments, long Publications, string? ScenarioName)
{
    /// <summary>True when the store holds no layer, table, assessment, publication or scenario at all (keys and the audit log aside).</summary>
    public bool IsEmpty => ScenarioName is null && Areas + Blocks + Buildings + Sites + Zones + Orders + Places + Population + PlanningTables + Assessments + Publications == 0;

    /// <summary>What the store holds, in words: "603 blocks, 110 evacuation orders, 603 sites (no scenario)".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        void Add(long n, string one, string many)
        {
            if (n > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many)}"));
            }
        }

        Add(Areas, "area", "areas");
        Add(Blocks, "block", "blocks");
        Add(Buildings, "building", "buildings");
        Add(Sites, "site", "sites");
        Add(Zones, "zone version", "zone versions");
        Add(Orders, "evacuation order", "evacuation orders");
        Add(Places, "place", "places");
        Add(Population, "population record", "population records");
        Add(PlanningTables, "planning table", "planning tables");
        Add(Assessments, "assessment", "assessments");
        Add(Publications, "publication", "publications");
        string what = parts.Count == 0 ? "nothing" : string.Join(", ", parts);
        return ScenarioName is null ? $"{what} (no scenario)" : $"{what} (scenario '{ScenarioName}')";
    }
}

/// <summary>What loading a scenario did.</summary>
public enum ScenarioLoad
{
    /// <summary>The store was empty; the scenario is now in it.</summary>
    Loaded,

    /// <summary>The store already held this scenario (same name, seed and source); nothing was changed.</summary>
    AlreadyLoaded,

    /// <summary>Asked to replace: every layer the store held was deleted and the scenario loaded in its place.</summary>
    Replaced,
}
