using Haven.Geo.GeoJson;
using Haven.Storage.Importers;
using Haven.Storage.Scenarios;
using NetTopologySuite.Features;

namespace Haven.Workflows.Importers;

/// <summary>
/// Layers Haven itself wrote (<c>haven export</c>, <c>/api/layers</c>, scenario files), recognised by their
/// property names and read back with their ids, sources and dates as written, so an export imports unchanged.
/// </summary>
public static class HavenLayers
{
    /// <summary>The kind of Haven layer the file's properties show, or null when it is not one of Haven's own.</summary>
    public static ReferenceLayerKind? Detect(GeoJsonReadResult file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sample = file.Features.Take(50).Select(f => f.Feature).ToList();
        if (sample.Count == 0)
        {
            return null;
        }

        bool All(params string[] names) => sample.All(f => names.All(n => f.Attributes?.Exists(n) == true));
        return All("id", "issued_at", "effective_from", "blocks", "status_en") ? ReferenceLayerKind.Orders
            : All("id", "version", "kind", "name_en", "name_ar", "valid_from") ? ReferenceLayerKind.Zone
            : All("id", "kind", "name_en", "name_ar", "status", "status_since", "source") ? ReferenceLayerKind.Health
            : All("pcode", "name_en", "name_ar", "level", "source") ? ReferenceLayerKind.Areas
            : All("id", "block", "pcode", "area_m2") ? ReferenceLayerKind.Buildings
            : All("block", "source") && !All("area_km2") ? ReferenceLayerKind.Blocks
            : All("id", "kind", "name_en", "name_ar", "source") ? ReferenceLayerKind.Places
            : null;
    }

    /// <summary>True when the file holds Haven's own features of <paramref name="kind"/>.</summary>
    public static bool Holds(GeoJsonReadResult file, ReferenceLayerKind kind) => Detect(file) == kind;

    /// <summary>Reads every feature as a record of the kind; a feature that does not fit is listed as a problem, naming it and the property.</summary>
    public static void Read(GeoJsonReadResult file, LayerBatch batch)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var (index, feature) in file.Features)
        {
            var a = new FeatureAttributes(feature, file.File, index);
            try
            {
                Add(batch, feature, a);
            }
            catch (ScenarioFormatException ex)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, ex.Message));
            }
        }
    }

    private static void Add(LayerBatch batch, IFeature f, FeatureAttributes a)
    {
        switch (batch.Kind)
        {
            case ReferenceLayerKind.Areas:
                batch.Areas.Add(LayerFeatureReaders.Area(f, a));
                break;
            case ReferenceLayerKind.Blocks:
                batch.Blocks.Add(LayerFeatureReaders.Block(f, a));
                break;
            case ReferenceLayerKind.Buildings:
                batch.Buildings.Add(LayerFeatureReaders.Building(f, a));
                break;
            case ReferenceLayerKind.Health:
                batch.Sites.Add(LayerFeatureReaders.Site(f, a));
                break;
            case ReferenceLayerKind.Zone:
                // A zone's version is the store's to give: an imported zone that differs becomes the next version.
                batch.Zones.Add(LayerFeatureReaders.Zone(f, a) with { Version = 1 });
                break;
            case ReferenceLayerKind.Orders:
                batch.Orders.Add(LayerFeatureReaders.Order(f, a));
                break;
            case ReferenceLayerKind.Places:
                batch.Places.Add(LayerFeatureReaders.Place(f, a));
                break;
            default:
                throw new ScenarioFormatException($"{a.Where}: {batch.Kind} is not one of Haven's own layers.");
        }
    }
}
