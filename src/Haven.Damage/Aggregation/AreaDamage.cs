namespace Haven.Damage.Aggregation;

/// <summary>
/// Damage in one area on one inference date: structures, how many were scored and called damaged, the
/// estimated damaged share with its 95% interval, and how the interval was made.
/// </summary>
public sealed record AreaDamage(
    string Code,
    string Name,
    DateOnly Inference,
    int Structures,
    int Scored,
    int Damaged,
    double Share,
    double Lower,
    double Upper,
    string Method);
