using Haven.Damage.Aggregation;
using Haven.Damage.Assessment;
using Haven.Damage.Unosat;
using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Storage;

namespace Haven.Workflows.Assessments;

/// <summary>A UNOSAT count beside the radar's figure for the same area on the nearest inference date on or before it, when there is one.</summary>
public sealed record DamageComparison(DamageSiteCounts Unosat, AreaDamage? Radar);

/// <summary>
/// UNOSAT damage-site layers as a damage source: counted per area, date and class, and set beside the newest
/// radar assessment in the store where both speak for the same area. Areas come from a file or from the store
/// (its coarsest level, the governorates when the OCHA boundaries are imported).
/// </summary>
public static class UnosatSites
{
    public static async Task<Outcome<IReadOnlyList<DamageComparison>>> CountAsync(string path, string? areasPath, IHavenStore? store, CancellationToken cancellationToken = default)
    {
        var read = GeoJsonReader.Read(path, new GeoJsonReadOptions { Repair = true });
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        if (!read.Value.IsClean)
        {
            return Outcome<IReadOnlyList<DamageComparison>>.Failure("unosat.invalid", string.Join(Environment.NewLine, read.Value.Problems.Take(20)));
        }

        var sites = DamageSites.Read(read.Value.Features, path);
        if (!sites.Succeeded)
        {
            return sites.Problem!;
        }

        IReadOnlyList<AssessmentArea> areas;
        if (areasPath is not null)
        {
            var fromFile = AssessmentInputs.Areas(areasPath, Haven.Geo.Crs.Epsg.Wgs84);
            if (!fromFile.Succeeded)
            {
                return fromFile.Problem!;
            }

            areas = fromFile.Value;
        }
        else
        {
            var stored = store is null ? [] : await store.GetAreasAsync(cancellationToken);
            if (stored.Count == 0)
            {
                return Outcome<IReadOnlyList<DamageComparison>>.Failure("unosat.areas", "No areas to count in: give --areas FILE, or import the governorates into the store (--db) first.");
            }

            int level = stored.Min(a => a.Level);
            areas = [.. stored.Where(a => a.Level == level).Select(a => new AssessmentArea(a.Pcode, a.NameEn, a.Boundary))];
        }

        var counts = DamageSites.Count(sites.Value, areas);
        var radar = new List<AreaDamage>();
        if (store is not null && await store.GetNewestAssessmentAsync(cancellationToken) is { } newest)
        {
            radar.AddRange(await store.GetAssessmentAreasAsync(newest.Id, cancellationToken));
        }

        return counts.Select(c => new DamageComparison(c, radar.Where(r => r.Code == c.Code && r.Inference <= c.Date).MaxBy(r => r.Inference))).ToList();
    }
}
