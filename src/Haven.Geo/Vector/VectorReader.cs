using System.Globalization;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Geo.Vector;

/// <summary>
/// The one reader for every command that takes features: GeoJSON (RFC 7946, or the legacy "crs" member),
/// GeoPackage, Shapefile (a .shp, a folder, or a .zip) and CSV with a WKT or longitude/latitude columns. The format
/// is recognised by the file's content, not its name. Coordinates are projected from the CRS the file declares to
/// WGS 84, then every feature passes the same checks as GeoJSON (<see cref="GeoJsonReadOptions"/>). A layer is
/// chosen by <c>layer</c>, or by QGIS's suffix <c>path|layername=NAME</c>; a file holding several layers with
/// none chosen is a problem listing them. Thread-safe.
/// </summary>
public static class VectorReader
{
    private const string LayerSuffix = "|layername=";

    /// <summary>The file's name without a QGIS-style layer suffix, and the layer the suffix names.</summary>
    public static (string Path, string? Layer) Split(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int at = source.IndexOf(LayerSuffix, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? (source, null) : (source[..at], source[(at + LayerSuffix.Length)..]);
    }

    public static Outcome<GeoJsonReadResult> Read(string source, GeoJsonReadOptions? options = null, string? layer = null)
    {
        options ??= GeoJsonReadOptions.Default;
        var (path, suffixLayer) = Split(source);
        layer ??= suffixLayer;
        var format = VectorFormats.Recognise(path);
        if (!format.Succeeded)
        {
            return format.Problem!;
        }

        if (format.Value != VectorFormat.GeoJson && !Directory.Exists(path) && new FileInfo(path).Length > options.MaxFileBytes)
        {
            return Outcome<GeoJsonReadResult>.Failure("vector.too_large",
                string.Create(CultureInfo.InvariantCulture, $"{path}: {new FileInfo(path).Length:N0} bytes is over the limit of {options.MaxFileBytes:N0}."));
        }

        if (layer is not null && format.Value is VectorFormat.GeoJson or VectorFormat.Csv)
        {
            return Outcome<GeoJsonReadResult>.Failure("vector.layer", $"{path}: a {format.Value} file holds one layer; layer \"{layer}\" cannot be chosen in it.");
        }

        var read = format.Value switch
        {
            VectorFormat.GeoJson => GeoJsonReader.Read(path, options),
            VectorFormat.GeoPackage => GeoPackageLayers.Read(path, layer, options),
            VectorFormat.Shapefile => ShapefileLayers.Read(path, layer, options),
            _ => CsvLayer.Read(path, options),
        };
        return read;
    }

    /// <summary>
    /// Features read from a file in its own CRS, projected to WGS 84 and checked as GeoJSON's are, in parallel, kept
    /// in file order. A feature whose geometry could not be read at all arrives with a null geometry and its reason.
    /// </summary>
    internal static GeoJsonReadResult Checked(string path, string format, string? layer, SourceCrs crs, IReadOnlyList<RawFeature> raw, GeoJsonReadOptions options)
    {
        var results = new (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs)[raw.Count];
        // Features kept in a projected CRS are checked for range on their extent in WGS 84; when the layer's whole
        // extent is in range (and no expected area asks about each feature), so is every feature's.
        bool layerInRange = false;
        if (options.KeepCrs && !crs.IsWgs84 && options.ExpectedExtent is null)
        {
            var extent = new Envelope();
            foreach (var feature in raw)
            {
                if (feature.Geometry is { } g)
                {
                    extent.ExpandToInclude(g.EnvelopeInternal);
                }
            }

            layerInRange = InRange(crs, extent);
        }

        Parallel.For(0, raw.Count, new ParallelOptions { MaxDegreeOfParallelism = raw.Count < 256 ? 1 : Environment.ProcessorCount }, i =>
            results[i] = Check(path, i, raw[i], crs, options, layerInRange));

        var ids = new Dictionary<int, (string, bool)>();
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw[i].OwnId is { } own)
            {
                ids[i] = own;
            }
        }

        return GeoJsonReadResult.Gather(path, results, ids, crs, format, layer);
    }

    /// <summary>Whether a layer's whole extent, in its own CRS, lies within longitude -180..180 and latitude -90..90.</summary>
    internal static bool InRange(SourceCrs crs, Envelope extent)
    {
        if (extent.IsNull)
        {
            return false;
        }

        var wgs84 = crs.ToWgs84(extent);
        return wgs84.MinX >= -180 && wgs84.MaxX <= 180 && wgs84.MinY >= -90 && wgs84.MaxY <= 90;
    }

    /// <summary>
    /// One feature read from a file, checked as GeoJSON's are (<see cref="GeoJsonReader.Checked"/>): accepted, with any
    /// repairs, or refused with its problem, named by the feature's index and id.
    /// </summary>
    internal static (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs) Check(
        string path, int index, RawFeature feature, SourceCrs crs, GeoJsonReadOptions options, bool layerInRange)
    {
        // The id is for messages only: worked out when there is something to say.
        string? Id() => feature.OwnId?.Text ?? (feature.Attributes.Exists("id") ? Convert.ToString(feature.Attributes["id"], CultureInfo.InvariantCulture) : null);
        try
        {
            if (feature.Geometry is null)
            {
                throw new GeoJsonFormatException("geometry.null", feature.Why ?? "geometry is missing or null");
            }

            var repairs = new List<string>();
            var geometry = GeoJsonReader.Checked(feature.Geometry, crs, feature.Geometry.NumPoints, options, repairs, layerInRange);
            geometry.SRID = options.KeepCrs ? 0 : Epsg.Wgs84;
            return (new Feature(geometry, feature.Attributes), null, repairs.Count == 0 ? NoRepairs : [.. repairs.Select(r => new GeoJsonIssue(path, index, Id(), "repaired", r))]);
        }
        catch (GeoJsonFormatException ex)
        {
            return (null, new GeoJsonIssue(path, index, Id(), ex.Code, ex.Message), NoRepairs);
        }
    }

    private static readonly List<GeoJsonIssue> NoRepairs = [];

    /// <summary>The one layer to read among several: the one asked for, the only one, or a problem listing them.</summary>
    internal static Outcome<string> Choose(string path, IReadOnlyList<string> layers, string? wanted, string kind)
    {
        if (layers.Count == 0)
        {
            return Outcome<string>.Failure("vector.no_layer", $"{path}: holds no {kind}.");
        }

        if (wanted is not null)
        {
            return layers.FirstOrDefault(l => string.Equals(l, wanted, StringComparison.Ordinal))
                ?? layers.FirstOrDefault(l => string.Equals(l, wanted, StringComparison.OrdinalIgnoreCase))
                ?? Outcome<string>.Failure("vector.layer", $"{path}: has no layer \"{wanted}\"; its layers are {string.Join(", ", layers)}.");
        }

        return layers.Count == 1
            ? layers[0]
            : Outcome<string>.Failure("vector.layer", $"{path}: holds {layers.Count} layers ({string.Join(", ", layers)}); choose one with --layer NAME or {Path.GetFileName(path)}{LayerSuffix}NAME.");
    }
}

/// <summary>A feature as a format reader found it, in the file's CRS: geometry (null with <see cref="Why"/> when it could not be read), attributes and own id.</summary>
internal sealed record RawFeature(Geometry? Geometry, AttributesTable Attributes, (string Text, bool Number)? OwnId = null, string? Why = null);
