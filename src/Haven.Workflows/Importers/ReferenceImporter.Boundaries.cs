using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Protection.Areas;
using Haven.Storage.Importers;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Importers;

/// <summary>Governorates (OCHA COD-AB), municipalities (OpenStreetMap) and numbered blocks.</summary>
public static partial class ReferenceImporter
{
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

    /// <summary>Where block maps put the number: "block" on the order maps, "Name" on OCHA's 2025 map ("COD_mod" in its order rows).</summary>
    private static readonly string[] BlockNumberProperties = ["block", "Block", "number", "Name", "COD_mod"];

    private static void ReadBlocks(GeoJsonReadResult file, LayerBatch batch, string edition)
    {
        var seen = new HashSet<int>();
        string property = BlockNumberProperties.FirstOrDefault(p => file.Features.Any(x => Raw(x.Feature.Attributes, p) is not null)) ?? "block";
        if (property != "block")
        {
            batch.Quirk($"block numbers read from '{property}'");
        }

        string source = edition == Block.MainEdition ? "published evacuation-order maps (archive)" : $"{Path.GetFileName(file.File)} ({Block.EditionName(edition)})";
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            if (!BlockNumber(file.File, index, a, property, batch, out int number) || !BlockSize(file.File, index, f, a, "area_km2", number, batch))
            {
                continue;
            }

            if (!seen.Add(number))
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"block {number} appears again; the first one is kept."));
                continue;
            }

            batch.Blocks.Add(new Block(number, null, Wgs(f.Geometry), source) { Edition = edition });
        }
    }
}
