using Haven.Protection.Registry;
using Haven.Storage.Scenarios;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Layers;

/// <summary>
/// The map layers Haven publishes, each as a GeoJSON feature collection read from the store. Zones and
/// evacuation orders are answered as of a date: the versions valid and the orders in force on that day.
/// Stateless and thread-safe.
/// </summary>
public sealed class LayerCatalog(IHavenStore store)
{
    /// <summary>Layer names, in drawing order from bottom to top.</summary>
    public static readonly IReadOnlyList<string> Names = ["areas", "blocks", "buildings", "zones", "orders", "sites"];

    public static bool IsDated(string layer) => layer is "zones" or "orders";

    public static bool Exists(string layer) => Names.Contains(layer, StringComparer.Ordinal);

    /// <summary>The layer's features, or null when there is no such layer.</summary>
    public async Task<FeatureCollection?> GetAsync(string layer, DateOnly asOf, Envelope? within = null, CancellationToken cancellationToken = default)
    {
        switch (layer)
        {
            case "areas":
                return LayerFeatures.Collection((await store.GetAreasAsync(cancellationToken)).Select(LayerFeatures.From));
            case "blocks":
                return LayerFeatures.Collection((await store.GetBlocksAsync(cancellationToken)).Select(LayerFeatures.From));
            case "buildings":
                return LayerFeatures.Collection((await store.GetBuildingsAsync(within, cancellationToken)).Select(LayerFeatures.From));
            case "sites":
                return LayerFeatures.Collection((await store.GetSitesAsync(cancellationToken)).Select(LayerFeatures.From));
            case "zones":
            case "orders":
                var registry = new ProtectionRegistry(await store.GetZonesAsync(cancellationToken), await store.GetOrdersAsync(cancellationToken));
                if (layer == "zones")
                {
                    return LayerFeatures.Collection(registry.ZonesAsOf(asOf).Select(LayerFeatures.From));
                }

                var blocks = (await store.GetBlocksAsync(cancellationToken)).ToDictionary(b => b.Number);
                return LayerFeatures.Collection(registry.OrdersAsOf(asOf).Select(o => LayerFeatures.From(o, blocks)));
            default:
                return null;
        }
    }
}
