namespace Haven.Geo.GeoTiff;

/// <summary>
/// Compression schemes. Haven writes None, DEFLATE and LZW; it reads those, Zstandard (GDAL's code 50000) and
/// whatever else LibTiff.NET decodes (PackBits, JPEG, ...).
/// </summary>
public enum GeoTiffCompression
{
    None,
    Deflate,
    Lzw,

    /// <summary>Read only: Zstandard, as GDAL writes it (COMPRESS=ZSTD, TIFF compression 50000).</summary>
    Zstd,

    /// <summary>Read only: a scheme Haven does not write (JPEG, PackBits, ...).</summary>
    Other,
}

/// <summary>TIFF predictors (tag 317): none, horizontal differencing (2), floating point (3).</summary>
public enum GeoTiffPredictor
{
    None = 1,
    Horizontal = 2,
    FloatingPoint = 3,
}

/// <summary>How a GeoTIFF is laid out on write. Defaults: DEFLATE, no predictor, strips of about 64 KiB.</summary>
public sealed record GeoTiffWriteOptions
{
    public GeoTiffCompression Compression { get; init; } = GeoTiffCompression.Deflate;

    public GeoTiffPredictor Predictor { get; init; } = GeoTiffPredictor.None;

    /// <summary>Tile edge in pixels (a multiple of 16), or null for strips.</summary>
    public int? TileSize { get; init; }

    /// <summary>
    /// Cloud-Optimized GeoTIFF: tiled (512 unless <see cref="TileSize"/> says otherwise), with overviews
    /// halving down to one tile, every IFD before the image data and the smallest overview's tiles first.
    /// </summary>
    public bool CloudOptimized { get; init; }

    public static GeoTiffWriteOptions Default { get; } = new();

    /// <summary>A problem with the options for a data type, or null when they fit.</summary>
    public string? Check(Rasters.RasterDataType type)
    {
        if (TileSize is int t && (t <= 0 || t % 16 != 0))
        {
            return $"tile size must be a positive multiple of 16, not {t}";
        }

        if (Predictor == GeoTiffPredictor.FloatingPoint && !Rasters.RasterDataTypes.IsFloatingPoint(type))
        {
            return $"the floating-point predictor needs Float32 or Float64 cells, not {type}";
        }

        if (Predictor != GeoTiffPredictor.None && Compression == GeoTiffCompression.None)
        {
            return "a predictor needs DEFLATE or LZW compression";
        }

        if (Predictor == GeoTiffPredictor.Horizontal && type == Rasters.RasterDataType.Float64)
        {
            return "the horizontal predictor is not available for 64-bit cells; use the floating-point predictor for Float64";
        }

        if (Predictor != GeoTiffPredictor.None && type == Rasters.RasterDataType.CFloat32)
        {
            return "predictors do not apply to complex cells";
        }

        return null;
    }
}
