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

    /// <summary>The CRS the file's coordinates were in ("EPSG:4326", "EPSG:32636", a WKT name); features are always returned in WGS 84.</summary>
    public string Crs { get; init; } = "EPSG:4326";

    /// <summary>The file's CRS, to bring features read with <see cref="GeoJsonReadOptions.KeepCrs"/> to WGS 84.</summary>
    public Haven.Geo.Crs.SourceCrs SourceCrs { get; init; } = Haven.Geo.Crs.SourceCrs.Wgs84;

    /// <summary>The format the file was read as: GeoJSON, GeoPackage, Shapefile or CSV.</summary>
    public string Format { get; init; } = "GeoJSON";

    /// <summary>The layer read, for formats that hold several (a GeoPackage table, a Shapefile in a folder or zip).</summary>
    public string? Layer { get; init; }

    /// <summary>
    /// The result of reading features one by one (in parallel, each into its place): accepted features, problems and
    /// repairs gathered in file order.
    /// </summary>
    internal static GeoJsonReadResult Gather(
        string path, (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs)[] results,
        IReadOnlyDictionary<int, (string Text, bool Number)> ids, Haven.Geo.Crs.SourceCrs crs, string format, string? layer = null)
    {
        var accepted = new List<(int, IFeature)>(results.Length);
        var problems = new List<GeoJsonIssue>();
        var repairs = new List<GeoJsonIssue>();
        for (int i = 0; i < results.Length; i++)
        {
            var (feature, problem, repaired) = results[i];
            repairs.AddRange(repaired);
            if (feature is not null)
            {
                accepted.Add((i, feature));
            }
            else
            {
                problems.Add(problem!);
            }
        }

        return new GeoJsonReadResult(path, results.Length, accepted, problems, repairs) { FeatureIds = ids, Crs = crs.Label, SourceCrs = crs, Format = format, Layer = layer };
    }
}
