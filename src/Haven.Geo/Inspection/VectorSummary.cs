using Haven.Geo.GeoJson;
using NetTopologySuite.Geometries;

namespace Haven.Geo.Inspection;

/// <summary>What `haven inspect` says about a GeoJSON file: features, geometry types, extent and problems.</summary>
public sealed record VectorSummary(
    int Features,
    IReadOnlyDictionary<string, int> GeometryTypes,
    Envelope Extent,
    IReadOnlyList<GeoJsonIssue> Problems)
{
    public static VectorSummary From(GeoJsonReadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var types = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var extent = new Envelope();
        foreach (var (_, feature) in result.Features)
        {
            types[feature.Geometry.GeometryType] = types.GetValueOrDefault(feature.Geometry.GeometryType) + 1;
            extent.ExpandToInclude(feature.Geometry.EnvelopeInternal);
        }

        return new VectorSummary(result.FeatureCount, types, extent, result.Problems);
    }
}
