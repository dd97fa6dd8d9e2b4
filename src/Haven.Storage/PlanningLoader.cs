using Haven.Geo;
using Haven.Planning;
using Haven.Planning.Capacity;
using Haven.Planning.Population;
using Haven.Protection.Registry;
using Haven.Protection.Sites;

namespace Haven.Storage;

/// <summary>What the planning questions are asked of, read from a store as of a date.</summary>
public sealed record PlanningInputs(PlanningScene Scene, PopulationLedger Population, PlanningData Data, string? AssessmentId);

/// <summary>Reads a <see cref="PlanningScene"/> for a date from a store: the same for the command line and the server.</summary>
public static class PlanningLoader
{
    public static async Task<Outcome<PlanningInputs>> LoadAsync(IHavenStore store, DateOnly asOf, SphereStandards? standards = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var data = await store.GetPlanningDataAsync(cancellationToken);
        var ledger = PopulationLedger.Build(await store.GetPopulationAsync(cancellationToken), data.Movements);
        if (!ledger.Succeeded)
        {
            return ledger.Problem!;
        }

        var registry = new ProtectionRegistry(await store.GetZonesAsync(cancellationToken), await store.GetOrdersAsync(cancellationToken));
        var underOrder = registry.BlocksUnderOrderAsOf(asOf).Keys.ToHashSet();

        // Damage: the newest assessment's calls on its latest inference date on or before asOf (unknown when none is that old).
        var assessments = await store.ListAssessmentsAsync(cancellationToken);
        string? id = assessments.Count == 0 ? null : assessments[0].Id;
        HashSet<long>? damaged = null;
        if (id is not null && assessments[0].InferenceDates.Where(d => d <= asOf).DefaultIfEmpty().Max() is var inference && inference != default)
        {
            damaged = [.. (await store.GetBuildingDamageAsync(id, cancellationToken)).Where(d => d.Inference == inference && d.Damaged).Select(d => d.BuildingId)];
        }

        // Sites as they stood on the date: a site whose status changed after it is read from its history.
        var sites = new List<Site>();
        foreach (var site in await store.GetSitesAsync(cancellationToken))
        {
            if (site.StatusSince <= asOf)
            {
                sites.Add(site);
                continue;
            }

            var earlier = (await store.GetSiteHistoryAsync(site.Id, cancellationToken)).Where(h => h.StatusSince <= asOf).MaxBy(h => h.StatusSince);
            if (earlier is not null)
            {
                sites.Add(site with { Status = earlier.Status, StatusSince = earlier.StatusSince });
            }
        }

        var scene = new PlanningScene(asOf, await store.GetAreasAsync(cancellationToken), await store.GetBlocksAsync(cancellationToken), underOrder,
            await store.GetBuildingsAsync(null, cancellationToken), damaged, sites, ledger.Value, data.Services, standards);
        return new PlanningInputs(scene, ledger.Value, data, damaged is null ? null : id);
    }
}
