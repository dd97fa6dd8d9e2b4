using Haven.Geo.Rasters;

namespace Haven.Damage.Pwtt;

/// <summary>A change statistic for one inference date over the stack's grid (PWTT: T; CCD: coherence loss), NaN where untested.</summary>
public sealed record ChangeMap(DateOnly Inference, Raster<float> T);

/// <summary>What a change-detection run produced, which images each window used, and how long each stage took.</summary>
public sealed record ChangeMaps(
    RasterGrid Grid,
    IReadOnlyList<ChangeMap> Maps,
    IReadOnlyList<PwttWindowUse> Windows,
    IReadOnlyList<string> Warnings,
    IReadOnlyDictionary<string, double> StageSeconds,
    long PixelSamples)
{
    /// <summary>Compressed blocks (tiles or strips) decoded over the run, every image counted; 0 when read straight from uncompressed strips.</summary>
    public long BlocksDecoded { get; init; }
}

/// <summary>For one orbit and polarisation, how many images fell in the pre window and in each post window.</summary>
public sealed record PwttWindowUse(int Orbit, Stacks.Polarisation Polarisation, int PreImages, IReadOnlyList<int> PostImages, bool Used);
