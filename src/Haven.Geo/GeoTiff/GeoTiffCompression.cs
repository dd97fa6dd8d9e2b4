namespace Haven.Geo.GeoTiff;

/// <summary>Compression schemes Haven writes; DEFLATE is the default, as GDAL users expect.</summary>
public enum GeoTiffCompression
{
    None,
    Deflate,
    Lzw,
}

/// <summary>How a GeoTIFF is laid out on write. Defaults: DEFLATE, strips of about 64 KiB.</summary>
public sealed record GeoTiffWriteOptions
{
    public GeoTiffCompression Compression { get; init; } = GeoTiffCompression.Deflate;

    /// <summary>Tile edge in pixels (a multiple of 16), or null for strips.</summary>
    public int? TileSize { get; init; }

    public static GeoTiffWriteOptions Default { get; } = new();
}
