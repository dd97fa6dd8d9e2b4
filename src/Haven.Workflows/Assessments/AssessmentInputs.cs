using System.Globalization;
using Haven.Damage.Assessment;
using Haven.Damage.Scoring;
using Haven.Damage.Validation;
using Haven.Geo;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Assessments;

/// <summary>
/// Reads the vector inputs of an assessment (buildings, areas, reference labels) from GeoJSON in WGS 84 and
/// projects them to the image stack's CRS. Each problem names the file and feature.
/// </summary>
/// <summary>Buildings read for an assessment: footprints in the stack's CRS, the same as read (WGS 84) by id, and whether every id was given as a number.</summary>
public sealed record BuildingInput(IReadOnlyList<Footprint> Footprints, IReadOnlyDictionary<string, Geometry> Wgs84, bool IdsAreNumbers);

public static class AssessmentInputs
{
    public static readonly IReadOnlyList<string> CodeFields = ["pcode", "code", "adm2_pcode", "adm1_pcode", "ADM2_PCODE", "id"];
    public static readonly IReadOnlyList<string> NameFields = ["name_en", "name", "adm2_name", "adm1_name", "ADM2_EN"];

    /// <summary>
    /// Footprints in the stack's CRS, and the same footprints as read (WGS 84), by id. <paramref name="read"/> is the
    /// file as <see cref="ReadPolygons"/> already read it, when the caller needed it before the CRS was known.
    /// A building's id is kept exactly as given: the property <paramref name="idField"/> when one is named, else the
    /// feature's own id, else its "id" property. A missing or repeated id is refused, naming the feature.
    /// </summary>
    public static Outcome<BuildingInput> Buildings(string path, int epsg, GeoJsonReadResult? read = null, string? idField = null)
    {
        var input = read is null ? ReadProjectedPolygons(path, epsg) : Projected(read, path, epsg);
        if (!input.Succeeded)
        {
            return input.Problem!;
        }

        (read, var project) = input.Value;

        var wgs84 = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        var ids = new string[read.Features.Count];
        bool numbers = true;
        for (int i = 0; i < ids.Length; i++)
        {
            var (index, feature) = read.Features[i];
            (string Text, bool Number)? id = idField is not null ? Property(feature, idField)
                : read.FeatureIds.TryGetValue(index, out var own) ? own
                : Property(feature, "id");
            if (id is not { } given || string.IsNullOrWhiteSpace(given.Text))
            {
                return Outcome<BuildingInput>.Failure("buildings.missing_id", idField is null
                    ? $"{path}: feature {index} has no id; give each building an \"id\" (the feature's own or a property), or name the property holding it with --id-field."
                    : $"{path}: feature {index} has no property '{idField}' (the building id, as --id-field says).");
            }

            if (!wgs84.TryAdd(given.Text, feature.Geometry))
            {
                return Outcome<BuildingInput>.Failure("buildings.duplicate_id", $"{path}: feature {index}: building id {given.Text} appears twice; ids must be unique.");
            }

            ids[i] = given.Text;
            numbers &= given.Number;
        }

        // Projection is per footprint and the transform is shared safely: done in parallel, kept in file order.
        var footprints = new Footprint[ids.Length];
        Parallel.For(0, ids.Length, i =>
        {
            var geometry = read.Features[i].Feature.Geometry;
            var shape = project(geometry);
            footprints[i] = new Footprint(ids[i], shape, epsg == Epsg.Wgs84 ? Geodesy.AreaSquareMetres(geometry) : shape.Area);
        });

        return new BuildingInput(footprints, wgs84, numbers && ids.Length > 0);
    }

    /// <summary>A property as id text: a string as it is, a whole number without a decimal point, null when absent or of another kind.</summary>
    private static (string Text, bool Number)? Property(IFeature feature, string name) =>
        !feature.Attributes.Exists(name) ? null : feature.Attributes[name] switch
        {
            string text => (text, false),
            long n => (n.ToString(CultureInfo.InvariantCulture), true),
            int n => (n.ToString(CultureInfo.InvariantCulture), true),
            double d when double.IsFinite(d) => (d.ToString("R", CultureInfo.InvariantCulture), true),
            _ => null,
        };

    public static Outcome<IReadOnlyList<AssessmentArea>> Areas(string path, int epsg)
    {
        var input = ReadProjectedPolygons(path, epsg);
        if (!input.Succeeded)
        {
            return input.Problem!;
        }

        var (read, project) = input.Value;

        var areas = new List<AssessmentArea>();
        foreach (var (index, feature) in read.Features)
        {
            string? code = First(feature, CodeFields);
            if (code is null)
            {
                return Outcome<IReadOnlyList<AssessmentArea>>.Failure("areas.code",
                    $"{path}: feature {index}: no area code; expected one of the properties {string.Join(", ", CodeFields)}.");
            }

            areas.Add(new AssessmentArea(code, First(feature, NameFields) ?? code, project(feature.Geometry)));
        }

        return areas;
    }

