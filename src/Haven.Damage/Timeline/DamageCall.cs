namespace Haven.Damage.Timeline;

/// <summary>
/// What an assessment says of one building on one of its inference dates. Damage is cumulative: a building called
/// damaged on a date stays damaged on every later date. A building not called damaged is intact only where that
/// date's map scored it; where the radar has no data over it (or it was too small to score) its state is unknown,
/// never "intact". Every output, the store's readers, the map and planning take a building's call from here.
/// </summary>
public static class DamageCall
{
    /// <summary>True (damaged), false (intact) or null (unknown).</summary>
    /// <param name="damagedSoFar">Called damaged on this date or an earlier one.</param>
    /// <param name="score">The building's score on this date; NaN where it was not scored.</param>
    public static bool? Of(bool damagedSoFar, double score) => damagedSoFar ? true : double.IsNaN(score) ? null : false;
}
