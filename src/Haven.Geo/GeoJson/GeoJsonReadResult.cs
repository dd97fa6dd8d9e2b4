using NetTopologySuite.Features;

namespace Haven.Geo.GeoJson;

/// <summary>
/// The features that passed validation (with their index in the file), the problems that kept others out,
/// and the repairs made when repair was asked for.
/// </summary>
public sealed record GeoJsonReadResult(
    string File,
    int FeatureCount,
    IReadOnlyList<(int Index, IFeature Feature)> Features,
    IReadOnlyList<GeoJsonIssue> Problems,
    IReadOnlyList<GeoJsonIssue> Repairs)
{
    public bool IsClean => Problems.Count == 0;
}
