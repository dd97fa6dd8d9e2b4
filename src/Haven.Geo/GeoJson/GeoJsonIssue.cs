namespace Haven.Geo.GeoJson;

/// <summary>
/// Something wrong with one feature of a GeoJSON file, or a repair made to it: the file, the feature's index
/// (0-based) and id, a stable code and what was expected.
/// </summary>
public sealed record GeoJsonIssue(string File, int FeatureIndex, string? FeatureId, string Code, string Message)
{
    public override string ToString() =>
        $"{File}: feature {FeatureIndex}{(FeatureId is null ? string.Empty : $" (id {FeatureId})")}: {Message} [{Code}]";
}
