using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Haven.Damage.Aggregation;
using Haven.Damage.Scoring;
using Haven.Geo.GeoJson;
using Haven.Geo.GeoTiff;
using Haven.Geo.IO;
using Haven.Geo.Tabular;
using Haven.Storage.Assessments;
using NetTopologySuite.Features;

namespace Haven.Workflows.Assessments;

/// <summary>
/// Writes an assessment folder: buildings.geojson, areas.csv (HXL), t.tif (one band per inference date, a
/// Cloud-Optimized GeoTIFF), summary.json and report.html. The folder appears whole or not at all.
/// </summary>
public static class AssessmentWriter
{
    public const string Buildings = "buildings.geojson";
    public const string Areas = "areas.csv";
    public const string TMap = "t.tif";
    public const string Summary = "summary.json";
    public const string Report = "report.html";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Version => RunSummary.Version;

    public static void Write(AssessmentRun run, string directory)
    {
        ArgumentNullException.ThrowIfNull(run);
        AtomicDirectory.Write(directory, dir => File.Exists(Path.Combine(dir, Summary)), temp =>
        {
            GeoJsonFiles.Write(Path.Combine(temp, Buildings), BuildingFeatures(run));
            File.WriteAllText(Path.Combine(temp, Areas), AreasCsv(run.Result.Areas), Utf8);
            var maps = run.Result.Pwtt.Maps;
            GeoTiffWriter.Write(Path.Combine(temp, TMap), maps[0].T.Grid, [.. maps.Select(m => m.T.Data)], double.NaN,
                new GeoTiffWriteOptions { CloudOptimized = true, TileSize = 256, Predictor = GeoTiffPredictor.FloatingPoint });
            File.WriteAllText(Path.Combine(temp, Summary), JsonSerializer.Serialize(RunSummary.Document(run), JsonOptions), Utf8);
            File.WriteAllText(Path.Combine(temp, Report), AssessmentReport.Html(run), Utf8);
        });
    }

    public static JsonSerializerOptions JsonOptions => RunSummary.JsonOptions;

    private static FeatureCollection BuildingFeatures(AssessmentRun run)
    {
        var dates = run.Result.Dates;
        var last = dates[^1];
        var perDate = dates.Select(d => d.Scores.ToDictionary(s => s.Id)).ToList();
        var suffixes = dates.Select(d => d.Inference.ToString("yyyyMMdd", CultureInfo.InvariantCulture)).ToList();
        // Each feature depends only on its building: built in parallel, kept in the order of the scores.
        var built = new IFeature[last.Scores.Count];
        Parallel.For(0, built.Length, i =>
        {
            var score = last.Scores[i];
            var attributes = new AttributesTable
            {
                { "id", score.Id },
                { "area", run.Result.BuildingArea.GetValueOrDefault(score.Id) },
                { "score", Round(score.Score) },
                { "damaged", last.CumulativeDamaged.Contains(score.Id) },
                { "coverage", Math.Round(score.Coverage, 3) },
                { "flags", BuildingScore.FlagText(score.Flags) },
            };
            for (int d = 0; d < dates.Count; d++)
            {
                attributes.Add($"score_{suffixes[d]}", Round(perDate[d][score.Id].Score));
                attributes.Add($"damaged_{suffixes[d]}", dates[d].CumulativeDamaged.Contains(score.Id));
            }

            built[i] = new Feature(Rfc7946.Prepare(run.FootprintsWgs84[score.Id]), attributes);
        });

        var features = new FeatureCollection();
        foreach (var f in built)
        {
            features.Add(f);
        }

        return features;
    }

    private static double? Round(double v) => double.IsFinite(v) ? Math.Round(v, 3) : null;

    /// <summary>Per area and inference date, with HXL hashtags on the second row.</summary>
    public static string AreasCsv(IEnumerable<AreaDamage> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        var sb = new StringBuilder();
        sb.Append("code,name,date,structures,scored,damaged,share,lower_95,upper_95,method\n");
        sb.Append("#adm1+code,#adm1+name,#date,#indicator+structures+total,#indicator+structures+assessed,#indicator+structures+damaged,")
          .Append("#indicator+damaged+pct,#indicator+damaged+pct+lower,#indicator+damaged+pct+upper,#meta+method\n");
        foreach (var a in areas)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{CsvText.Quote(a.Code)},{CsvText.Quote(a.Name)},{a.Inference:yyyy-MM-dd},{a.Structures},{a.Scored},{a.Damaged},")
              .Append(CultureInfo.InvariantCulture, $"{Fraction(a.Share)},{Fraction(a.Lower)},{Fraction(a.Upper)},{CsvText.Quote(a.Method)}\n");
        }

        return sb.ToString();
    }

    private static string Fraction(double v) => double.IsFinite(v) ? v.ToString("0.#####", CultureInfo.InvariantCulture) : string.Empty;
}
