namespace Haven.Damage.Timeline;

/// <summary>What an assessment says of a building on a date.</summary>
public enum DamageState
{
    /// <summary>No call for the building on or before the date (no assessment, or none of its dates is that old).</summary>
    NotAssessed,

    Intact,

    Damaged,
}

/// <summary>
/// A building's damage on a date, from one assessment's cumulative calls: the call made on the assessment's
/// latest inference date on or before the date (its "epoch"); before its first inference date, not assessed.
/// The one rule the map tiles, planning and trends use. Built once, then read-only and thread-safe.
/// </summary>
public sealed class DamageTimeline
{
    private readonly DateOnly[] _inferences;
    private readonly Dictionary<DateOnly, Dictionary<string, bool>> _calls;

    /// <param name="calls">
    /// Every call of the assessment: building, inference date, and damaged, intact or null where the date's map does not
    /// say (<see cref="DamageCall"/>). A building whose call is null is not assessed on that date, even if an earlier
    /// date called it intact.
    /// </param>
    public DamageTimeline(IEnumerable<(string Building, DateOnly Inference, bool? Damaged)> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        _calls = [];
        foreach (var (building, inference, damaged) in calls)
        {
            if (!_calls.TryGetValue(inference, out var onDate))
            {
                _calls[inference] = onDate = [];
            }

            if (damaged is { } call)
            {
                onDate[building] = call;
            }
        }

        _inferences = [.. _calls.Keys.Order()];
    }

    /// <summary>A timeline with no assessment: every building is not assessed on every date.</summary>
    public static DamageTimeline Empty { get; } = new([]);

    /// <summary>The inference dates, oldest first.</summary>
    public IReadOnlyList<DateOnly> InferenceDates => _inferences;

    /// <summary>The inference date that decides damage on <paramref name="asOf"/>: the latest on or before it, or null when there is none.</summary>
    public DateOnly? EpochOn(DateOnly asOf)
    {
        int i = Array.BinarySearch(_inferences, asOf);
        return i >= 0 ? _inferences[i] : ~i == 0 ? null : _inferences[~i - 1];
    }

    /// <summary>A building's state on a date.</summary>
    public DamageState StateOn(string building, DateOnly asOf) =>
        EpochOn(asOf) is { } epoch && _calls[epoch].TryGetValue(building, out bool damaged)
            ? damaged ? DamageState.Damaged : DamageState.Intact
            : DamageState.NotAssessed;

    /// <summary>The buildings called damaged on a date, or null when no inference date is that old (damage unknown, never "none").</summary>
    public IReadOnlySet<string>? DamagedOn(DateOnly asOf) =>
        EpochOn(asOf) is { } epoch ? _calls[epoch].Where(kv => kv.Value).Select(kv => kv.Key).ToHashSet() : null;

    /// <summary>
    /// The buildings with a call (damaged or intact) on a date, or null when no inference date is that old. A building
    /// not in it has no radar data over it at that epoch: its damage is unknown.
    /// </summary>
    public IReadOnlySet<string>? AssessedOn(DateOnly asOf) =>
        EpochOn(asOf) is { } epoch ? _calls[epoch].Keys.ToHashSet(StringComparer.Ordinal) : null;

    /// <summary>The state as the map and its tiles write it: "damaged", "intact" or "not assessed".</summary>
    public static string Text(DamageState state) => state switch
    {
        DamageState.Damaged => "damaged",
        DamageState.Intact => "intact",
        _ => "not assessed",
    };
}
