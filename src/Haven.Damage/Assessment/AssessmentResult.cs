using Haven.Damage.Aggregation;
using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Timeline;
using Haven.Damage.Validation;

namespace Haven.Damage.Assessment;

/// <summary>Building scores for one inference date, cumulative damage included.</summary>
public sealed record DatedScores(DateOnly Inference, IReadOnlyList<BuildingScore> Scores, IReadOnlySet<string> CumulativeDamaged)
{
    /// <summary>The building's call on this date: damaged, intact, or null where it is unknown (<see cref="DamageCall"/>).</summary>
    public bool? CallOf(BuildingScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return DamageCall.Of(CumulativeDamaged.Contains(score.Id), score.Score);
    }
}

/// <summary>The outcome of a damage assessment: the T maps, scores per date, per-area results and validation.</summary>
public sealed record AssessmentResult(
    ChangeMaps Pwtt,
    IReadOnlyList<DatedScores> Dates,
    IReadOnlyDictionary<string, string> BuildingArea,
    IReadOnlyList<AreaDamage> Areas,
    IReadOnlyList<(DateOnly Inference, ValidationMetrics Metrics)> Validation,
    IReadOnlyDictionary<string, double> StageSeconds)
{
    /// <summary>Where the reference labels speak for (their extent, in words), or null without labels.</summary>
    public string? LabelExtent { get; init; }

    /// <summary>Buildings inside the labels' extent: the ones labels call damaged or (for a census) intact.</summary>
    public int BuildingsInLabelExtent { get; init; }
}
