namespace Haven.Damage.Scoring;

/// <summary>Why a building's score needs care, or why it has none.</summary>
[Flags]
public enum BuildingFlags
{
    None = 0,

    /// <summary>Footprint under the small-footprint limit: few pixels, a noisy score.</summary>
    Small = 1,

    /// <summary>Footprint wholly outside the raster: not scored.</summary>
    Outside = 2,

    /// <summary>Part of the footprint lies outside the raster: scored on the part inside.</summary>
    PartlyOutside = 4,

    /// <summary>Every pixel under the footprint is nodata: not scored.</summary>
    NoData = 8,
}

/// <summary>
/// A building's damage score on one inference date: the coverage-weighted mean of T over its footprint,
/// whether it passes the threshold, the share of its footprint covered by valid pixels, and flags.
/// </summary>
public sealed record BuildingScore(string Id, double Score, bool Damaged, double Coverage, BuildingFlags Flags)
{
    public bool Scored => !double.IsNaN(Score);

    public static string FlagText(BuildingFlags flags) => flags == BuildingFlags.None
        ? string.Empty
        : string.Join(';', Enum.GetValues<BuildingFlags>().Where(f => f != BuildingFlags.None && flags.HasFlag(f))
            .Select(f => f switch
            {
                BuildingFlags.Small => "small",
                BuildingFlags.Outside => "outside",
                BuildingFlags.PartlyOutside => "partly_outside",
                _ => "nodata",
            }));
}
