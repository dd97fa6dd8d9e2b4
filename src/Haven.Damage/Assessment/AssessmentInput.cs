using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Stacks;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Assessment;

/// <summary>An area results are aggregated over: its code, name and boundary in the stack's CRS.</summary>
public sealed record AssessmentArea(string Code, string Name, Geometry Shape);

/// <summary>
/// Reference labels tied to buildings twice: within 10 m as in the PWTT paper (for validation figures), and
/// one label to one building (for correcting area shares without labels spilling onto neighbours).
/// </summary>
public sealed record LabelSet(IReadOnlyDictionary<long, bool> WithinDistance, IReadOnlyDictionary<long, bool> Nearest);

/// <summary>Everything one damage assessment needs, already read and projected to the stack's CRS.</summary>
public sealed record AssessmentInput(
    ImageStack Stack,
    DateOnly EventDate,
    IReadOnlyList<DateOnly> InferenceDates,
    IReadOnlyList<Footprint> Buildings,
    IReadOnlyList<AssessmentArea> Areas,
    LabelSet? Labels,
    PwttOptions Options);
