using Haven.Geo;
using Haven.Storage.Scenarios;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Haven.Damage.Stacks;
using Haven.Geo.GeoJson;
using Haven.Geo.Sampling;
using NetTopologySuite.Features;
using Haven.Geo.GeoTiff;
using Haven.Geo.IO;
using Haven.Planning.Population;
using Haven.Demo;

namespace Haven.Demo;

/// <summary>
/// Writes a generated scenario as a folder of standard files: GeoJSON layers (RFC 7946), an HXL-tagged
/// population CSV, the radar stack as Float32 GeoTIFFs with its manifest, the damage truth, and scenario.json.
/// The folder is built under a temporary name and renamed when complete: a failure leaves nothing half-written.
/// Output is byte-for-byte the same for the same seed.
/// </summary>
public static class ScenarioWriter
{
    /// <summary>
    /// Writes the scenario; with <paramref name="singleLookComplex"/> also a complex (SLC-like) VV stack of the
    /// last two pre-event dates and the post-event dates, for coherent change detection.
    /// </summary>
    public static void Write(SampleStripScenario generated, string directory, IProgress<WorkProgress>? progress = null, bool singleLookComplex = false)
    {
        ArgumentNullException.ThrowIfNull(generated);
        AtomicDirectory.Write(directory, dir => File.Exists(Path.Combine(dir, ScenarioFiles.Manifest)), temp =>
        {
            WriteInto(generated, temp, progress);
            if (singleLookComplex)
            {
                WriteSlc(generated, temp);
            }
        });
    }