    /// <summary>
    /// Reference labels matched to buildings (see <see cref="ReferenceLabels"/>), for their extent: the polygons of
    /// <paramref name="extentPath"/>, else the areas that hold at least one label. Outside the extent buildings are
    /// unlabelled. Labels in no area at all are still matched to buildings; they add no area to the extent.
    /// </summary>
    public static Outcome<LabelSet> Labels(string path, int epsg, IReadOnlyList<Footprint> buildings, string? classField,
        IReadOnlyList<AssessmentArea> areas, string? extentPath = null)
    {
        var read = Haven.Geo.Vector.VectorReader.Read(path, new GeoJsonReadOptions { Repair = true });
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        if (!read.Value.IsClean)
        {
            return Outcome<LabelSet>.Failure("labels.invalid", string.Join(Environment.NewLine, read.Value.Problems.Take(20)));
        }

        var project = Wgs84To.Crs(epsg, path);
        if (!project.Succeeded)
        {
            return project.Problem!;
        }

        var labels = new List<(Geometry, bool)>();
        foreach (var (index, feature) in read.Value.Features)
        {
            if (ReferenceLabels.ClassOf(feature, classField) is not int cls)
            {
                return Outcome<LabelSet>.Failure("labels.class",
                    $"{path}: feature {index}: no damage class; expected {(classField is null ? "one of " + string.Join(", ", ReferenceLabels.ClassFields) + " or a cls_YYYYMMDD property" : $"the property '{classField}'")} with a UNOSAT class (1-3 damaged).");
            }

            labels.Add((project.Value(feature.Geometry), ReferenceLabels.IsDamagedClass(cls)));
        }

        if (labels.Count == 0)
        {
            return Outcome<LabelSet>.Failure("labels.empty", $"{path}: no labels.");
        }

        var extent = extentPath is null ? AreasHoldingLabels(labels, areas) : ReadExtent(extentPath, epsg);
        return extent.Succeeded ? LabelSet.Create(buildings, labels, extent.Value.Shape, extent.Value.Description) : extent.Problem!;
    }

    /// <summary>The areas that hold at least one label (by the label's centre), as one shape, and their names.</summary>
    private static Outcome<(Geometry Shape, string Description)> AreasHoldingLabels(IReadOnlyList<(Geometry Shape, bool Damaged)> labels, IReadOnlyList<AssessmentArea> areas)
    {
        var index = new Haven.Geo.Spatial.PolygonIndex<int>(areas.Select((a, i) => (i, a.Shape)));
        var holding = new SortedSet<int>();
        foreach (var (shape, _) in labels)
        {
            var centre = shape.InteriorPoint;
            if (index.TryLocate(centre.X, centre.Y, out int a))
            {
                holding.Add(a);
            }
        }

        if (holding.Count == 0)
        {
            return Outcome<(Geometry, string)>.Failure("labels.extent", "No label lies in any area, so the labels' extent cannot be taken from the areas; give it with --label-extent.");
        }

        var shapes = holding.Select(a => areas[a].Shape).ToList();
        var union = NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(shapes);
        return (union, "the areas holding at least one label: " + string.Join(", ", holding.Select(a => $"{areas[a].Name} ({areas[a].Code})")));
    }

    private static Outcome<(Geometry Shape, string Description)> ReadExtent(string path, int epsg)
    {
        var read = ReadProjectedPolygons(path, epsg);
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        var (file, project) = read.Value;
        if (file.Features.Count == 0)
        {
            return Outcome<(Geometry, string)>.Failure("labels.extent", $"{path}: the label extent holds no polygon.");
        }

        var union = NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union([.. file.Features.Select(f => project(f.Feature.Geometry))]);
        return (union, $"the polygons of {Path.GetFileName(path)}");
    }

    private static Outcome<(GeoJsonReadResult Read, Func<Geometry, Geometry> Project)> ReadProjectedPolygons(string path, int epsg)
    {
        var read = ReadPolygons(path);
        return read.Succeeded ? Projected(read.Value, path, epsg) : read.Problem!;
    }

    private static Outcome<(GeoJsonReadResult Read, Func<Geometry, Geometry> Project)> Projected(GeoJsonReadResult read, string path, int epsg)
    {
        var project = Wgs84To.Crs(epsg, path);
        return project.Succeeded ? (read, project.Value) : project.Problem!;
    }

    /// <summary>The extent of a file's features (WGS 84); a null envelope when it holds none.</summary>
    public static Envelope Extent(GeoJsonReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var envelope = new Envelope();
        foreach (var (_, feature) in read.Features)
        {
            envelope.ExpandToInclude(feature.Geometry.EnvelopeInternal);
        }

        return envelope;
    }

    /// <summary>A file of polygons in any format <see cref="Haven.Geo.Vector.VectorReader"/> reads (returned in WGS 84), every feature valid; otherwise the first 20 problems, naming file and feature.</summary>
    public static Outcome<GeoJsonReadResult> ReadPolygons(string path)
    {
        var read = Haven.Geo.Vector.VectorReader.Read(path, GeoJsonReadOptions.Polygons);
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        return read.Value.IsClean
            ? read
            : Outcome<GeoJsonReadResult>.Failure("geojson.invalid_features", string.Join(Environment.NewLine, read.Value.Problems.Take(20))
                + (read.Value.Problems.Count > 20 ? $"{Environment.NewLine}... and {read.Value.Problems.Count - 20} more" : string.Empty));
    }

    private static string? First(IFeature feature, IReadOnlyList<string> names) =>
        names.Where(feature.Attributes.Exists).Select(n => Convert.ToString(feature.Attributes[n], CultureInfo.InvariantCulture))
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
