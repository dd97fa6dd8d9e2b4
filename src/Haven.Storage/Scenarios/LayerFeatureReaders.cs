using System.Globalization;
using Haven.Damage.Buildings;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Scenarios;

/// <summary>
/// The way back from <see cref="LayerFeatures"/>: Haven's own features (scenario files and every export) read
/// into records with the same property names, so whatever Haven writes it reads back unchanged. Each read
/// throws <see cref="ScenarioFormatException"/> naming the layer, feature and property when one is wrong.
/// </summary>
internal static class LayerFeatureReaders
{
    public static Area Area(IFeature f, FeatureAttributes a) =>
        new(a.String("pcode"), a.String("name_en"), a.String("name_ar"), (int)a.Long("level"), a.OptionalString("parent"), Polygonal(f, a), a.String("source"));

    public static Block Block(IFeature f, FeatureAttributes a) =>
        new((int)a.Long("block"), a.OptionalString("pcode"), Polygonal(f, a), a.String("source"));

    public static Building Building(IFeature f, FeatureAttributes a) =>
        new(a.String("id"), Polygonal(f, a), (int)a.Long("block"), a.String("pcode"), a.Double("area_m2"));

    public static Site Site(IFeature f, FeatureAttributes a) =>
        new(a.String("id"),
            SiteKinds.TryParse(a.String("kind"), out var kind) ? kind : throw new ScenarioFormatException($"{a.Where}: unknown site kind '{a.String("kind")}'."),
            a.String("name_en"), a.String("name_ar"), f.Geometry, a.String("status"), a.Date("status_since"), a.String("source"));

    public static Zone Zone(IFeature f, FeatureAttributes a) =>
        new(a.String("id"), (int)a.Long("version"), a.String("kind"), a.String("name_en"), a.String("name_ar"),
            a.Date("valid_from"), a.OptionalDate("valid_to"), Polygonal(f, a), a.String("source"));

    public static EvacuationOrder Order(IFeature f, FeatureAttributes a) =>
        new(a.String("id"),
            DateTimeOffset.TryParse(a.String("issued_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var issued)
                ? issued : throw new ScenarioFormatException($"{a.Where}: property 'issued_at' must be an ISO 8601 time."),
            a.Date("effective_from"), a.OptionalDate("lifted_on"), a.IntList("blocks"),
            a.String("status_en"), a.String("status_ar"), a.String("source"), a.OptionalString("declares_safe") is "true" or "True");

    public static Place Place(IFeature f, FeatureAttributes a) =>
        new(a.String("id"), a.String("name_en"), a.String("name_ar"), a.String("kind"),
            f.Geometry as Point ?? throw new ScenarioFormatException($"{a.Where}: a place must be a Point, not {f.Geometry?.GeometryType ?? "nothing"}."),
            a.String("source"));

    private static Geometry Polygonal(IFeature f, FeatureAttributes a) =>
        f.Geometry is Polygon or MultiPolygon ? f.Geometry
            : throw new ScenarioFormatException($"{a.Where}: geometry must be a Polygon or MultiPolygon, not {f.Geometry?.GeometryType ?? "nothing"}.");
}
