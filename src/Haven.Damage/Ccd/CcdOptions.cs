namespace Haven.Damage.Ccd;

/// <summary>Tunables of coherent change detection, with documented defaults.</summary>
public sealed record CcdOptions
{
    /// <summary>Coherence estimation window edge in pixels (odd). Default 5 (5 x 5).</summary>
    public int Window { get; init; } = 5;

    /// <summary>Building score (mean coherence loss) above which a building is called damaged. Default 0.3.</summary>
    public double DamageThreshold { get; init; } = 0.3;

    public static CcdOptions Default { get; } = new();
}
