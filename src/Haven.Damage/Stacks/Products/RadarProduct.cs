namespace Haven.Damage.Stacks.Products;

/// <summary>
/// One backscatter image recognised in a folder: what it is, when it was acquired, on which track, in which
/// polarisation and scale. <see cref="Track"/> is the relative orbit where the product or its metadata gives
/// one; otherwise a group of acquisitions at the same time of day (see <see cref="TrackSource"/>). <see cref="Mask"/> is
/// the product's layover/shadow mask on the image's own grid (OPERA's <c>_mask</c>, HyP3's <c>_ls_map</c>) when it lies
/// beside the image: the cells it flags are left without data (<see cref="RadarValues.ApplyLayoverShadowMask"/>).
/// </summary>
public sealed record RadarProduct(
    string Path,
    string Kind,
    DateTimeOffset Acquired,
    Polarisation Polarisation,
    RadarScale Scale,
    int Track,
    string TrackSource,
    string? Platform = null,
    string? Burst = null,
    string? Pass = null,
    LayoverShadowMask? Mask = null)
{
    public DateOnly Date => DateOnly.FromDateTime(Acquired.UtcDateTime);
}

/// <summary>A product's layover/shadow mask file and how its values are coded.</summary>
public sealed record LayoverShadowMask(string Path, MaskCoding Coding);

/// <summary>The codings of layover/shadow masks Haven applies (<see cref="RadarValues.ApplyLayoverShadowMask"/>).</summary>
public enum MaskCoding
{
    /// <summary>OPERA RTC-S1 (JPL's product specification): 0 valid, 1 shadow, 2 layover, 3 both, 255 invalid.</summary>
    Opera,

    /// <summary>
    /// GAMMA's, as HyP3 RTC writes it (the product's <c>_ls_map</c>; HyP3's RTC product guide): the sum of 1 tested,
    /// 2 and 8 slope conditions, 4 layover and 16 shadow; 0 not tested.
    /// </summary>
    Gamma,
}

/// <summary>A file in the folder that is not used, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>What a folder holds: the images recognised, the files skipped with their reasons, and notes on how tracks were found.</summary>
public sealed record ProductScan(IReadOnlyList<RadarProduct> Products, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<string> Notes);
