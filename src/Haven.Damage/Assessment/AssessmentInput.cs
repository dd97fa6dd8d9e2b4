using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Stacks;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Assessment;

/// <summary>An area results are aggregated over: its code, name and boundary in the stack's CRS.</summary>
public sealed record AssessmentArea(string Code, string Name, Geometry Shape);

/// <summary>
/// Reference labels tied to buildings twice: within 10 m as in the PWTT paper (for validation figures), and
/// one label to one building (for correcting area shares without labels spilling onto neighbours). A label set
/// speaks only for where it was made, its extent: <see cref="Covered"/> holds the buildings inside it, and
/// <see cref="Extent"/> says in words what the extent is. Outside it buildings are unlabelled, never "intact".
/// </summary>
public sealed record LabelSet(IReadOnlyDictionary<string, bool> WithinDistance, IReadOnlyDictionary<string, bool> Nearest, IReadOnlySet<string> Covered, string Extent)
{
    /// <summary>
    /// Labels (in the buildings' metric CRS) matched to buildings, for the extent <paramref name="extent"/> (the
    /// buildings whose centre lies in it are covered), described as <paramref name="extentDescription"/>.
    /// </summary>
    public static LabelSet Create(IReadOnlyList<Footprint> buildings, IReadOnlyList<(Geometry Shape, bool Damaged)> labels, Geometry extent, string extentDescription)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(extent);
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(extent);
        var inside = new bool[buildings.Count];
        Parallel.For(0, buildings.Count, i => inside[i] = prepared.Covers(buildings[i].Shape.InteriorPoint));
        var covered = new HashSet<string>(buildings.Where((_, i) => inside[i]).Select(b => b.Id));
        return new LabelSet(
            Validation.ReferenceLabels.Match(buildings, labels, Validation.LabelMatching.WithinDistance, covered),
            Validation.ReferenceLabels.Match(buildings, labels, Validation.LabelMatching.Nearest, covered),
            covered,
            extentDescription);
    }
}

/// <summary>Everything one damage assessment needs, already read and projected to the stack's CRS.</summary>
public sealed record AssessmentInput(
    ImageStack Stack,
    DateOnly EventDate,
    IReadOnlyList<DateOnly> InferenceDates,
    IReadOnlyList<Footprint> Buildings,
    IReadOnlyList<AssessmentArea> Areas,
    LabelSet? Labels,
    PwttOptions Options)
{
    /// <summary>When set, PWTT runs in tiles of this many cells a side with the halo that keeps every cell exact (<see cref="Pwtt.PwttTiles"/>).</summary>
    public int? TileSize { get; init; }
}
