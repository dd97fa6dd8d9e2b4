using NetTopologySuite.Geometries;

namespace Haven.Geo.GeoJson;

/// <summary>What a validating GeoJSON read accepts. Defaults are documented on each property.</summary>
public sealed record GeoJsonReadOptions
{
    /// <summary>Geometry types a feature may have ("Polygon", "MultiPolygon", ...); null (default) accepts any.</summary>
    public IReadOnlySet<string>? AllowedGeometryTypes { get; init; }

    /// <summary>Most vertices one feature may have. Default 250,000: more is a drawing error or an attack.</summary>
    public int MaxVerticesPerFeature { get; init; } = 250_000;

    /// <summary>Largest file read. Default 1 GiB.</summary>
    public long MaxFileBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Repair what can be repaired safely and report each repair: close unclosed rings, and make invalid
    /// polygons valid (NetTopologySuite's GeometryFixer, which keeps every part where buffer(0) may drop some).
    /// Default false: such features are reported and left out.
    /// </summary>
    public bool Repair { get; init; }

    /// <summary>
    /// Where the data should lie (WGS 84 degrees). When set, a feature outside it whose swapped coordinates fall
    /// inside is reported as (lat, lon) order. Default null: only coordinates out of range reveal a swap.
    /// </summary>
    public Envelope? ExpectedExtent { get; init; }

    /// <summary>
    /// Keep features in the CRS the file declares (the result's <see cref="GeoJsonReadResult.SourceCrs"/>) instead of
    /// moving them to WGS 84: for a caller that works in that CRS anyway, such as zonal statistics over a raster in
    /// the same UTM zone. Coordinates are still checked for range on their extent brought to WGS 84. Default false.
    /// </summary>
    public bool KeepCrs { get; init; }

    public static GeoJsonReadOptions Default { get; } = new();

    public static GeoJsonReadOptions Polygons { get; } = new() { AllowedGeometryTypes = new HashSet<string>(StringComparer.Ordinal) { "Polygon", "MultiPolygon" } };
}
