using System.Globalization;
using Haven.Damage.Scoring;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Haven.Damage.Validation;

/// <summary>How a label point is tied to buildings.</summary>
public enum LabelMatching
{
    /// <summary>
    /// Every building within 10 m of the label, as in the PWTT paper. In dense settlements one point then
    /// labels its neighbours too; good for reproducing the paper's validation figures.
    /// </summary>
    WithinDistance,

    /// <summary>
    /// The building that holds the label, else the nearest within 10 m: one label, one building. Used to
    /// correct area shares, where labels spilling onto neighbours would bias the estimate.
    /// </summary>
    Nearest,
}

/// <summary>
/// Reference damage labels (UNOSAT points or polygons) matched to buildings. A label is damaged when its class
/// is 1, 2 or 3 (destroyed, severe, moderate), as in the PWTT paper; other classes are explicit "not damaged"
/// labels. Labels are tied to buildings within <see cref="MatchDistanceMetres"/> (see <see cref="LabelMatching"/>).
/// When the labels hold only damaged features (a census, as UNOSAT's comprehensive assessments are), every
/// other building inside the labels' extent is labelled intact, and buildings outside it stay unlabelled; when
/// they also hold "not damaged" features (a sample), only buildings tied to some label are labelled.
/// </summary>
public static class ReferenceLabels
{
    public const double MatchDistanceMetres = 10;

    /// <summary>Property names tried, in order, when none is given: UNOSAT's and Haven's.</summary>
    public static readonly IReadOnlyList<string> ClassFields = ["Main_Damage_Site_Class", "damage_class", "class", "cls"];

    /// <summary>The damage class of a label feature, or null when it has none.</summary>
    public static int? ClassOf(IFeature feature, string? field)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var names = field is not null ? [field] : ClassFields.Concat(feature.Attributes.GetNames()
            .Where(n => n.StartsWith("cls_", StringComparison.OrdinalIgnoreCase)).OrderDescending(StringComparer.Ordinal));
        foreach (string name in names)
        {
            if (!feature.Attributes.Exists(name) || feature.Attributes[name] is not { } value)
            {
                continue;
            }

            if (double.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            {
                return (int)d;
            }
        }

        return null;
    }

    public static bool IsDamagedClass(int cls) => cls is >= 1 and <= 3;

    /// <summary>
    /// Labels for buildings: building id to reference-damaged, for the buildings the labels speak for. A census
    /// (damaged labels only) calls intact only the unlabelled buildings in <paramref name="covered"/>, the labels'
    /// extent (null: every building). Geometries (footprints and labels) must be in one metric CRS.
    /// </summary>
    public static IReadOnlyDictionary<string, bool> Match(IReadOnlyList<Footprint> buildings, IReadOnlyList<(Geometry Shape, bool Damaged)> labels,
        LabelMatching matching = LabelMatching.WithinDistance, IReadOnlySet<string>? covered = null)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(labels);
        var tree = new STRtree<Footprint>();
        foreach (var b in buildings)
        {
            tree.Insert(b.Shape.EnvelopeInternal, b);
        }

        tree.Build();
        bool census = labels.All(l => l.Damaged);
        var result = new Dictionary<string, bool>();
        if (census)
        {
            foreach (var b in buildings.Where(b => covered is null || covered.Contains(b.Id)))
            {
                result[b.Id] = false;
            }
        }

        foreach (var (shape, damaged) in labels)
        {
            var search = new Envelope(shape.EnvelopeInternal);
            search.ExpandBy(MatchDistanceMetres);
            var near = tree.Query(search).Where(b => b.Shape.IsWithinDistance(shape, MatchDistanceMetres));
            if (matching == LabelMatching.Nearest && shape is Point)
            {
                near = near.OrderBy(b => b.Shape.Distance(shape)).ThenBy(b => b.Id, StringComparer.Ordinal).Take(1);
            }

            foreach (var b in near)
            {
                result[b.Id] = damaged || result.GetValueOrDefault(b.Id);
            }
        }

        return result;
    }
}
