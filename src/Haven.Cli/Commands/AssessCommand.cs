using Haven.Storage.Access;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Haven.Damage.Assessment;
using Haven.Damage.Ccd;
using Haven.Damage.Pwtt;
using Haven.Damage.Stacks;
using Haven.Geo;
using Haven.Storage.Assessments;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven assess`: building damage from a radar image stack with PWTT, per building and per area, over time.</summary>
public static class AssessCommand
{
    public static Command Create(TimeProvider time)
    {
        var stack = new Option<FileInfo>("--stack") { Description = "Image stack manifest (CSV: path,date,orbit,polarisation).", Required = true };
        var eventDate = new Option<string>("--event") { Description = "Event date (YYYY-MM-DD): the pre window ends the day before.", Required = true };
        var inference = new Option<string>("--inference") { Description = "Inference date(s), comma-separated (YYYY-MM-DD): each starts a post window.", Required = true };
        var buildings = new Option<FileInfo>("--buildings") { Description = "Building footprints (GeoJSON polygons, WGS 84) with an 'id'.", Required = true };
        var areas = new Option<FileInfo>("--areas") { Description = "Areas to aggregate over (GeoJSON polygons with a code such as 'pcode' and a name).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for buildings.geojson, areas.csv, t.tif, summary.json and report.html.", Required = true };
        var method = new Option<string>("--method") { Description = "pwtt (intensity stack) or ccd (complex SLC stack).", DefaultValueFactory = _ => "pwtt" };
        method.AcceptOnlyFromAmong("pwtt", "ccd");
        var labels = new Option<FileInfo?>("--labels") { Description = "Reference labels (UNOSAT points or polygons; classes 1-3 damaged) for validation and corrected intervals." };
        var labelField = new Option<string?>("--label-field") { Description = "Property holding the damage class (default: Main_Damage_Site_Class, damage_class, class, or the latest cls_YYYYMMDD)." };
        var threshold = new Option<double?>("--threshold") { Description = "Damage threshold on the building score (default 3.3 for PWTT)." };
        var command = new Command("assess", "Assess building damage from a radar image stack; write per-building and per-area results, a T map, a summary and a report.")
        {
            stack, eventDate, inference, buildings, areas, output, method, labels, labelField, threshold,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!TryDate(parse.GetValue(eventDate)!, "--event", out var ev))
            {
                return ExitCodes.BadInput;
            }

            var dates = new List<DateOnly>();
            foreach (string text in parse.GetValue(inference)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TryDate(text, "--inference", out var d))
                {
                    return ExitCodes.BadInput;
                }

                dates.Add(d);
            }

            dates.Sort();
            string methodName = parse.GetValue(method)!;
            bool ccd = methodName == "ccd";
            var clock = Stopwatch.StartNew();
            string manifest = parse.GetValue(stack)!.FullName;
            var opened = ImageStack.Open(manifest, complex: ccd);
            if (!opened.Succeeded)
            {
                return Fail(opened.Problem!);
            }

            int epsg = opened.Value.Grid.Epsg;
            string buildingsPath = parse.GetValue(buildings)!.FullName;
            var footprints = AssessmentInputs.Buildings(buildingsPath, epsg);
            if (!footprints.Succeeded)
            {
                return Fail(footprints.Problem!);
            }

            string areasPath = parse.GetValue(areas)!.FullName;
            var areaList = AssessmentInputs.Areas(areasPath, epsg);
            if (!areaList.Succeeded)
            {
                return Fail(areaList.Problem!);
            }

            LabelSet? labelSet = null;
            string? labelsPath = parse.GetValue(labels)?.FullName;
            if (labelsPath is not null)
            {
                var read = AssessmentInputs.Labels(labelsPath, epsg, footprints.Value.Footprints, parse.GetValue(labelField));
                if (!read.Succeeded)
                {
                    return Fail(read.Problem!);
                }

                labelSet = read.Value;
            }

            var ccdOptions = CcdOptions.Default with { DamageThreshold = parse.GetValue(threshold) ?? CcdOptions.Default.DamageThreshold };
            var options = PwttOptions.Default with { DamageThreshold = ccd ? ccdOptions.DamageThreshold : parse.GetValue(threshold) ?? PwttOptions.Default.DamageThreshold };
            var seconds = new Dictionary<string, double> { ["read_inputs"] = clock.Elapsed.TotalSeconds };
            clock.Restart();
            var inputs = new List<InputFile> { InputFile.Hash("stack manifest", manifest) };
            inputs.AddRange(opened.Value.Paths.Select((p, i) => InputFile.Hash($"image {opened.Value.Entries[i].Date:yyyy-MM-dd} {opened.Value.Entries[i].Polarisation} orbit {opened.Value.Entries[i].Orbit}", p)));
            inputs.Add(InputFile.Hash("buildings", buildingsPath));
            inputs.Add(InputFile.Hash("areas", areasPath));
            if (labelsPath is not null)
            {
                inputs.Add(InputFile.Hash("labels", labelsPath));
            }

            seconds["hash_inputs"] = clock.Elapsed.TotalSeconds;
            var input = new AssessmentInput(opened.Value, ev, dates, footprints.Value.Footprints, areaList.Value, labelSet, options);
            Outcome<AssessmentResult> result = default;
            await ProgressDisplay.RunAsync(ccd ? "CCD" : "PWTT", progress =>
            {
                if (ccd)
                {
                    var maps = CcdEngine.Run(opened.Value, ev, dates, ccdOptions);
                    result = maps.Succeeded ? DamageAssessment.Evaluate(input, maps.Value, progress) : maps.Problem!;
                }
                else
                {
                    result = DamageAssessment.Run(input, progress);
                }

                return Task.CompletedTask;
            });
            if (!result.Succeeded)
            {
                return Fail(result.Problem!);
            }

            foreach (var (k, v) in result.Value.StageSeconds)
            {
                seconds[k] = v;
            }

            var now = time.GetUtcNow();
            string id = $"{methodName}-{now:yyyyMMddHHmmss}-{inputs[0].Sha256[..8]}";
            clock.Restart();
            var parameters = ccd ? MethodParameters.Of(ccdOptions, options.SmallFootprintM2) : MethodParameters.Of(options);
            var run = new AssessmentRun(id, now, methodName, ev, options.DamageThreshold, parameters, inputs, result.Value, footprints.Value.Wgs84, seconds,
                Synthetic: IsSynthetic(manifest));
            string outDir = parse.GetValue(output)!.FullName;
            AssessmentWriter.Write(run, outDir);
            seconds["write_outputs"] = clock.Elapsed.TotalSeconds;
            var store = await GlobalOptions.OpenStoreAsync(parse, ct);
            await store.SaveAssessmentAsync(run, ct);
            await Audited.RecordAsync(store, time, Audited.CommandLineActor, "assess", run.Id, null, AssessmentWriter.AreasCsv(run),
                $"{methodName} assessment of {run.Result.Dates.Count} date(s) stored", ct);
            Print(run, outDir);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>True when the stack belongs to a synthetic scenario folder (a scenario.json that says so beside it or above it).</summary>
    private static bool IsSynthetic(string manifest)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(manifest));
        for (int i = 0; i < 2 && dir is not null; i++, dir = Path.GetDirectoryName(dir))
        {
            if (Storage.Scenarios.ScenarioReader.IsScenarioFolder(dir))
            {
                var info = Storage.Scenarios.ScenarioReader.ReadInfo(dir);
                return info.Succeeded && info.Value.Synthetic;
            }
        }

        return false;
    }

    internal static bool TryDate(string text, string option, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        Console.Error.WriteLine($"{option}: '{text}' is not a date; expected YYYY-MM-DD.");
        return false;
    }

    internal static int Fail(Problem problem)
    {
        Console.Error.WriteLine(problem.Message);
        return ExitCodes.BadInput;
    }

    private static void Print(AssessmentRun run, string outDir)
    {
        var table = new Table().AddColumns("area", "date", "structures", "damaged (map)", "share", "95% interval");
        foreach (var a in run.Result.Areas)
        {
            table.AddRow(Markup.Escape($"{a.Name} ({a.Code})"), a.Inference.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                a.Structures.ToString("N0", CultureInfo.InvariantCulture), a.Damaged.ToString("N0", CultureInfo.InvariantCulture),
                a.Share.ToString("P1", CultureInfo.InvariantCulture), $"{a.Lower.ToString("P1", CultureInfo.InvariantCulture)} - {a.Upper.ToString("P1", CultureInfo.InvariantCulture)}");
        }

        AnsiConsole.Write(table);
        foreach (var (date, m) in run.Result.Validation)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Validation {date:yyyy-MM-dd}: ROC AUC {m.RocAuc:F3}; F1 {m.AtThreshold.F1:F3} at {m.AtThreshold.Threshold:F2}, best F1 {m.BestF1.F1:F3} at {m.BestF1.Threshold:F2}"));
        }

        AnsiConsole.MarkupLine($"Assessment [bold]{Markup.Escape(run.Id)}[/] written to [bold]{Markup.Escape(outDir)}[/] and stored.");
    }
}
