using Haven.Protection.Lookup;
using Haven.Storage;

namespace Haven.Workflows.Layers;

/// <summary>Builds the protection lookup from what a store holds.</summary>
public static class StoreLookups
{
    public static async Task<ProtectionLookup> LoadLookupAsync(this IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new ProtectionLookup(await store.GetAreasAsync(cancellationToken), await store.GetBlocksAsync(cancellationToken),
            await store.GetZonesAsync(cancellationToken), await store.GetOrdersAsync(cancellationToken), await store.GetSitesAsync(cancellationToken),
            await store.GetPlacesAsync(cancellationToken), await store.GetBlockEditionsAsync(cancellationToken));
    }
}
