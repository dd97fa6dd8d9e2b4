using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Importers;
using Haven.Workflows.Layers;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Importers;

/// <summary>Settings a file cannot carry itself: a zone's id, kind, names and start, and the date a site list describes.</summary>
public sealed record ImportOptions
{
    public string? ZoneId { get; init; }

    public string ZoneKind { get; init; } = "humanitarian";

    public string? NameEn { get; init; }

    public string? NameAr { get; init; }

    /// <summary>When a zone starts to apply, or the date a site list describes; "not stated" (0001-01-01) when absent.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Where the store's data lies (see <see cref="StoredReferences"/>): features outside it that would fall inside as (latitude, longitude) are refused as swapped.</summary>
    public NetTopologySuite.Geometries.Envelope? ExpectedExtent { get; init; }

    /// <summary>The edition of the block map that blocks and orders belong to (<see cref="Block.MainEdition"/>: the main map).</summary>
    public string Edition { get; init; } = Block.MainEdition;

    public static ImportOptions Default { get; } = new();
}

/// <summary>
/// Reads the real reference layers (OCHA COD-AB governorates, OpenStreetMap municipalities, places and HOT health
/// facilities, numbered blocks, evacuation orders from ArcGIS exports and per-date files, a humanitarian zone)
/// into Haven's records. Files are recognised by their properties, not their names. Each row that cannot be
/// used is reported with the file, the feature index and the reason, and left out; each quirk handled (numbers
/// as strings, Hebrew dates, ...) is counted. Stateless and thread-safe.
/// </summary>
public static partial class ReferenceImporter
{
    /// <summary>The largest area a block may have; the archive's "block 9999" outlines the whole Strip (194 km²).</summary>
    public const double MaxBlockKm2 = 25;

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static readonly string[] ArabicNameFields = ["adm2_name1", "adm2_name2", "adm2_name3", "adm2_name_ar"];

    /// <summary>COD-AB names in Arabic for the Gaza Strip's governorates, used when a file has none.</summary>
    private static readonly Dictionary<string, string> GovernorateArabic = new(StringComparer.Ordinal)
    {
        ["PS0255"] = "شمال غزة",
        ["PS0260"] = "غزة",
        ["PS0265"] = "دير البلح",
        ["PS0270"] = "خان يونس",
        ["PS0275"] = "رفح",
    };

    public static bool TryParseKind(string text, out ReferenceLayerKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind)
        || (kind = text.ToUpperInvariant() switch
        {
            "GOVERNORATE" => ReferenceLayerKind.Governorates,
            "MUNICIPALITY" => ReferenceLayerKind.Municipalities,
            "BLOCK" => ReferenceLayerKind.Blocks,
            "ORDER" or "EVACUATION-ORDERS" => ReferenceLayerKind.Orders,
            "HEALTH-FACILITIES" or "SITES" => ReferenceLayerKind.Health,
            "PLACE" => ReferenceLayerKind.Places,
            "ZONES" => ReferenceLayerKind.Zone,
            "AREA" => ReferenceLayerKind.Areas,
            "BUILDING" => ReferenceLayerKind.Buildings,
            _ => (ReferenceLayerKind)(-1),
        }) >= 0;

    /// <summary>Which kind of layer a GeoJSON file holds, from its features' properties; null when it is none of them.</summary>
    public static ReferenceLayerKind? Detect(GeoJsonReadResult file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sample = file.Features.Take(50).Select(f => f.Feature).ToList();
        if (sample.Count == 0)
        {
            return null;
        }

        bool Has(string name) => sample.Any(f => f.Attributes?.Exists(name) == true);
        if (Has("adm2_pcode"))
        {
            return ReferenceLayerKind.Governorates;
        }

        if (Has("admin_level") && (Has("name:en") || Has("name:ar") || Has("name")))
        {
            return ReferenceLayerKind.Municipalities;
        }

        if (Has("Block") && Has("StatusText"))
        {
            return ReferenceLayerKind.Orders;
        }

        if (Has("block") && Has("area_km2"))
        {
            return ReferenceLayerKind.Blocks;
        }

        if (Has("amenity") || Has("healthcare"))
        {
            return ReferenceLayerKind.Health;
        }

        if (Has("place") && (Has("name") || Has("name:en") || Has("name:ar")))
        {
            return ReferenceLayerKind.Places;
        }

        string[] zoneKeys = ["id", "name", "name:en", "name:ar", "kind", "valid_from", "valid_to", "source"];
        bool polygons = sample.All(f => f.Geometry is Polygon or MultiPolygon);
        bool plain = sample.All(f => f.Attributes is null || f.Attributes.GetNames().All(n => zoneKeys.Contains(n, StringComparer.Ordinal)));
        return polygons && plain && file.FeatureCount <= 20 ? ReferenceLayerKind.Zone : null;
    }

