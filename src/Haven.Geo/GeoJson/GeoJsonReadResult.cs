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

    /// <summary>
    /// The features' own ids (the "id" member beside "properties", RFC 7946 section 3.2), by feature index, as
    /// written: a string's text, or a number's JSON text, with whether it was a number. Features without one are absent.
    /// </summary>
    public IReadOnlyDictionary<int, (string Text, bool Number)> FeatureIds { get; init; } = new Dictionary<int, (string, bool)>();
}
