using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Haven.Damage.Aggregation;
using Haven.Damage.Buildings;
using Haven.Damage.Scoring;
using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Geo.GeoTiff;
using Haven.Geo.IO;
using Haven.Geo.Tabular;
using Haven.Storage.Assessments;
using NetTopologySuite.Features;

using Haven.Geo.Vector;

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

    /// <summary>
    /// Writes the folder; <paramref name="layers"/> chooses the format of the buildings and areas layers:
    /// GeoJSON (buildings.geojson with areas.csv, the default), GeoPackage (buildings.gpkg, areas.gpkg) or CSV
    /// (buildings.csv with the footprint as WKT, areas.csv).
    /// </summary>
    public static void Write(AssessmentRun run, string directory, VectorFormat layers = VectorFormat.GeoJson)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (layers is VectorFormat.Shapefile)
        {
            throw new ArgumentOutOfRangeException(nameof(layers), layers, "Assessment layers are written as GeoJSON, GeoPackage or CSV.");
        }

        AtomicDirectory.Write(directory, dir => File.Exists(Path.Combine(dir, Summary)), temp =>
        {
            // The five files depend only on the run: written side by side, so the single-threaded ones overlap.
            var maps = run.Result.Pwtt.Maps;
            try
            {
                Parallel.Invoke(
                    () =>
                    {
                        string name = layers switch { VectorFormat.GeoPackage => "buildings.gpkg", VectorFormat.Csv => "buildings.csv", _ => Buildings };
                        BuildingsTable(run).Write(Path.Combine(temp, name));
                    },
                    () =>
                    {
                        if (layers == VectorFormat.GeoPackage)
                        {
                            AreasTable(run.Result.Areas).Write(Path.Combine(temp, "areas.gpkg"));
                        }
                        else
                        {
                            File.WriteAllText(Path.Combine(temp, Areas), AreasCsv(run.Result.Areas), Utf8);
                        }
                    },
                    () => GeoTiffWriter.Write(Path.Combine(temp, TMap), maps[0].T.Grid, [.. maps.Select(m => m.T.Data)], double.NaN,
                        new GeoTiffWriteOptions { CloudOptimized = true, TileSize = 256, Predictor = GeoTiffPredictor.FloatingPoint }),
                    () => File.WriteAllText(Path.Combine(temp, Summary), RunSummary.Json(run), Utf8),
                    () => File.WriteAllText(Path.Combine(temp, Report), AssessmentReport.Html(run), Utf8));
            }
            catch (AggregateException ex)
            {
                // The first failure as it was thrown (a full disk is an IOException to the caller, not an AggregateException).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            }
        });
    }

    /// <summary>
    /// The buildings layer, whatever format it is written in: each building with its score, damage and flags on the
    /// last date, then its score and damage on every date (<c>score_YYYYMMDD</c>, <c>damaged_YYYYMMDD</c>), in the
    /// order of the scores. Damage is true, false, or null where that date's map did not score the building (unknown,
    /// not intact). Ids that were all numbers are written as numbers again.
    /// </summary>
    private static FeatureTable BuildingsTable(AssessmentRun run)
    {
        var dates = run.Result.Dates;
        var last = dates[^1];
        var perDate = dates.Select(d => d.Scores.ToDictionary(s => s.Id)).ToList();
        var columns = new List<string> { "id", "area", "score", "damaged", "coverage", "flags" };
        foreach (var d in dates)
        {
            string day = d.Inference.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            columns.Add("score_" + day);
            columns.Add("damaged_" + day);
        }

        var rows = last.Scores.Select(score =>
        {
            var row = new List<object?>
            {
                run.IdsAreNumbers && BuildingIds.IsPlainInteger(score.Id) ? long.Parse(score.Id, CultureInfo.InvariantCulture) : score.Id,
                run.Result.BuildingArea.GetValueOrDefault(score.Id),
                Round(score.Score),
                last.CallOf(score),
                Math.Round(score.Coverage, 3),
                BuildingScore.FlagText(score.Flags),
            };
            for (int d = 0; d < dates.Count; d++)
            {
                row.Add(Round(perDate[d][score.Id].Score));
                row.Add(dates[d].CallOf(perDate[d][score.Id]));
            }

            return row.ToArray();
        }).ToList();
        return new FeatureTable("buildings", columns, rows, [.. last.Scores.Select(s => run.FootprintsWgs84[s.Id])]);
    }

    /// <summary>The areas layer as a table, with the columns of <see cref="AreasCsv"/> (without its HXL row).</summary>
    private static FeatureTable AreasTable(IEnumerable<AreaDamage> areas) => new(
        "areas",
        ["code", "name", "date", "structures", "scored", "damaged", "share", "lower_95", "upper_95", "method"],
        [.. areas.Select(a => new object?[]
        {
            a.Code, a.Name, a.Inference.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (long)a.Structures, (long)a.Scored, (long)a.Damaged,
            Numbers.Finite(a.Share), Numbers.Finite(a.Lower), Numbers.Finite(a.Upper), a.Method,
        })]);

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
