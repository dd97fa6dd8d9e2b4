using System.Globalization;

namespace Haven.Geo.Rasters;

/// <summary>
/// Ceilings checked against what a raster file declares, before any memory is allocated for it, so a small file
/// that declares a huge image (a "raster bomb") is refused by name instead of exhausting the machine.
/// Defaults suit one machine; raise them with the environment variables named on each property.
/// Immutable and thread-safe; <see cref="Current"/> is read once at start.
/// </summary>
public sealed record RasterLimits
{
    /// <summary>Most cells one image may declare (width x height). Default 2^30 (a 32,768 x 32,768 image); HAVEN_MAX_RASTER_CELLS.</summary>
    public long MaxCells { get; init; } = 1L << 30;

    /// <summary>
    /// Most bytes one strip or tile may decode to: Haven decodes a block at a time, so this bounds the decode buffer.
    /// Default 256 MiB; HAVEN_MAX_RASTER_BLOCK_BYTES. A whole image in one compressed strip over it must be retiled.
    /// </summary>
    public long MaxBlockBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Most bytes an analysis may hold for its rasters at once. Default half of the memory the runtime may use;
    /// HAVEN_MAX_ANALYSIS_BYTES.
    /// </summary>
    public long MaxAnalysisBytes { get; init; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>The limits in force: the defaults, overridden by the environment variables.</summary>
    public static RasterLimits Current { get; set; } = FromEnvironment();

    public static RasterLimits FromEnvironment()
    {
        var limits = new RasterLimits();
        return limits with
        {
            MaxCells = Read("HAVEN_MAX_RASTER_CELLS") ?? limits.MaxCells,
            MaxBlockBytes = Read("HAVEN_MAX_RASTER_BLOCK_BYTES") ?? limits.MaxBlockBytes,
            MaxAnalysisBytes = Read("HAVEN_MAX_ANALYSIS_BYTES") ?? limits.MaxAnalysisBytes,
        };
    }

    /// <summary>A problem when an analysis over <paramref name="cells"/> cells would hold <paramref name="rasters"/> rasters of <paramref name="bytesPerCell"/> at once.</summary>
    public Problem? CheckAnalysis(string what, long cells, int rasters, int bytesPerCell = sizeof(float))
    {
        long need = cells * rasters * bytesPerCell;
        return need <= MaxAnalysisBytes ? null : new Problem("raster.memory", string.Create(CultureInfo.InvariantCulture,
            $"{what}: {cells:N0} cells x {rasters} rasters would need {Bytes(need)}, more than the {Bytes(MaxAnalysisBytes)} an analysis may use (HAVEN_MAX_ANALYSIS_BYTES); cut the area of interest or the dates."));
    }

    public static string Bytes(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB");

    private static long? Read(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v > 0 ? v : null;
}
