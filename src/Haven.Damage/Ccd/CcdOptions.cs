namespace Haven.Damage.Ccd;

/// <summary>Tunables of coherent change detection, with documented defaults; <see cref="Validate"/> names the first one out of range.</summary>
public sealed record CcdOptions
{
    /// <summary>Coherence estimation window edge in pixels (odd). Default 5 (5 x 5).</summary>
    public int Window { get; init; } = 5;

    /// <summary>Building score (mean coherence loss, 0 to 1) above which a building is called damaged. Default 0.3.</summary>
    public double DamageThreshold { get; init; } = 0.3;

    public static CcdOptions Default { get; } = new();

    /// <summary>The first option out of range, named with what is expected; null when all are fine.</summary>
    public string? Validate()
    {
        if (Window < 3 || Window % 2 == 0)
        {
            return $"Window must be an odd number of pixels, at least 3 (is {Window}).";
        }

        if (!(DamageThreshold > 0 && DamageThreshold < 1))
        {
            return $"DamageThreshold is a loss of coherence, between 0 and 1 exclusive (is {DamageThreshold}).";
        }

        return null;
    }
}