    /// <summary>Every GeoJSON, GeoPackage or Shapefile (.shp or .zip) under a folder that is a layer Haven imports; the others are listed (with why) as skipped.</summary>
    public static (List<LayerBatch> Batches, List<string> Skipped) ReadFolder(string folder, ImportOptions? options = null)
    {
        var batches = new List<LayerBatch>();
        var skipped = new List<string>();
        string[] layers = [".geojson", ".gpkg", ".shp", ".zip"];
        foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(p => layers.Contains(Path.GetExtension(p), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var batch = Read(path, null, options);
            if (batch.Succeeded)
            {
                batches.Add(batch.Value);
            }
            else
            {
                skipped.Add(batch.Problem!.Message);
            }
        }

        return (batches, skipped);
    }

    /// <summary>Reads a file as the given kind (or the kind it is recognised as, when null).</summary>
    public static Outcome<LayerBatch> Read(string path, ReferenceLayerKind? kind = null, ImportOptions? options = null)
    {
        options ??= ImportOptions.Default;
        if (Block.EditionProblem(options.Edition) is { } badEdition)
        {
            return Outcome<LayerBatch>.Failure("import.edition", $"--edition: {badEdition}.");
        }

        // Orders typed as rows of (date, block), as from OCHA's dashboard: a table, not a layer.
        if (kind == ReferenceLayerKind.Orders && OrderRows.IsTable(path))
        {
            return OrderRows.Read(path, options.Edition);
        }

        var read = Haven.Geo.Vector.VectorReader.Read(path, new GeoJsonReadOptions { Repair = true, ExpectedExtent = options.ExpectedExtent });
        return read.Succeeded ? Read(read.Value, path, kind, options) : read.Problem!;
    }

    /// <summary>Reads GeoJSON already parsed (a request body, say) as the given kind, or the kind it is recognised as.</summary>
    public static Outcome<LayerBatch> Read(GeoJsonReadResult file, string path, ReferenceLayerKind? kind = null, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= ImportOptions.Default;
        // Haven's own layers (its exports) first: they are read back exactly as written.
        var own = HavenLayers.Detect(file);
        if (own is { } ownKind && (kind is null || kind == ownKind))
        {
            var ownBatch = new LayerBatch(path, ownKind) { FeatureCount = file.FeatureCount };
            foreach (var issue in file.Problems)
            {
                ownBatch.Problems.Add(new ImportProblem(path, issue.FeatureIndex, issue.Message));
            }

            HavenLayers.Read(file, ownBatch);
            return ownBatch;
        }

        var detected = kind ?? Detect(file);
        if (detected is not { } k)
        {
            return Outcome<LayerBatch>.Failure("import.unrecognised",
                $"{path}: not a layer Haven imports (expected governorates with adm2_pcode, municipalities with admin_level, blocks with block and area_km2, " +
                "orders with Block, StatusText and Date, health facilities with amenity or healthcare, places with place and name, or a zone's polygons).");
        }

        var batch = new LayerBatch(path, k) { FeatureCount = file.FeatureCount };
        foreach (var issue in file.Problems)
        {
            batch.Problems.Add(new ImportProblem(path, issue.FeatureIndex, issue.Message));
        }

        foreach (var repair in file.Repairs)
        {
            batch.Quirk($"geometries repaired ({repair.Code})");
        }

        switch (k)
        {
            case ReferenceLayerKind.Governorates:
                ReadGovernorates(file, batch);
                break;
            case ReferenceLayerKind.Municipalities:
                ReadMunicipalities(file, batch);
                break;
            case ReferenceLayerKind.Blocks:
                ReadBlocks(file, batch, options.Edition);
                break;
            case ReferenceLayerKind.Orders:
                ReadOrders(file, batch);
                break;
            case ReferenceLayerKind.Health:
                ReadHealth(file, batch, options);
                break;
            case ReferenceLayerKind.Places:
                ReadPlaces(file, batch);
                break;
            case ReferenceLayerKind.Zone:
                ReadZone(file, batch, options);
                break;
            default:
                return Outcome<LayerBatch>.Failure("import.kind", $"{path}: {k.ToString().ToLowerInvariant()} are read only from Haven's own exports (id, block, pcode, ... properties); this file is not one.");
        }

        return batch;
    }

}
