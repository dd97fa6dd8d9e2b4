using Haven.Damage.Timeline;
using Haven.Storage;

namespace Haven.Workflows.Assessments;

/// <summary>Which stored assessment the map, the tiles and planning answer from: the newest, and its damage time line.</summary>
public static class NewestAssessment
{
    /// <summary>The newest stored assessment (the store lists them newest first), or null when none is stored.</summary>
    public static async Task<AssessmentSummary?> GetNewestAssessmentAsync(this IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.ListAssessmentsAsync(cancellationToken);
        return stored.Count == 0 ? null : stored[0];
    }

    /// <summary>The newest stored assessment and the damage time line of its calls (empty when none is stored).</summary>
    public static async Task<(AssessmentSummary? Newest, DamageTimeline Damage)> GetNewestDamageAsync(this IHavenStore store, CancellationToken cancellationToken = default)
    {
        var newest = await store.GetNewestAssessmentAsync(cancellationToken);
        if (newest is null)
        {
            return (null, DamageTimeline.Empty);
        }

        var calls = await store.GetBuildingDamageAsync(newest.Id, cancellationToken);
        return (newest, new DamageTimeline(calls.Select(d => (d.BuildingId, d.Inference, d.Call))));
    }
}
