using System.Globalization;
using Haven.Damage.Buildings;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Haven.Storage.Scenarios;

/// <summary>
/// The one mapping between Haven's records and GeoJSON features, used for scenario files, exports and the
/// server's layers, so a property is named the same way everywhere.
/// </summary>
public static class LayerFeatures
{
    public static IFeature From(Area a) => new Feature(a.Boundary, new AttributesTable
    {
        { "pcode", a.Pcode }, { "name_en", a.NameEn }, { "name_ar", a.NameAr },
        { "level", a.Level }, { "parent", a.ParentPcode }, { "source", a.Source },
    });

    public static IFeature From(Block b) => new Feature(b.Boundary, new AttributesTable
    {
        { "block", b.Number }, { "pcode", b.AreaPcode }, { "source", b.Source },
    });

    /// <summary>A place as a point feature.</summary>
    public static IFeature From(Place p) => new Feature(p.Location, new AttributesTable
    {
        { "id", p.Id }, { "kind", p.Kind }, { "name_en", p.NameEn }, { "name_ar", p.NameAr }, { "source", p.Source },
    });

    public static IFeature From(Building b) => new Feature(b.Footprint, new AttributesTable
    {
        { "id", BuildingIds.AsJsonValue(b.Id, asNumber: true) }, { "block", b.Block }, { "pcode", b.AreaPcode }, { "area_m2", b.AreaM2 },
    });

    public static IFeature From(Site s) => new Feature(s.Location, new AttributesTable
    {
        { "id", s.Id }, { "kind", s.Kind.ToCode() }, { "name_en", s.NameEn }, { "name_ar", s.NameAr },
        { "status", s.Status }, { "status_since", Iso(s.StatusSince) }, { "source", s.Source },
    });

    public static IFeature From(Zone z) => new Feature(z.Boundary, new AttributesTable
    {
        { "id", z.Id }, { "version", z.Version }, { "kind", z.Kind }, { "name_en", z.NameEn }, { "name_ar", z.NameAr },
        { "valid_from", Iso(z.ValidFrom) }, { "valid_to", z.ValidTo is { } to ? Iso(to) : null }, { "source", z.Source },
    });

    /// <summary>An order as one feature whose geometry is the union of the blocks it names.</summary>
    public static IFeature From(EvacuationOrder o, IReadOnlyDictionary<int, Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var shapes = o.Blocks.Where(blocks.ContainsKey).Select(n => blocks[n].Boundary).ToList();
        Geometry geometry = shapes.Count == 0
            ? new GeometryFactory(new PrecisionModel(), 4326).CreateMultiPolygon()
            : CascadedPolygonUnion.Union(shapes);
        return new Feature(geometry, new AttributesTable
        {
            { "id", o.Id },
            { "issued_at", o.IssuedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) },
            { "effective_from", Iso(o.EffectiveFrom) },
            { "lifted_on", o.LiftedOn is { } l ? Iso(l) : null },
            { "blocks", o.Blocks.ToArray() },
            { "status_en", o.StatusEn }, { "status_ar", o.StatusAr }, { "source", o.Source }, { "declares_safe", o.DeclaresSafe },
        });
    }

    public static FeatureCollection Collection(IEnumerable<IFeature> features)
    {
        var collection = new FeatureCollection();
        foreach (var f in features)
        {
            collection.Add(f);
        }

        return collection;
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
