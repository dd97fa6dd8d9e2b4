using Haven.Workflows.PlanningAnswers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Haven.Geo.IO;
using Haven.Planning;
using Haven.Planning.Aid;
using Haven.Planning.Capacity;
using Haven.Workflows.Access;
using Haven.Workflows.Importers;
using Haven.Storage;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven capacity`, `haven return`, `haven aid needs`, `haven aid plan`: the planning questions, over what the store holds.</summary>
public static class PlanningCommands
{
    private static readonly Option<string?> AsOf = new("--as-of") { Description = "The date to answer for (YYYY-MM-DD); default today." };
    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Also write the result: .csv (HXL tags on the second row) or .json." };
    private static readonly Option<string> Phase = new("--phase") { Description = "Latrine ratio: first (1 per 50 people) or later (1 per 20).", DefaultValueFactory = _ => "first" };
    private static readonly Option<double> HouseholdSize = new("--household-size") { Description = "People per household (5.5 for Gaza).", DefaultValueFactory = _ => 5.5 };

    public static IEnumerable<Command> Create(TimeProvider time)
    {
        Phase.AcceptOnlyFromAmong("first", "later");
        yield return Capacity(time);
        yield return Return(time);
        yield return Aid(time);
    }

    private static Command Capacity(TimeProvider time)
    {
        var area = new Option<string?>("--area") { Description = "One area by P-code (default: every area)." };
        var zone = new Option<string?>("--zone") { Description = "A zone by id instead of areas (needs --people)." };
        var people = new Option<long?>("--people") { Description = "People present, instead of the population counts (required with --zone)." };
        var housing = new Option<bool>("--housing") { Description = "Habitable housing per area and per block instead: intact structures x household size against people." };
        var command = new Command("capacity", "Can each area (or a zone) hold the people in it: space, density and each Sphere standard, as of a date.")
        {
            AsOf, area, zone, people, housing, Phase, HouseholdSize, Out,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (store, inputs) = await LoadAsync(parse, time, ct);
            if (inputs is null)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(housing))
            {
                var housingRows = PlanningQueries.Housing(inputs, parse.GetValue(area));
                if (!housingRows.Succeeded)
                {
                    return CommandLineInput.Fail(housingRows.Problem!);
                }

                var rows = housingRows.Value;
                var t = new Table().AddColumns("", "structures", "damaged", "intact", "not assessed", "houses (people)", "people", "surplus", "verdict");
                foreach (var h in rows.Where(h => h.Level == "area"))
                {
                    t.AddRow(Markup.Escape($"{h.Name} ({h.Code})"), N(h.Structures), N(h.Damaged), N(h.Intact), N(h.NotAssessed), N(h.Capacity), N(h.People), N(h.Surplus), h.DamageKnown ? Verdicts.Text(h.Verdict) : "damage not assessed");
                }

                AnsiConsole.Write(t);
                AnsiConsole.MarkupLine($"{rows.Count(h => h.Level == "block")} blocks in the file output.");
                return Write(parse, PlanningCsv.Housing(rows), rows);
            }

            var reports = await PlanningQueries.CapacityAsync(store, inputs, parse.GetValue(area), parse.GetValue(zone), parse.GetValue(people), null, ct);
            if (!reports.Succeeded)
            {
                return CommandLineInput.Fail(reports.Problem!);
            }

            foreach (var r in reports.Value)
            {
                PrintCapacity(r);
            }

            return Write(parse, PlanningCsv.Capacity(reports.Value), reports.Value);
        });
        return command;
    }

    private static Command Return(TimeProvider time)
    {
        var from = new Option<string>("--from") { Description = "Area people would leave (P-code).", Required = true };
        var to = new Option<string>("--to") { Description = "Area they would go back to (P-code).", Required = true };
        var people = new Option<long?>("--people") { Description = "How many (default: everyone from --to who is in --from)." };
        var command = new Command("return", "Can people go back from one area to another as of a date: housing, services, orders, Sphere before and after, blocks ranked by readiness.")
        {
            AsOf, from, to, people, Phase, HouseholdSize, Out,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (_, inputs) = await LoadAsync(parse, time, ct);
            if (inputs is null)
            {
                return ExitCodes.BadInput;
            }

            var report = ReturnPlanner.Assess(inputs.Scene, inputs.Population, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(people));
            if (!report.Succeeded)
            {
                return CommandLineInput.Fail(report.Problem!);
            }

            var r = report.Value;
            AnsiConsole.MarkupLine($"Return of [bold]{N(r.People)}[/] people ({Markup.Escape(r.PeopleBasis)}) from {Markup.Escape(r.From)} to {Markup.Escape(r.To)} as of {r.AsOf:yyyy-MM-dd}: "
                + (r.Feasible ? "[green]nothing stands in the way[/]" : "[red]not feasible yet[/]"));
            foreach (string o in r.Obstacles)
            {
                AnsiConsole.MarkupLine($"  - {Markup.Escape(o)}");
            }

            PrintLacking(r.Missing);

            AnsiConsole.MarkupLine($"Housing in {Markup.Escape(r.To)}: {N(r.Housing.Intact)} intact structures for {N(r.Housing.Capacity)} people, {N(r.ToBefore.People)} there now; {r.WorkingHealthSites} working health sites, {r.WorkingWaterPoints} water points.");
            var t = new Table().AddColumns("", $"{r.From} before", $"{r.From} after", $"{r.To} before", $"{r.To} after");
            t.AddRow("people", N(r.FromBefore.People), N(r.FromAfter.People), N(r.ToBefore.People), N(r.ToAfter.People));
            t.AddRow("m2 per person (45)", N(r.FromBefore.UsableM2PerPerson), N(r.FromAfter.UsableM2PerPerson), N(r.ToBefore.UsableM2PerPerson), N(r.ToAfter.UsableM2PerPerson));
            foreach (var c in r.FromBefore.Checks)
            {
                t.AddRow(c.Standard, Verdicts.Text(c.Verdict), Verdicts.Text(r.FromAfter.Check(c.Standard).Verdict), Verdicts.Text(r.ToBefore.Check(c.Standard).Verdict), Verdicts.Text(r.ToAfter.Check(c.Standard).Verdict));
            }

            AnsiConsole.Write(t);
            var blocks = new Table().AddColumns("rank", "block", "intact", "water (m)", "health (m)", "note");
            foreach (var b in r.BlockRanking.Take(10))
            {
                blocks.AddRow(N(b.Rank), N(b.Block), b.IntactShare is double s ? s.ToString("P0", CultureInfo.InvariantCulture) : "unknown", N(b.NearestWaterM), N(b.NearestHealthM), Markup.Escape(b.Note));
            }

            AnsiConsole.Write(blocks);
            return Write(parse, PlanningCsv.ReturnBlocks(r.BlockRanking), r);
        });
        return command;
    }

    private static Command Aid(TimeProvider time)
    {
        var aid = new Command("aid", "Aid needs against deliveries, and an allocation of what is available.");
        var until = new Option<string?>("--to") { Description = "Last day of the gap table (default: --as-of)." };
        var needs = new Command("needs", "Daily needs per area from its people, and need against what the truck log shows delivered, per day.") { AsOf, until, Out };
        needs.SetAction(async (parse, ct) =>
        {
            var (_, inputs) = await LoadAsync(parse, time, ct);
            if (inputs is null || !TryDate(parse.GetValue(until), inputs.Scene.AsOf, out var last))
            {
                return ExitCodes.BadInput;
            }

            var answer = PlanningQueries.Needs(inputs, inputs.Scene.AsOf, last);
            var (daily, gaps) = (answer.Needs, answer.Gaps);
            var t = new Table().AddColumns("area", "people", "commodity", "tonnes a day", "delivered", "gap", "unmet");
            foreach (var n in daily)
            {
                var g = gaps.First(x => x.Area == n.Area && x.Commodity == n.Commodity && x.Date == n.Date);
                t.AddRow(n.Area, N(n.People), n.Commodity, N(n.Tonnes), g.DeliveredTonnes is double d ? N(d) : "unknown", g.GapTonnes is double gap ? N(gap) : "unknown",
                    g.UnmetShare?.ToString("P0", CultureInfo.InvariantCulture) ?? "unknown");
            }

            AnsiConsole.Write(t);
            PrintLacking(answer.Missing);
            return Write(parse, PlanningCsv.Gaps(gaps), answer);
        });
        var commodity = new Option<string>("--commodity") { Description = "What to share out: food, water.", DefaultValueFactory = _ => "food" };
        var available = new Option<double?>("--available") { Description = "Tonnes to share (default: collected that day and not yet delivered, from the truck log)." };
        var plan = new Command("plan", "Share what is available across areas so that the largest unmet share of need is as small as possible; unreachable areas get nothing.")
        {
            AsOf, commodity, available, Out,
        };
        plan.SetAction(async (parse, ct) =>
        {
            var (_, inputs) = await LoadAsync(parse, time, ct);
            if (inputs is null)
            {
                return ExitCodes.BadInput;
            }

            var result = PlanningQueries.Plan(inputs, parse.GetValue(commodity)!, parse.GetValue(available));
            if (!result.Succeeded)
            {
                return CommandLineInput.Fail(result.Problem!);
            }

            var p = result.Value;
            var t = new Table().AddColumns("area", "need (t)", "allocated (t)", "unmet", "note");
            foreach (var a in p.Areas)
            {
                t.AddRow(a.Area, N(a.NeedTonnes), N(a.AllocatedTonnes), a.UnmetShare.ToString("P0", CultureInfo.InvariantCulture), Markup.Escape(a.Note ?? ""));
            }

            AnsiConsole.Write(t);
            AnsiConsole.MarkupLine($"{N(p.AllocatedTonnes)} of {N(p.AvailableTonnes)} t of {Markup.Escape(p.Commodity)} allocated on {p.Date:yyyy-MM-dd}; largest unmet share {p.MaxUnmetShare.ToString("P1", CultureInfo.InvariantCulture)} ({p.Solver}).");
            PrintLacking(p.Missing);
            return Write(parse, PlanningCsv.Plan(p), p);
        });
        aid.Subcommands.Add(needs);
        aid.Subcommands.Add(plan);
        aid.Subcommands.Add(AidImportCommand(time));
        aid.Subcommands.Add(AidDeliveries(time));
        aid.Subcommands.Add(AidGap(time));
        return aid;
    }

    private static Command AidImportCommand(TimeProvider time)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "UNRWA's supply workbook (.xlsx) or its CSV export, COGAT's consignment list (CSV), or a truck log in Haven's HXL CSV." };
        var replace = new Option<bool>("--replace") { Description = "Replace the records of the same source already stored (recorded in the audit log)." };
        var kcal = new Option<FileInfo?>("--kcal") { Description = "kcal per kg by item (CSV with item and kcal_kg columns), instead of Haven's defaults where it gives one." };
        var pallets = new Option<FileInfo?>("--pallets") { Description = "Pallet weights (CSV with agency, item, kg_pallet; an analysis column prefers rows marked main)." };
        var skipped = new Option<FileInfo?>("--skipped") { Description = "Write every row not imported, with its reason, to this CSV." };
        var region = new Option<string?>("--region") { Description = "For a table of deliveries to one region that does not name it (trucks_to_north.csv): the region, e.g. north." };
        var command = new Command("import", "Import aid records as published (UNRWA, COGAT, a truck log, research tables of a region's population or deliveries), recognised by their columns; each source is kept apart.")
        {
            file, replace, kcal, pallets, skipped, region,
        };
        command.SetAction(async (parse, ct) =>
        {
            var factors = AidFactors.ReadFiles(parse.GetValue(kcal)?.FullName, parse.GetValue(pallets)?.FullName);
            if (!factors.Succeeded)
            {
                return CommandLineInput.Fail(factors.Problem!);
            }

            var records = AidRecords.Read(parse.GetValue(file)!.FullName, factors.Value, parse.GetValue(region));
            if (!records.Succeeded)
            {
                return CommandLineInput.Fail(records.Problem!);
            }

            var r = records.Value;
            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var imported = await AidImport.ImportAsync(store, time, Audited.CommandLineActor, r, parse.GetValue(replace), ct);
            if (!imported.Succeeded)
            {
                return CommandLineInput.Fail(imported.Problem!);
            }

            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{r.Format}: {r.RowsRead:N0} rows read, {r.RowsRead - r.Skipped.Count:N0} imported, {r.Skipped.Count:N0} not imported; {imported.Value.Note}.")));
            if (r.Arrivals.Count > 0)
            {
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Arrivals.Min(a => a.Date):yyyy-MM-dd} to {r.Arrivals.Max(a => a.Date):yyyy-MM-dd}: {r.Arrivals.Sum(a => a.Trucks ?? 0):N0} trucks, {r.Arrivals.Sum(a => a.Tonnes ?? 0):N0} t"
                    + $" ({r.Arrivals.Count(a => a.Tonnes is null):N0} without a weight), {r.Arrivals.Count(a => a.Assumed.Length > 0):N0} rows with an assumed conversion; factors: {factors.Value.Basis}.")));
            }

            foreach (string caveat in r.Caveats.Take(1))
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(caveat)}[/]");
            }

            foreach (var s in r.Skipped.GroupBy(s => s.Reason.Split(' ')[0]).SelectMany(g => g.Take(3)).Take(12))
            {
                AnsiConsole.MarkupLine($"[grey]Not imported: {Markup.Escape(s.Where)}: {Markup.Escape(s.Reason)}[/]");
            }

            if (parse.GetValue(skipped) is { } list)
            {
                AtomicFile.Write(list.FullName, st => st.Write(new UTF8Encoding(false).GetBytes(PlanningCsv.Table("where,reason", "#meta+row,#meta+reason", r.Skipped,
                    x => $"{Haven.Geo.Tabular.CsvText.Quote(x.Where)},{Haven.Geo.Tabular.CsvText.Quote(x.Reason)}"))));
                AnsiConsole.MarkupLine($"Rows not imported written to [bold]{Markup.Escape(list.FullName)}[/].");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AidGap(TimeProvider time)
    {
        var scope = new Option<string>("--scope") { Description = "strip (what entered, against everyone present) or a region with records, e.g. north.", DefaultValueFactory = _ => FoodGaps.Strip };
        var from = new Option<string?>("--from") { Description = "First day (YYYY-MM-DD; default: the first record for the scope)." };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD; default: the last record for the scope)." };
        var by = new Option<string>("--by") { Description = "day, week or month.", DefaultValueFactory = _ => "month" };
        var together = new Option<string?>("--together") { Description = "Sources that record different consignments, counted together in a row of their own (e.g. trucks_to_north,boats_airdrops)." };
        var command = new Command("gap", "Food that arrived against what the people present need: kcal per person per day, share of 2,100, the gap and trucks a day to close it, per period and source.")
        {
            scope, from, to, by, together, Out,
        };
        command.SetAction(async (parse, ct) =>
        {
            var grouping = DeliveryGrouping.Parse(parse.GetValue(by));
            if (!grouping.Succeeded || grouping.Value.Crossing || grouping.Value.Category || grouping.Value.Route)
            {
                return CommandLineInput.Fail(grouping.Succeeded ? new Haven.Geo.Problem("aid.by", "--by: the gap is per period only; expected day, week or month.") : grouping.Problem!);
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var source = await PlanningSource.LoadAsync(store, ct);
            if (!source.Succeeded)
            {
                return CommandLineInput.Fail(source.Problem!);
            }

            string where = parse.GetValue(scope)!;
            var records = Deliveries.All(source.Value.Data).Where(a => where == FoodGaps.Strip ? a.Destination is null : a.Destination == where).ToList();
            DateOnly first = records.Count > 0 ? records.Min(a => a.Date) : DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), last = records.Count > 0 ? records.Max(a => a.Date) : first;
            if (!TryDate(parse.GetValue(from), first, out var start, "--from") || !TryDate(parse.GetValue(to), last, out var end, "--to"))
            {
                return ExitCodes.BadInput;
            }

            if (end < start || end.DayNumber - start.DayNumber > 3660)
            {
                Console.Error.WriteLine($"--from {start:yyyy-MM-dd} and --to {end:yyyy-MM-dd}: expected a period that runs forward, at most ten years.");
                return ExitCodes.BadInput;
            }

            var names = parse.GetValue(together)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var report = FoodGapQuery.For(source.Value, where, start, end, grouping.Value, names);
            if (!report.Succeeded)
            {
                return CommandLineInput.Fail(report.Problem!);
            }

            var t = new Table().AddColumns("period", "source", "people", "kcal/person/day", "of 2,100", "gap", "trucks a day to close", "note");
            foreach (var row in report.Value.Rows)
            {
                string note = string.Join("; ", new[] { row.Note, row.Coverage.Length > 0 ? "partial records" : "" }.Where(x => x.Length > 0));
                t.AddRow([.. new[] { row.Period, row.Source, N(row.People), N(row.KcalPerPersonPerDay), row.ShareOfNeed?.ToString("P0", CultureInfo.InvariantCulture) ?? "unknown",
                    N(row.GapKcalPerPersonPerDay), N(row.TrucksPerDayToClose), note }.Select(Markup.Escape)]);
            }

            AnsiConsole.Write(t);
            var all = Deliveries.All(source.Value.Data);
            foreach (var g in report.Value.Rows.GroupBy(r => r.Source))
            {
                var members = g.Key.Split(" + ");
                var own = all.Where(a => members.Contains(a.Source) && (where == FoodGaps.Strip ? a.Destination is null : a.Destination == where)).ToList();
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{g.Key}: records {own.Min(a => a.Date):yyyy-MM-dd} to {own.Max(a => a.Date):yyyy-MM-dd}; ")
                    + (g.Select(r => r.PeopleBasis).FirstOrDefault(b => b.Length > 0) is { } basis ? $"people from {basis}; trucks at {g.First().KcalPerTruckBasis}." : "people not known.")));
            }

            PrintLacking(report.Value.Missing);
            return Write(parse, PlanningCsv.FoodGaps(report.Value), report.Value);
        });
        return command;
    }

    private static Command AidDeliveries(TimeProvider time)
    {
        var from = new Option<string?>("--from") { Description = "First day (YYYY-MM-DD; default: the first record)." };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD; default: the last record)." };
        var by = new Option<string>("--by") { Description = "day, week or month, and any of crossing, category, route; sources are always shown apart.", DefaultValueFactory = _ => "month" };
        var command = new Command("deliveries", "Trucks and tonnes that entered, per period and source (and crossing, category, route); sources side by side with their difference, never added.")
        {
            from, to, by, Out,
        };
        command.SetAction(async (parse, ct) =>
        {
            var grouping = DeliveryGrouping.Parse(parse.GetValue(by));
            if (!grouping.Succeeded)
            {
                return CommandLineInput.Fail(grouping.Problem!);
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var data = await store.GetPlanningDataAsync(ct);
            var all = Deliveries.All(data);
            DateOnly first = all.Count > 0 ? all.Min(a => a.Date) : DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), last = all.Count > 0 ? all.Max(a => a.Date) : first;
            if (!TryDate(parse.GetValue(from), first, out var start, "--from") || !TryDate(parse.GetValue(to), last, out var end, "--to"))
            {
                return ExitCodes.BadInput;
            }

            if (end < start)
            {
                Console.Error.WriteLine($"--to {end:yyyy-MM-dd} is before --from {start:yyyy-MM-dd}; expected a period that runs forward.");
                return ExitCodes.BadInput;
            }

            var report = Deliveries.Report(all, start, end, grouping.Value);
            var g = grouping.Value;
            bool regions = report.Rows.Any(r => r.Destination != FoodGaps.Strip);
            // The grouping columns shown, each with its cell for a row and for a comparison (crossings are not compared).
            var keys = new (bool Show, string Name, Func<DeliveryRow, string?> Row, Func<SourceComparison, string?>? Compared)[]
            {
                (true, "period", r => r.Period, c => c.Period),
                (regions, "to", r => r.Destination, c => c.Destination),
                (g.Crossing, "crossing", r => r.Crossing, null),
                (g.Category, "category", r => r.Category, c => c.Category),
                (g.Route, "route", r => r.Route, c => c.Route),
            }.Where(k => k.Show).ToList();
            var t = new Table().AddColumns([.. keys.Select(k => k.Name), "source", "trucks", "a day", "tonnes", "Mkcal", "note"]);
            foreach (var row in report.Rows)
            {
                string note = (row.RecordsWithoutTonnes > 0 ? $"{row.RecordsWithoutTonnes} without weight; " : "") + (row.RecordsWithoutKcal > 0 ? $"{row.RecordsWithoutKcal} kcal unknown; " : "")
                    + (row.Coverage.Length > 0 ? "partial records" : "");
                t.AddRow([.. keys.Select(k => k.Row(row) ?? "").Concat([row.Source, N(row.Trucks), N(row.TrucksPerDay), N(row.Tonnes), N(row.Kcal / 1e6), note.TrimEnd(' ', ';')]).Select(Markup.Escape)]);
            }

            AnsiConsole.Write(t);
            if (report.Comparisons.Count > 0)
            {
                var compared = keys.Where(k => k.Compared is not null).ToList();
                var sources = report.Sources.Select(s => s.Source).ToList();
                string difference = report.Comparisons[0].Difference.Replace(" minus ", " - ", StringComparison.Ordinal);
                var c = new Table().AddColumns([.. compared.Select(k => k.Name), .. sources.SelectMany(s => new[] { $"{s} trucks", $"{s} t" }), $"{difference} trucks", $"{difference} t"]);
                foreach (var cmp in report.Comparisons)
                {
                    var figures = sources.Select(name => cmp.Sources.FirstOrDefault(x => x.Source == name))
                        .SelectMany(f => f is { Covers: true } ? new[] { N(f.Trucks), N(f.Tonnes) } : ["not covered", "not covered"]);
                    c.AddRow([.. compared.Select(k => k.Compared!(cmp) ?? "").Concat(figures).Concat([N(cmp.TrucksDifference), N(cmp.TonnesDifference)]).Select(Markup.Escape)]);
                }

                AnsiConsole.Write(c);
            }

            foreach (var s in report.Sources)
            {
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{s.Source}: {s.Records:N0} records, {s.First:yyyy-MM-dd} to {s.Last:yyyy-MM-dd}.")));
                foreach (string caveat in s.Caveats)
                {
                    AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(caveat)}[/]");
                }
            }

            PrintLacking(report.Missing);
            return Write(parse, PlanningCsv.Deliveries(report), report);
        });
        return command;
    }

    private static async Task<(IHavenStore Store, PlanningInputs? Inputs)> LoadAsync(ParseResult parse, TimeProvider time, CancellationToken ct)
    {
        var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
        if (!TryDate(parse.GetValue(AsOf), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), out var date))
        {
            return (store, null);
        }

        // Commands without --household-size (aid) use the standard's own.
        double household = parse.GetResult(HouseholdSize) is null ? SphereStandards.Default.HouseholdSize : parse.GetValue(HouseholdSize);
        if (!(household > 0 && double.IsFinite(household)))
        {
            Console.Error.WriteLine($"--household-size: {household} is not a number of people per household; expected a positive number such as 5.5.");
            return (store, null);
        }

        var standards = SphereStandards.Default with
        {
            Phase = parse.GetValue(Phase) == "later" ? ResponsePhase.Later : ResponsePhase.First,
            HouseholdSize = household,
        };
        var inputs = await PlanningLoader.LoadAsync(store, date, standards, ct);
        if (!inputs.Succeeded)
        {
            CommandLineInput.Fail(inputs.Problem!);
            return (store, null);
        }

        return (store, inputs.Value);
    }

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date, string option = "--as-of/--to")
    {
        date = fallback;
        return text is null || CommandLineInput.TryDate(text, option, out date);
    }

    private static void PrintCapacity(CapacityReport r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Name)}[/] ({Markup.Escape(r.Code)}) on {r.AsOf:yyyy-MM-dd}: {N(r.People)} people ({Markup.Escape(r.PeopleSource)}); "
            + $"{N(r.PeoplePerKm2)} per km2; {N(r.UsableM2PerPerson)} m2 of usable land each"
            + (r.ShortfallM2PerPerson > 0 ? $", [red]{N(r.ShortfallM2PerPerson)} m2 short of {SphereStandards.Default.SiteM2PerPerson}[/]" : string.Empty));
        var t = new Table().AddColumns("standard", "needed", "present", "verdict");
        foreach (var c in r.Checks)
        {
            string verdict = c.Verdict switch { Verdict.Met => "[green]met[/]", Verdict.NotMet => "[red]not met[/]", _ => "[grey]unknown[/]" };
            t.AddRow(c.Standard, $"{N(c.Needed)} {c.Unit}", N(c.Present), verdict);
        }

        AnsiConsole.Write(t);
        PrintLacking(r.Missing);
    }

    /// <summary>The inputs a result lacked, one grey line each.</summary>
    private static void PrintLacking(IEnumerable<string> missing)
    {
        foreach (string lacked in missing)
        {
            AnsiConsole.MarkupLine($"[grey]Lacking {Markup.Escape(lacked)}.[/]");
        }
    }

    private static int Write<T>(ParseResult parse, string csv, T value)
    {
        if (parse.GetValue(Out) is not { } file)
        {
            return ExitCodes.Success;
        }

        string text = file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? PlanningJson.Write(value) : csv;
        AtomicFile.Write(file.FullName, s => s.Write(new UTF8Encoding(false).GetBytes(text)));
        AnsiConsole.MarkupLine($"Written to [bold]{Markup.Escape(file.FullName)}[/].");
        return ExitCodes.Success;
    }

    private static string N(double? v) => v is double d && double.IsFinite(d) ? d.ToString(Math.Abs(d) >= 100 || d == Math.Floor(d) ? "N0" : "N2", CultureInfo.InvariantCulture) : "-";

    /// <summary>A count, as a whole number ("0", not "0.00").</summary>
    private static string N(int v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
