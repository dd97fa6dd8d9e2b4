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
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

using Haven.Storage;
using Haven.Storage.Access;
using Haven.Storage.Importers;
using Haven.Storage.Assessments;
using Haven.Storage.Scenarios;
using Haven.Workflows.Access;
using Haven.Workflows.Assessments;
using Haven.Workflows.Publications;
using Haven.Workflows.PlanningAnswers;
using Haven.Workflows.Layers;

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

    /// <summary>Where the store's data lies (see <see cref="StoredExtent"/>): features outside it that would fall inside as (latitude, longitude) are refused as swapped.</summary>
    public NetTopologySuite.Geometries.Envelope? ExpectedExtent { get; init; }

    public static ImportOptions Default { get; } = new();
}

/// <summary>
/// Reads the real reference layers (OCHA COD-AB governorates, OpenStreetMap municipalities, places and HOT health
/// facilities, numbered blocks, evacuation orders from ArcGIS exports and per-date files, a humanitarian zone)
/// into Haven's records. Files are recognised by their properties, not their names. Each row that cannot be
/// used is reported with the file, the feature index and the reason, and left out; each quirk handled (numbers
/// as strings, Hebrew dates, ...) is counted. Stateless and thread-safe.
/// </summary>
public static class ReferenceImporter
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

    /// <summary>Every GeoJSON file under a folder that is a layer Haven imports; the others are listed (with why) as skipped.</summary>
    public static (List<LayerBatch> Batches, List<string> Skipped) ReadFolder(string folder, ImportOptions? options = null)
    {
        var batches = new List<LayerBatch>();
        var skipped = new List<string>();
        foreach (string path in Directory.EnumerateFiles(folder, "*.geojson", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
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
        var read = GeoJsonReader.Read(path, new GeoJsonReadOptions { Repair = true, ExpectedExtent = options.ExpectedExtent });
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
                ReadBlocks(file, batch);
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

    private static void ReadGovernorates(GeoJsonReadResult file, LayerBatch batch)
    {
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            string? pcode = Text(a, "adm2_pcode");
            string? name = Text(a, "adm2_name");
            if (!IsArea(f.Geometry))
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"a governorate must be a Polygon or MultiPolygon, not {f.Geometry?.GeometryType ?? "nothing"}."));
                continue;
            }

            if (pcode is null || name is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, "a governorate needs adm2_pcode and adm2_name."));
                continue;
            }

            string? arabic = ArabicNameFields.Select(n => Text(a, n)).FirstOrDefault(IsArabic);
            if (arabic is null && GovernorateArabic.TryGetValue(pcode, out var known))
            {
                arabic = known;
                batch.Quirk("Arabic names taken from the COD-AB gazetteer (none in the file)");
            }

            string validOn = Text(a, "valid_on") ?? "undated";
            batch.Areas.Add(new Area(pcode, name, arabic ?? string.Empty, 2, Text(a, "adm1_pcode"), Wgs(f.Geometry), $"OCHA COD-AB (valid on {validOn})"));
        }
    }

    private static void ReadMunicipalities(GeoJsonReadResult file, LayerBatch batch)
    {
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            if (!IsArea(f.Geometry))
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"a municipality must be a Polygon or MultiPolygon, not {f.Geometry?.GeometryType ?? "nothing"}."));
                continue;
            }

            var (en, ar) = Names(a, batch);
            string? osm = Text(a, "@id") ?? Text(a, "id");
            if (en is null && ar is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, "a municipality needs a name (name, name:en or name:ar)."));
                continue;
            }

            string code = osm is null ? $"MUN-{Short(en + "|" + ar)}" : $"OSM-{osm.Replace('/', '-')}";
            batch.Areas.Add(new Area(code, en ?? ar!, ar ?? string.Empty, 3, null, Wgs(f.Geometry), "OpenStreetMap (ODbL)"));
        }
    }

    private static void ReadBlocks(GeoJsonReadResult file, LayerBatch batch)
    {
        var seen = new HashSet<int>();
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            if (!BlockNumber(file.File, index, a, "block", batch, out int number) || !BlockSize(file.File, index, f, a, "area_km2", number, batch))
            {
                continue;
            }

            if (!seen.Add(number))
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"block {number} appears again; the first one is kept."));
                continue;
            }

            batch.Blocks.Add(new Block(number, null, Wgs(f.Geometry), "published evacuation-order maps (archive)"));
        }
    }

    private static void ReadOrders(GeoJsonReadResult file, LayerBatch batch)
    {
        var rows = new List<(string Id, DateTimeOffset Issued, bool Safe, int Block, string Source)>();
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            string? status = Text(a, "StatusText");
            bool? safe = status?.Trim().ToUpperInvariant() switch
            {
                "DISPLACED" or "1" or "EVACUATE" or "EVACUATION" => false,
                "SAFE" or "2" => true,
                _ => null,
            };
            int number;
            if (SubBlock(Raw(a, "Block")) is { } sub)
            {
                // "129.1": part of block 129. An evacuation of part of a block is shown on the whole block (the
                // cautious reading); part of a block declared safe says nothing about the rest, so it is left out.
                if (safe == true)
                {
                    batch.Problems.Add(new ImportProblem(file.File, index, $"sub-block {sub.Text} declared safe is only part of block {sub.Block}; not applied to the whole block."));
                    continue;
                }

                batch.Quirk("sub-blocks (129.1) under evacuation applied to their whole block");
                number = sub.Block;
                if (!BlockSize(file.File, index, f, a, "Area", number, batch))
                {
                    continue;
                }
            }
            else if (!BlockNumber(file.File, index, a, "Block", batch, out number) || !BlockSize(file.File, index, f, a, "Area", number, batch))
            {
                continue;
            }

            object? rawDate = Raw(a, "Date");
            if (rawDate is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"block {number}: no date (Date is null); an order needs the time it was issued."));
                continue;
            }

            if (!QuirkyValues.TryInstant(rawDate, out var issued, out string form))
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"block {number}: Date \"{rawDate}\" is not a date (expected epoch milliseconds, RFC 1123, ISO 8601 or a Hebrew date)."));
                continue;
            }

            batch.Quirk(form switch
            {
                "epoch-ms" => "dates as epoch milliseconds",
                "rfc1123" => "dates in RFC 1123",
                "hebrew" => "dates with Hebrew month names",
                _ => "dates in ISO 8601",
            });
            if (safe is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index,
                    status is null ? $"block {number}: no status (StatusText is null); expected Displaced/1 or Safe/2." : $"block {number}: unknown status \"{status}\"; expected Displaced/1 or Safe/2."));
                continue;
            }

            if (status is "1" or "2")
            {
                batch.Quirk("status as codes 1/2");
            }

            string source = Text(a, "Source") ?? Text(a, "GazaMaps") ?? Path.GetFileName(file.File);
            string? map = Raw(a, "Map") is { } m && QuirkyValues.TryInteger(m, out long mapNumber, out _) ? mapNumber.ToString(CultureInfo.InvariantCulture)
                : Text(a, "GazaMaps") is { } url && url.TrimEnd('/').Split('/')[^1] is { } last && last.All(char.IsAsciiDigit) ? last : null;
            string stamp = issued.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);
            string id = (map is null ? $"order-{stamp}-{Short(source)}" : $"map{map}-{stamp}") + (safe.Value ? "-safe" : string.Empty);
            rows.Add((id, issued, safe.Value, number, source));
        }

        foreach (var group in rows.GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            var first = group.First();
            bool safe = first.Safe;
            batch.Orders.Add(new EvacuationOrder(group.Key, first.Issued, QuirkyValues.GazaDate(first.Issued), null,
                [.. group.Select(r => r.Block).Distinct().Order()],
                safe ? "Declared safe" : "Evacuation order", safe ? "أُعلنت آمنة" : "أمر إخلاء", first.Source, safe));
        }
    }

    private static void ReadHealth(GeoJsonReadResult file, LayerBatch batch, ImportOptions options)
    {
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            string tag = (Text(a, "healthcare") ?? Text(a, "amenity") ?? string.Empty).ToLowerInvariant();
            SiteKind? kind = tag switch
            {
                "hospital" => SiteKind.Hospital,
                "pharmacy" or "chemist" => SiteKind.Pharmacy,
                "clinic" or "doctor" or "doctors" or "centre" or "health_post" or "dentist" or "laboratory" or "rehabilitation"
                    or "physiotherapist" or "birthing_centre" or "blood_donation" or "optometrist" => SiteKind.Clinic,
                _ => null,
            };
            if (kind is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"not a health facility Haven knows (healthcare/amenity \"{tag}\"); expected hospital, clinic, doctors, pharmacy, ..."));
                continue;
            }

            if (f.Geometry is null || f.Geometry.IsEmpty)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, "no geometry."));
                continue;
            }

            if (f.Geometry is not Point)
            {
                batch.Quirk("facilities drawn as areas, placed at their interior point");
            }

            var (en, ar) = Names(a, batch);
            if (en is null && ar is null)
            {
                batch.Quirk("facilities without a name");
            }

            string id = Text(a, "osm_id") is { } osmId ? $"osm-{(Text(a, "osm_type") ?? "node").TrimEnd('s')}-{osmId}" : $"health-{Short(f.Geometry.AsText())}";
            var point = f.Geometry is Point p ? p : f.Geometry.InteriorPoint;
            string kindEn = kind.Value.ToCode().Replace('_', ' ');
            batch.Sites.Add(new Site(id, kind.Value, en ?? ar ?? $"unnamed {kindEn}", ar ?? en ?? string.Empty, Wgs(point),
                "as mapped", options.AsOf ?? DateOnly.MinValue, "OpenStreetMap via HOT export (ODbL)"));
        }
    }

    private static void ReadPlaces(GeoJsonReadResult file, LayerBatch batch)
    {
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            var (en, ar) = Names(a, batch);
            if (en is null && ar is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, "a place needs a name (name, name:en or name:ar)."));
                continue;
            }

            if (f.Geometry is null || f.Geometry.IsEmpty)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, "no geometry."));
                continue;
            }

            var point = f.Geometry is Point p ? p : f.Geometry.InteriorPoint;
            string id = Text(a, "osm_id") is { } osmId ? $"osm-{(Text(a, "osm_type") ?? "node").TrimEnd('s')}-{osmId}" : $"place-{Short(en + "|" + ar)}";
            batch.Places.Add(new Place(id, en ?? ar!, ar ?? string.Empty, Text(a, "place") ?? "place", (Point)Wgs(point), "OpenStreetMap (ODbL)"));
        }
    }

    private static void ReadZone(GeoJsonReadResult file, LayerBatch batch, ImportOptions options)
    {
        string stem = Path.GetFileNameWithoutExtension(file.File);
        var features = file.Features.Where(x => IsArea(x.Feature.Geometry)).ToList();
        foreach (var (index, f) in file.Features.Where(x => !IsArea(x.Feature.Geometry)))
        {
            batch.Problems.Add(new ImportProblem(file.File, index, $"a zone must be a Polygon or MultiPolygon, not {f.Geometry?.GeometryType ?? "nothing"}."));
        }

        for (int i = 0; i < features.Count; i++)
        {
            var (index, f) = features[i];
            var a = f.Attributes;
            string id = options.ZoneId ?? Text(a, "id") ?? stem;
            if (features.Count > 1 && options.ZoneId is not null)
            {
                id = $"{options.ZoneId}-{i + 1}";
            }

            var (en, ar) = Names(a, batch);
            DateOnly? from = options.AsOf;
            if (from is null && Text(a, "valid_from") is { } text)
            {
                if (QuirkyValues.TryInstant(text, out var instant, out _))
                {
                    from = QuirkyValues.GazaDate(instant);
                }
                else
                {
                    batch.Problems.Add(new ImportProblem(file.File, index, $"valid_from \"{text}\" is not a date."));
                    continue;
                }
            }

            if (from is null)
            {
                batch.Quirk("zones with no start date (valid from: not stated)");
            }

            DateOnly? to = null;
            if (Text(a, "valid_to") is { } t)
            {
                // An end that cannot be read is bad input, as a start is: never taken for "open-ended".
                if (!QuirkyValues.TryInstant(t, out var end, out _))
                {
                    batch.Problems.Add(new ImportProblem(file.File, index, $"valid_to \"{t}\" is not a date; leave it out for a zone with no end."));
                    continue;
                }

                to = QuirkyValues.GazaDate(end);
            }

            string nameEn = options.NameEn ?? en ?? Humanise(stem);
            batch.Zones.Add(new Zone(id, 1, Text(a, "kind") ?? options.ZoneKind, nameEn, options.NameAr ?? ar ?? string.Empty,
                from ?? DateOnly.MinValue, to, Wgs(f.Geometry), Text(a, "source") ?? Path.GetFileName(file.File)));
        }
    }

    /// <summary>A sub-block written "129.1" (block 129, part 1), as the per-date files do; null for anything else.</summary>
    private static (int Block, string Text)? SubBlock(object? raw)
    {
        string? text = raw switch
        {
            string s => s.Trim(),
            double d when double.IsFinite(d) && Math.Abs(d - Math.Round(d)) > 1e-9 => d.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is null || text.Split('.') is not [var whole, var part] || part.Length == 0 || part.All(c => c == '0')
            || !whole.All(char.IsAsciiDigit) || !part.All(char.IsAsciiDigit) || !int.TryParse(whole, CultureInfo.InvariantCulture, out int block))
        {
            return null;
        }

        return (block, text);
    }

    private static bool BlockNumber(string file, int index, IAttributesTable? a, string property, LayerBatch batch, out int number)
    {
        number = 0;
        object? raw = Raw(a, property);
        if (raw is null || !QuirkyValues.TryInteger(raw, out long value, out string form) || value < 0 || value > int.MaxValue)
        {
            batch.Problems.Add(new ImportProblem(file, index, $"{property} \"{raw ?? "null"}\" is not a block number (expected a whole number)."));
            return false;
        }

        if (form != "number")
        {
            batch.Quirk(form == "string" ? "block numbers written as strings" : "block numbers written as decimals");
        }

        number = (int)value;
        return true;
    }

    private static bool BlockSize(string file, int index, IFeature f, IAttributesTable? a, string areaProperty, int number, LayerBatch batch)
    {
        if (!IsArea(f.Geometry))
        {
            batch.Problems.Add(new ImportProblem(file, index, $"block {number} must be a Polygon or MultiPolygon, not {f.Geometry?.GeometryType ?? "nothing"}."));
            return false;
        }

        if (Raw(a, areaProperty) is string)
        {
            batch.Quirk("areas written as strings");
        }

        double km2 = QuirkyValues.TryNumber(Raw(a, areaProperty), out double stated) ? stated : Haven.Geo.Crs.Geodesy.AreaSquareMetres(f.Geometry) / 1e6;
        if (km2 > MaxBlockKm2)
        {
            batch.Problems.Add(new ImportProblem(file, index,
                string.Create(CultureInfo.InvariantCulture, $"block {number} covers {km2:F1} km², more than any block could ({MaxBlockKm2} km²): an outline of a whole area, not a block; left out.")));
            return false;
        }

        return true;
    }

    private static (string? En, string? Ar) Names(IAttributesTable? a, LayerBatch batch)
    {
        string? name = Text(a, "name");
        string? en = Text(a, "name:en") ?? Text(a, "name_en");
        string? ar = Text(a, "name:ar") ?? Text(a, "name_ar");
        if (en is null && name is not null && !IsArabic(name))
        {
            en = name;
        }

        if (ar is null && name is not null && IsArabic(name))
        {
            ar = name;
            if (en is null)
            {
                batch.Quirk("names only in Arabic");
            }
        }

        return (en, ar);
    }

    private static bool IsArea(Geometry? g) => g is Polygon or MultiPolygon && !g.IsEmpty;

    private static bool IsArabic(string? text) => text is not null && text.Any(c => c is >= '\u0600' and <= '\u06FF');

    private static object? Raw(IAttributesTable? a, string name) => a is not null && a.Exists(name) ? a[name] : null;

    private static string? Text(IAttributesTable? a, string name) => Raw(a, name) switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    private static Geometry Wgs(Geometry g)
    {
        var copy = Wgs84.CreateGeometry(g);
        copy.SRID = 4326;
        return copy;
    }

    private static string Short(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];

    private static string Humanise(string stem)
    {
        string words = stem.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? "zone" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
