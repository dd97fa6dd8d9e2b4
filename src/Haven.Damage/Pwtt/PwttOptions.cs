namespace Haven.Damage.Pwtt;

/// <summary>
/// Every tunable of the Pixel-Wise T-Test (Ballinger, Remote Sensing of Environment 331:115025, 2025;
/// arXiv 2405.06323). Defaults are the paper's; <see cref="Validate"/> names the first one out of range.
/// </summary>
public sealed record PwttOptions
{
    /// <summary>Lee filter window edge in pixels (odd). Default 3.</summary>
    public int LeeWindow { get; init; } = 3;

    /// <summary>Equivalent number of looks assumed by the Lee filter. Default 5 (eta = 1/sqrt(5)).</summary>
    public double LeeLooks { get; init; } = 5;

    /// <summary>Length of the pre-event window before the event date, in months. Default 12.</summary>
    public int PreWindowMonths { get; init; } = 12;

    /// <summary>Length of the post window from each inference date, in months. Default 2, as the reference implementation's <c>detect_damage</c> sets <c>post_interval</c>.</summary>
    public int PostWindowMonths { get; init; } = 2;

    /// <summary>Fewest valid pre-event values for a pixel to be tested. Default 3.</summary>
    public int MinPreValues { get; init; } = 3;

    /// <summary>Fewest valid post values for a pixel to be tested, at least 2 (a window's variance needs two). Default 2.</summary>
    public int MinPostValues { get; init; } = 2;

    /// <summary>Radius of the focal median applied to the raw statistic, in metres. Default 10.</summary>
    public double MedianRadiusMetres { get; init; } = 10;

    /// <summary>Radii of the circular means averaged with the median-filtered map, in metres. Default 50, 100, 150.</summary>
    public IReadOnlyList<double> ConvolutionRadiiMetres { get; init; } = [50, 100, 150];

    /// <summary>Building score above which a building is called damaged. Default 3.3.</summary>
    public double DamageThreshold { get; init; } = 3.3;

    /// <summary>Footprints smaller than this (m2) are flagged: too few pixels to trust. Default 50.</summary>
    public double SmallFootprintM2 { get; init; } = 50;

    public double LeeEta => 1 / Math.Sqrt(LeeLooks);

    public static PwttOptions Default { get; } = new();

    /// <summary>The first option out of range, named with what is expected; null when all are fine.</summary>
    public string? Validate()
    {
        if (!double.IsFinite(DamageThreshold) || !double.IsFinite(LeeLooks))
        {
            return $"the damage threshold and the looks must be finite numbers (are {DamageThreshold} and {LeeLooks}).";
        }

        if (LeeWindow < 3 || LeeWindow % 2 == 0)
        {
            return $"LeeWindow must be an odd number of pixels, at least 3 (is {LeeWindow}).";
        }

        if (LeeLooks <= 0)
        {
            return $"LeeLooks must be positive (is {LeeLooks}).";
        }

        if (PreWindowMonths < 1 || PostWindowMonths < 1)
        {
            return "PreWindowMonths and PostWindowMonths must be at least 1.";
        }

        if (MinPreValues < 2 || MinPostValues < 2)
        {
            return $"MinPreValues and MinPostValues must be at least 2: Welch's t needs a variance in each window (are {MinPreValues} and {MinPostValues}).";
        }

        if (MedianRadiusMetres < 0 || ConvolutionRadiiMetres.Any(r => r <= 0))
        {
            return "Filter radii must be positive.";
        }

        return null;
    }
}
