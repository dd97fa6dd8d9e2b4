using Haven.Protection.Registry;
using Haven.Protection.Sites;
using Haven.Storage;
using Haven.Storage.Scenarios;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Layers;

/// <summary>
/// The map layers Haven publishes, each as a GeoJSON feature collection read from the store. Zones and
/// evacuation orders are answered as of a date: the versions valid and the orders in force on that day.
/// Stateless and thread-safe.
/// </summary>
public sealed class LayerCatalog(IHavenStore store)
{
    /// <summary>Layer names, in drawing order from bottom to top.</summary>
    public static readonly IReadOnlyList<string> Names = ["areas", "blocks", "buildings", "zones", "orders", "sites", "places", "damage_sites", "crossings"];

    /// <summary>Days up to the date over which the crossings layer counts trucks.</summary>
    public const int CrossingDays = 30;

    public static bool IsDated(string layer) => layer is "zones" or "orders" or "blocks" or "sites" or "damage_sites" or "crossings";

    public static bool Exists(string layer) => Names.Contains(layer, StringComparer.Ordinal);

    /// <summary>The layer's features, or null when there is no such layer.</summary>
    public async Task<FeatureCollection?> GetAsync(string layer, DateOnly asOf, Envelope? within = null, CancellationToken cancellationToken = default)
    {
        switch (layer)
        {
            case "areas":
                return LayerFeatures.Collection((await store.GetAreasAsync(cancellationToken)).Select(LayerFeatures.From));
            case "blocks":
            {
                // Each block with its evacuation status on the date: the order that put it there, and since when.
                var timeline = new ProtectionRegistry([], await store.GetOrdersAsync(cancellationToken));
                return LayerFeatures.Collection((await store.GetBlocksAsync(cancellationToken)).Select(b =>
                {
                    var feature = LayerFeatures.From(b);
                    var order = timeline.OrderFor(b.Number, asOf);
                    feature.Attributes.Add("under_order", order is not null);
                    feature.Attributes.Add("order_id", order?.Id);
                    feature.Attributes.Add("order_since", order is null ? null : LayerFeatures.Iso(order.EffectiveFrom));
                    return feature;
                }));
            }

            case "places":
                return LayerFeatures.Collection((await store.GetPlacesAsync(cancellationToken)).Select(LayerFeatures.From));
            case "buildings":
                return LayerFeatures.Collection((await store.GetBuildingsAsync(within, cancellationToken)).Select(LayerFeatures.From));
            case "sites":
            {
                // Each site as it stood on the date: a status changed later is read from the site's history; before
                // its first known status, the status is unknown. "working" says whether it was in service.
                var features = new List<IFeature>();
                foreach (var site in await store.GetSitesAsync(cancellationToken))
                {
                    var history = site.StatusSince <= asOf ? null : await store.GetSiteHistoryAsync(site.Id, cancellationToken);
                    var then = SiteState.SiteOn(site, history, asOf) ?? site with { Status = "unknown" };

                    var feature = LayerFeatures.From(then);
                    if (then.Status == "unknown")
                    {
                        feature.Attributes["status_since"] = null;
                    }

                    feature.Attributes.Add("working", then.Status != "unknown" && Planning.PlanningScene.IsWorking(then.Status));
                    features.Add(feature);
                }

                return LayerFeatures.Collection(features);
            }

            case "damage_sites":
            {
                // UNOSAT's sites as they stood on the date: each seen by then, with the class of its latest reading.
                var features = new List<IFeature>();
                foreach (var (layerId, site) in await store.GetDamageSitesAsync(cancellationToken))
                {
                    if (site.On(asOf) is not (DateOnly read, int cls) || (within is not null && !within.Intersects(site.Location.EnvelopeInternal)))
                    {
                        continue;
                    }

                    features.Add(new Feature(site.Location, new AttributesTable
                    {
                        { "layer", layerId },
                        { "site", site.Index },
                        { "class", cls },
                        { "damage", Haven.Damage.Unosat.DamageSites.ClassName(cls) },
                        { "read_on", LayerFeatures.Iso(read) },
                    }));
                }

                return LayerFeatures.Collection(features);
            }

            case "crossings":
            {
                // Each crossing with the trucks each source recorded through it in the 30 days to the date; the symbol's
                // size follows the largest single source, and every source's figure is listed (never added).
                var data = await store.GetPlanningDataAsync(cancellationToken);
                var flows = Planning.Aid.CrossingTrucks.For(data.Crossings, Planning.Aid.Deliveries.All(data), asOf.AddDays(1 - CrossingDays), asOf);
                var points = new GeometryFactory(new PrecisionModel(), 4326);
                return LayerFeatures.Collection(flows.Crossings.Select(f => (IFeature)new Feature(points.CreatePoint(new Coordinate(f.Crossing.Longitude, f.Crossing.Latitude)), new AttributesTable
                {
                    { "id", f.Crossing.Id },
                    { "name_en", f.Crossing.NameEn },
                    { "name_ar", f.Crossing.NameAr },
                    { "from", LayerFeatures.Iso(flows.From) },
                    { "to", LayerFeatures.Iso(flows.To) },
                    { "trucks_largest_source", f.LargestSourceTrucks },
                    { "trucks", string.Join("; ", f.Sources.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Source} {s.Trucks:0}{(s.Coverage.Length > 0 ? " (partial)" : "")}"))) },
                    { "source", f.Crossing.Source },
                })));
            }

            case "zones":
            case "orders":
                var registry = new ProtectionRegistry(await store.GetZonesAsync(cancellationToken), await store.GetOrdersAsync(cancellationToken));
                if (layer == "zones")
                {
                    return LayerFeatures.Collection(registry.ZonesAsOf(asOf).Select(LayerFeatures.From));
                }

                // Orders as the blocks they hold under evacuation on the date: a later map declaring a block safe
                // takes it out of the order that named it.
                // Orders on another edition of the block map are drawn from that edition's blocks.
                var blocks = (await store.GetBlocksAsync(cancellationToken)).ToDictionary(b => b.Number);
                var editions = (await store.GetBlockEditionsAsync(cancellationToken)).GroupBy(b => b.Edition, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToDictionary(b => b.Number), StringComparer.Ordinal);
                editions[Protection.Areas.Block.MainEdition] = blocks;
                return LayerFeatures.Collection(editions.Keys.SelectMany(e => registry.BlocksUnderOrderAsOf(e, asOf))
                    .GroupBy(x => x.Value.Id, StringComparer.Ordinal)
                    .OrderBy(g => g.First().Value.EffectiveFrom).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => LayerFeatures.From(g.First().Value with { Blocks = [.. g.Select(x => x.Key).Order()] }, editions[g.First().Value.Edition])));
            default:
                return null;
        }
    }
}