    private static void WriteSlc(SampleStripScenario generated, string dir)
    {
        var o = generated.Options;
        var dates = o.AcquisitionDates();
        var chosen = dates.Where(d => d < o.EventDate).TakeLast(2).Concat(dates.Where(d => d > o.EventDate)).ToList();
        Directory.CreateDirectory(Path.Combine(dir, ScenarioFiles.SlcFolder));
        var entries = new List<StackEntry>();
        foreach (var date in chosen)
        {
            string name = $"s1_slc_{date:yyyyMMdd}_vv.tif";
            GeoTiffWriter.Write(Path.Combine(dir, ScenarioFiles.SlcFolder, name), generated.Radar.SimulateComplex(date, Polarisation.VV),
                new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
            entries.Add(new StackEntry(name, date, o.Orbit, Polarisation.VV));
        }

        File.WriteAllText(Path.Combine(dir, ScenarioFiles.SlcManifest), StackManifest.Format(entries));
    }

    /// <summary>Share of buildings in the reference label sample.</summary>
    public const double LabelSampleShare = 0.25;

    /// <summary>
    /// Reference labels as a field team or an image analyst would give them: points at the centres of a random
    /// quarter of the buildings, UNOSAT class 1 (destroyed) or 6 (no visible damage). A sample, not a census.
    /// </summary>
    private static FeatureCollection LabelSample(SampleStripScenario generated)
    {
        var rng = DeterministicRandom.Fork(generated.Options.Seed, 7);
        var features = new FeatureCollection();
        foreach (var b in generated.Scenario.Buildings)
        {
            if (!rng.Chance(LabelSampleShare))
            {
                continue;
            }

            bool destroyed = generated.DestroyedBuildingIds.Contains(b.Id);
            features.Add(new Feature(Rfc7946.Prepare(b.Footprint.Centroid), new AttributesTable
            {
                { "building_id", Haven.Damage.Buildings.BuildingIds.AsJsonValue(b.Id, asNumber: true) },
                { "Main_Damage_Site_Class", destroyed ? 1 : 6 },
                { "source", generated.Scenario.Info.Source },
            }));
        }

        return features;
    }

    /// <summary>Days after the event of the demo's two UNOSAT-style readings.</summary>
    public static readonly IReadOnlyList<int> DamageSiteReadings = [9, 21];

    /// <summary>
    /// A damage-site layer in UNOSAT's cls_YYYYMMDD layout, as image analysts would map the scenario's destroyed
    /// buildings: every destroyed building's centre, read as destroyed (class 1) at the second reading; about half of
    /// them already seen at the first, as severely damaged (class 2). Synthetic, like the rest of the scenario.
    /// </summary>
    private static FeatureCollection DamageSiteLayer(SampleStripScenario generated)
    {
        var rng = DeterministicRandom.Fork(generated.Options.Seed, 11);
        var dates = DamageSiteReadings.Select(d => generated.Options.EventDate.AddDays(d).ToString("yyyyMMdd", CultureInfo.InvariantCulture)).ToList();
        var features = new FeatureCollection();
        foreach (var b in generated.Scenario.Buildings.Where(b => generated.DestroyedBuildingIds.Contains(b.Id)))
        {
            features.Add(new Feature(Rfc7946.Prepare(b.Footprint.Centroid), new AttributesTable
            {
                { $"cls_{dates[0]}", rng.Chance(0.5) ? 2 : null },
                { $"cls_{dates[1]}", 1 },
            }));
        }

        return features;
    }

    private static void WriteInto(SampleStripScenario generated, string dir, IProgress<WorkProgress>? progress)
    {
        var s = generated.Scenario;
        var dates = generated.Options.AcquisitionDates();
        int total = 7 + dates.Count * 2;
        int done = 0;
        void Step(string stage) => progress?.Report(new WorkProgress(stage, done++, total));

        Step("areas");
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.Areas), LayerFeatures.Collection(s.Areas.Select(LayerFeatures.From)));
        Step("blocks");
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.Blocks), LayerFeatures.Collection(s.Blocks.Select(LayerFeatures.From)));
        Step("buildings");
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.Buildings), LayerFeatures.Collection(s.Buildings.Select(LayerFeatures.From)));
        Step("sites, zones and orders");
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.Sites), LayerFeatures.Collection(s.Sites.Select(LayerFeatures.From)));
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.Zones), LayerFeatures.Collection(s.Zones.Select(LayerFeatures.From)));
        var blocks = s.Blocks.ToDictionary(b => b.Number);
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.Orders), LayerFeatures.Collection(s.Orders.Select(o => LayerFeatures.From(o, blocks))));
        Step("population");
        File.WriteAllText(Path.Combine(dir, ScenarioFiles.Population), PopulationCsv.Format(s.Population));
        foreach (string kind in Planning.PlanningTables.Kinds)
        {
            File.WriteAllText(Path.Combine(dir, Planning.PlanningTables.FileName(kind)), Planning.PlanningTables.Format(kind, s.Planning));
        }

        Step("truth");
        Directory.CreateDirectory(Path.Combine(dir, "truth"));
        var truth = new StringBuilder("building_id\n#meta+id\n");
        foreach (long id in generated.DestroyedBuildingIds.Select(id => long.Parse(id, CultureInfo.InvariantCulture)).Order())
        {
            truth.Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, ScenarioFiles.Truth), truth.ToString());
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.Labels), LabelSample(generated));
        GeoJsonFiles.Write(Path.Combine(dir, ScenarioFiles.DamageSites), DamageSiteLayer(generated));

        Directory.CreateDirectory(Path.Combine(dir, ScenarioFiles.RadarFolder));
        var radar = generated.Radar;
        var entries = new List<StackEntry>();
        foreach (var date in dates)
        {
            foreach (var pol in Enum.GetValues<Polarisation>())
            {
                Step($"radar {LayerFeatures.Iso(date)} {pol}");
                string name = $"s1_{date:yyyyMMdd}_{pol.ToString().ToLowerInvariant()}.tif";
                GeoTiffWriter.Write(Path.Combine(dir, ScenarioFiles.RadarFolder, name), radar.Simulate(date, pol),
                    new GeoTiffWriteOptions { Compression = GeoTiffCompression.None });
                entries.Add(new StackEntry(name, date, generated.Options.Orbit, pol));
            }
        }

        File.WriteAllText(Path.Combine(dir, ScenarioFiles.StackManifest), StackManifest.Format(entries));

        Step("scenario.json");
        var manifest = new ScenarioManifest(
            s.Info.Name, s.Info.Synthetic, s.Info.Description, s.Info.Seed, s.Info.ProjectedEpsg,
            LayerFeatures.Iso(s.Info.EventDate), s.Info.Source,
            new ScenarioCounts(s.Areas.Count, s.Blocks.Count, s.Buildings.Count, s.Sites.Count, s.Zones.Count,
                s.Orders.Count, s.Population.Count, generated.DestroyedBuildingIds.Count, entries.Count),
            radar.Grid.Width, radar.Grid.Height, radar.Grid.Transform.PixelWidth, radar.Model.Looks);
        AtomicFile.Write(Path.Combine(dir, ScenarioFiles.Manifest),
            stream => JsonSerializer.Serialize(stream, manifest, ScenarioManifest.JsonOptions));
        progress?.Report(new WorkProgress("done", total, total));
    }
}
