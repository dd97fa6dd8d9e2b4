using System.Globalization;
using System.Text.Json;
using Haven.Damage.Buildings;
using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using NetTopologySuite.Features;

namespace Haven.Storage.Scenarios;

/// <summary>
/// Reads a scenario folder written by the demo's scenario writer back into a <see cref="Scenario"/>.
/// Every problem names the file and, for layers, the feature index and property.
/// </summary>
public static class ScenarioReader
{
    public static bool IsScenarioFolder(string directory) => File.Exists(Path.Combine(directory, ScenarioFiles.Manifest));

    /// <summary>What scenario.json says about a scenario folder.</summary>
    public static Outcome<ScenarioInfo> ReadInfo(string directory)
    {
        string manifestPath = Path.Combine(directory, ScenarioFiles.Manifest);
        if (!File.Exists(manifestPath))
        {
            return Outcome<ScenarioInfo>.Failure("scenario.not_found", $"{directory}: no {ScenarioFiles.Manifest}; not a scenario folder.");
        }

        try
        {
            ScenarioManifest? m;
            using (var stream = File.OpenRead(manifestPath))
            {
                m = JsonSerializer.Deserialize<ScenarioManifest>(stream, ScenarioManifest.JsonOptions);
            }

            return m is not null && DateOnly.TryParseExact(m.EventDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var eventDate)
                ? new ScenarioInfo(m.Name, m.Synthetic, m.Description, m.Seed, m.ProjectedEpsg, eventDate, m.Source)
                : Outcome<ScenarioInfo>.Failure("scenario.manifest", $"{manifestPath}: expected name, synthetic, seed and event_date (YYYY-MM-DD).");
        }
        catch (JsonException ex)
        {
            return Outcome<ScenarioInfo>.Failure("scenario.manifest", $"{manifestPath}: {ex.Message}");
        }
    }

    public static Outcome<Scenario> Read(string directory)
    {
        var read = ReadInfo(directory);
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        try
        {
            var info = read.Value;
            var areas = Layer(directory, ScenarioFiles.Areas, LayerFeatureReaders.Area);
            var blocks = Layer(directory, ScenarioFiles.Blocks, LayerFeatureReaders.Block);
            var buildings = Layer(directory, ScenarioFiles.Buildings, LayerFeatureReaders.Building);
            var sites = Layer(directory, ScenarioFiles.Sites, LayerFeatureReaders.Site);
            var zones = Layer(directory, ScenarioFiles.Zones, LayerFeatureReaders.Zone);
            var orders = Layer(directory, ScenarioFiles.Orders, LayerFeatureReaders.Order);
            var knownBlocks = blocks.Select(b => b.Number).ToHashSet();
            foreach (var (o, i) in orders.Select((o, i) => (o, i)))
            {
                if ((OrderRules.Check(o) ?? (OrderRules.UnknownBlocks(o, knownBlocks) is { Count: > 0 } unknown ? $"blocks: {string.Join(", ", unknown)} are not in blocks.geojson" : null)) is { } broken)
                {
                    throw new ScenarioFormatException($"{Path.Combine(directory, ScenarioFiles.Orders)}: feature {i} (order {o.Id}): {broken}.");
                }
            }

            foreach (var (z, i) in zones.Select((z, i) => (z, i)))
            {
                if (z.Check() is { } broken)
                {
                    throw new ScenarioFormatException($"{Path.Combine(directory, ScenarioFiles.Zones)}: feature {i} (zone {z.Id}): {broken}.");
                }
            }

            string populationPath = Path.Combine(directory, ScenarioFiles.Population);
            var populationText = Haven.Geo.Text.TextFiles.ReadUtf8(populationPath);
            if (!populationText.Succeeded)
            {
                return populationText.Problem!;
            }

            var population = PopulationCsv.Parse(populationText.Value, populationPath);
            if (!population.Succeeded)
            {
                return population.Problem!;
            }

            var planning = Planning.PlanningData.Empty;
            foreach (string kind in Planning.PlanningTables.Kinds)
            {
                string path = Path.Combine(directory, Planning.PlanningTables.FileName(kind));
                if (!File.Exists(path))
                {
                    continue;
                }

                var text = Haven.Geo.Text.TextFiles.ReadUtf8(path);
                var table = text.Succeeded ? Planning.PlanningTables.Parse(kind, text.Value, path, planning) : text.Problem!;
                if (!table.Succeeded)
                {
                    return table.Problem!;
                }

                planning = table.Value;
            }

            return new Scenario(info, areas, blocks, buildings, sites, zones, orders, population.Value, planning);
        }
        catch (ScenarioFormatException ex)
        {
            return Outcome<Scenario>.Failure("scenario.format", ex.Message);
        }
        catch (FileNotFoundException ex)
        {
            return Outcome<Scenario>.Failure("scenario.missing_file", $"{directory}: missing {Path.GetFileName(ex.FileName)}.");
        }
    }

    private static List<T> Layer<T>(string directory, string file, Func<IFeature, FeatureAttributes, T> map)
    {
        string path = Path.Combine(directory, file);
        // The same validating reader as every other import: a bad feature is named, never half-read.
        var read = GeoJsonReader.Read(path);
        if (!read.Succeeded)
        {
            throw new ScenarioFormatException(read.Problem!.Message);
        }

        if (read.Value.Problems.Count > 0)
        {
            throw new ScenarioFormatException(read.Value.Problems[0].ToString());
        }

        return [.. read.Value.Features.Select(f => map(f.Feature, new FeatureAttributes(f.Feature, path, f.Index)))];
    }
}
