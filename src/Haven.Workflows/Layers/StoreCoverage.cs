using Haven.Storage;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Layers;

/// <summary>
/// What one layer in the store covers: how many features, their extent (WGS 84: west, south, east, north; null
/// when the layer is empty or has no geometry) and, for dated layers, the first and last date it speaks for.
/// </summary>
public sealed record LayerCoverage(string Layer, int Count, double[]? Bbox, DateOnly? From, DateOnly? To);

/// <summary>
/// The extent and dates the store's layers cover, layer by layer, so that a client can tell what Haven can answer
/// for before it asks: a place outside every area and block is outside the area Haven covers, and a date before a
/// dated layer's first record is one the layer says nothing about.
/// </summary>
public static class StoreCoverage
{
    public static async Task<IReadOnlyList<LayerCoverage>> ReadAsync(IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var areas = await store.GetAreasAsync(cancellationToken);
        var blocks = await store.GetBlocksAsync(cancellationToken);
        var buildings = await store.GetBuildingsAsync(null, cancellationToken);
        var sites = await store.GetSitesAsync(cancellationToken);
        var zones = await store.GetZonesAsync(cancellationToken);
        var orders = await store.GetOrdersAsync(cancellationToken);
        var places = await store.GetPlacesAsync(cancellationToken);
        var population = await store.GetPopulationAsync(cancellationToken);
        var damageSites = await store.GetDamageSitesAsync(cancellationToken);
        var assessments = await store.ListAssessmentsAsync(cancellationToken);
        var blockBounds = blocks.ToDictionary(b => b.Number, b => b.Boundary.EnvelopeInternal);
        var siteDates = damageSites.SelectMany(s => s.Site.Classes.Select(c => c.Date)).ToList();
        var inference = assessments.SelectMany(a => a.InferenceDates).ToList();
        var counted = population.Select(p => p.AreaPcode).ToHashSet(StringComparer.Ordinal);
        return
        [
            new("areas", areas.Count, Bbox(areas.Select(a => a.Boundary.EnvelopeInternal)), null, null),
            new("blocks", blocks.Count, Bbox(blockBounds.Values), null, null),
            new("buildings", buildings.Count, Bbox(buildings.Select(b => b.Footprint.EnvelopeInternal)), null, null),
            new("sites", sites.Count, Bbox(sites.Select(s => s.Location.EnvelopeInternal)), Min(sites.Select(s => s.StatusSince)), null),
            new("zones", zones.Count, Bbox(zones.Select(z => z.Boundary.EnvelopeInternal)), Min(zones.Select(z => z.ValidFrom)), null),
            new("orders", orders.Count, Bbox(orders.SelectMany(o => o.Blocks).Where(blockBounds.ContainsKey).Select(b => blockBounds[b])),
                Min(orders.Select(o => o.EffectiveFrom)), Max(orders.Select(o => o.EffectiveFrom).Concat(orders.Where(o => o.LiftedOn is not null).Select(o => o.LiftedOn!.Value)))),
            new("places", places.Count, Bbox(places.Select(p => p.Location.EnvelopeInternal)), null, null),
            new("population", population.Count, Bbox(areas.Where(a => counted.Contains(a.Pcode)).Select(a => a.Boundary.EnvelopeInternal)),
                Min(population.Select(p => p.Date)), Max(population.Select(p => p.Date))),
            new("damage_sites", damageSites.Count, Bbox(damageSites.Select(s => s.Site.Location.EnvelopeInternal)), Min(siteDates), Max(siteDates)),
            new("assessments", assessments.Count, null, Min(inference), Max(inference)),
        ];
    }

    private static double[]? Bbox(IEnumerable<Envelope> envelopes)
    {
        var all = new Envelope();
        foreach (var e in envelopes)
        {
            all.ExpandToInclude(e);
        }

        return all.IsNull ? null : [Math.Round(all.MinX, 6), Math.Round(all.MinY, 6), Math.Round(all.MaxX, 6), Math.Round(all.MaxY, 6)];
    }

    private static DateOnly? Min(IEnumerable<DateOnly> dates) => dates.Select(d => (DateOnly?)d).Min();

    private static DateOnly? Max(IEnumerable<DateOnly> dates) => dates.Select(d => (DateOnly?)d).Max();
}
