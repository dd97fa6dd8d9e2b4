using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Protection.Areas;
using Haven.Protection.Places;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Importers;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Importers;

/// <summary>Health facilities (HOT/OSM), places and zones.</summary>
public static partial class ReferenceImporter
{
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
}
