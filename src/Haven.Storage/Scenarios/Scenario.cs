using Haven.Damage.Buildings;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Sites;
using Haven.Protection.Zones;

namespace Haven.Storage.Scenarios;

/// <summary>
/// Every vector layer of a scenario, in WGS 84, plus what describes it. A scenario is what `haven simulate`
/// writes as a folder and what the store loads in one transaction, with the planning tables beside them.
/// </summary>
public sealed record Scenario(
    ScenarioInfo Info,
    IReadOnlyList<Area> Areas,
    IReadOnlyList<Block> Blocks,
    IReadOnlyList<Building> Buildings,
    IReadOnlyList<Site> Sites,
    IReadOnlyList<Zone> Zones,
    IReadOnlyList<EvacuationOrder> Orders,
    IReadOnlyList<PopulationRecord> Population,
    Planning.PlanningData Planning);

/// <summary>What a scenario is: its name, whether it is synthetic, how it was made and where it lies.</summary>
public sealed record ScenarioInfo(
    string Name,
    bool Synthetic,
    string Description,
    ulong Seed,
    int ProjectedEpsg,
    DateOnly EventDate,
    string Source);
