using System.Globalization;
using Haven.Damage.Aggregation;
using Haven.Damage.Assessment;
using Haven.Damage.Unosat;
using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Storage;
using Haven.Storage.Assessments;
using Haven.Workflows.Access;

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
    /// <summary>The sites of a UNOSAT layer file; a problem names the file, the feature and what was expected.</summary>
    public static Outcome<IReadOnlyList<DamageSite>> Read(string path) => Sites(Haven.Geo.Vector.VectorReader.Read(path, Options), path);

    /// <summary>The sites of a UNOSAT layer already parsed (a request body), named <paramref name="name"/> in problems.</summary>
    public static Outcome<IReadOnlyList<DamageSite>> Read(System.Text.Json.JsonElement root, string name) => Sites(GeoJsonReader.Read(root, name, Options), name);

    private static readonly GeoJsonReadOptions Options = new() { Repair = true };

    private static Outcome<IReadOnlyList<DamageSite>> Sites(Outcome<GeoJsonReadResult> read, string name)
    {
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        return read.Value.IsClean
            ? DamageSites.Read(read.Value.Features, name)
            : Outcome<IReadOnlyList<DamageSite>>.Failure("unosat.invalid", string.Join(Environment.NewLine, read.Value.Problems.Take(20)));
    }

    public static async Task<Outcome<IReadOnlyList<DamageComparison>>> CountAsync(string path, string? areasPath, IHavenStore? store, CancellationToken cancellationToken = default)
    {
        var sites = Read(path);
        if (!sites.Succeeded)
        {
            return sites.Problem!;
        }

        var areas = await AreasAsync(areasPath, store, cancellationToken);
        if (!areas.Succeeded)
        {
            return areas.Problem!;
        }

        var counts = DamageSites.Count(sites.Value, areas.Value);
        var radar = new List<AreaDamage>();
        if (store is not null && await store.GetNewestAssessmentAsync(cancellationToken) is { } newest)
        {
            radar.AddRange(await store.GetAssessmentAreasAsync(newest.Id, cancellationToken));
        }

        return counts.Select(c => new DamageComparison(c, radar.Where(r => r.Code == c.Code && r.Inference <= c.Date).MaxBy(r => r.Inference))).ToList();
    }

    /// <summary>
    /// Imports a UNOSAT layer into the store as a dated damage source, under <paramref name="id"/> (by default the
    /// file's name without extension), recorded in the audit log. A layer already stored under that id is kept and
    /// the import refused, unless <paramref name="replace"/> asks for it to be replaced (an audited act). The same
    /// file imported again under the same id changes nothing.
    /// </summary>
    public static async Task<Outcome<(DamageSiteLayerInfo Layer, long Sequence)>> ImportAsync(IHavenStore store, TimeProvider time, string actor, string path,
        string? id = null, bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        id ??= Path.GetFileNameWithoutExtension(path);
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var sites = Read(path);
        return sites.Succeeded
            ? await ImportAsync(store, time, actor, new DamageSiteLayer(id, Path.GetFileName(path), InputFile.Sha256Of(path), time.GetUtcNow(), sites.Value), replace, cancellationToken)
            : sites.Problem!;
    }

    /// <summary>A layer id Haven keeps as given: 1 to 200 printable characters; null when it is one.</summary>
    public static Problem? BadId(string? id) => string.IsNullOrWhiteSpace(id) || id.Length > 200 || id.Any(char.IsControl)
        ? new Problem("unosat.id", $"layer id '{id}': expected 1 to 200 printable characters.")
        : null;

    /// <summary>
    /// Imports a layer already read (its sites, the name and SHA-256 of what it came from) under its id; see
    /// <see cref="ImportAsync(IHavenStore, TimeProvider, string, string, string?, bool, CancellationToken)"/>.
    /// </summary>
    public static async Task<Outcome<(DamageSiteLayerInfo Layer, long Sequence)>> ImportAsync(IHavenStore store, TimeProvider time, string actor, DamageSiteLayer layer,
        bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(layer);
        string id = layer.Id;
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var (outcome, sequence) = await Audited.WriteAsync(store, time, actor, "import damage sites", $"damage-site layer {id}", async () =>
        {
            var before = (await store.ListDamageSiteLayersAsync(cancellationToken)).FirstOrDefault(l => l.Id == id);
            if (before is not null && before.Sha256 == layer.Sha256)
            {
                return new AuditedWrite<Outcome<DamageSiteLayerInfo>>(before, null, null, null);
            }

            if (before is not null && !replace)
            {
                return new AuditedWrite<Outcome<DamageSiteLayerInfo>>(Outcome<DamageSiteLayerInfo>.Failure("unosat.exists",
                    $"A damage-site layer '{id}' is already stored (from {before.File}, imported {before.ImportedAt:yyyy-MM-dd HH:mm} UTC, {before.Sites:N0} sites); " +
                    "it is kept. Import under another id (--id), or replace it (--replace), which is recorded in the audit log."), null, null, null);
            }

            await store.SaveDamageSiteLayerAsync(layer, replace, cancellationToken);
            var info = layer.Info;
            string detail = string.Create(CultureInfo.InvariantCulture,
                $"{(before is null ? "imported" : "replaced")} {info.Sites:N0} sites read on {string.Join(", ", info.Dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))} from {info.File}");
            return new AuditedWrite<Outcome<DamageSiteLayerInfo>>(info, before is null ? null : Describe(before), Describe(info), detail);
        }, cancellationToken);
        return outcome.Succeeded ? (outcome.Value, sequence) : outcome.Problem!;
    }

    /// <summary>
    /// Per area, the UNOSAT figure as of each date: from the layer read most recently on or before the date among those
    /// with sites seen in the area by then, each site as it stood then (<see cref="DamageSite.On"/>). An area where no
    /// layer had seen a site by a date has no figure for it: UNOSAT had said nothing there, which is not "no damage".
    /// Each figure carries the date asked and, in its counts, the date of the reading it comes from.
    /// </summary>
    public static IReadOnlyList<(DateOnly AsOf, DamageSiteCounts Counts, string Layer)> AsOf(IReadOnlyList<LayerDamageSite> sites, IReadOnlyList<AssessmentArea> areas, IReadOnlyList<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(dates);
        var best = new Dictionary<(string Code, DateOnly Date), (DamageSiteCounts Counts, string Layer, DateOnly Read)>();
        foreach (var layer in sites.GroupBy(s => s.Layer, StringComparer.Ordinal))
        {
            var layerSites = layer.Select(s => s.Site).ToList();
            var areaOf = DamageSites.AreasOf(layerSites, areas);
            var readings = DamageSites.ReadingDates(layerSites);
            foreach (var c in DamageSites.Count(layerSites, areaOf, areas, dates))
            {
                if (c.Code == "outside")
                {
                    continue;
                }

                // The latest date this layer was read on or before the asked date.
                var read = readings.Last(d => d <= c.Date);

                if (!best.TryGetValue((c.Code, c.Date), out var seen) || read > seen.Read)
                {
                    best[(c.Code, c.Date)] = (c with { Date = read }, layer.Key, read);
                }
            }
        }

        return [.. best.OrderBy(b => b.Key.Date).ThenBy(b => b.Key.Code, StringComparer.Ordinal).Select(b => (b.Key.Date, b.Value.Counts, b.Value.Layer))];
    }

    private static string Describe(DamageSiteLayerInfo l) => string.Create(CultureInfo.InvariantCulture, $"{l.Id}\t{l.File}\t{l.Sha256}\t{l.Sites}");

    private static async Task<Outcome<IReadOnlyList<AssessmentArea>>> AreasAsync(string? areasPath, IHavenStore? store, CancellationToken cancellationToken)
    {
        if (areasPath is not null)
        {
            return AssessmentInputs.Areas(areasPath, Haven.Geo.Crs.Epsg.Wgs84);
        }

        var stored = store is null ? [] : await store.GetAreasAsync(cancellationToken);
        if (stored.Count == 0)
        {
            return Outcome<IReadOnlyList<AssessmentArea>>.Failure("unosat.areas", "No areas to count in: give --areas FILE, or import the governorates into the store (--db) first.");
        }

        int level = stored.Min(a => a.Level);
        return stored.Where(a => a.Level == level).Select(a => new AssessmentArea(a.Pcode, a.NameEn, a.Boundary)).ToList();
    }
}
