using System.CommandLine;
using System.Globalization;
using System.Text;
using Haven.Damage.Unosat;
using Haven.Geo.IO;
using Haven.Geo.Tabular;
using Haven.Storage;
using Haven.Workflows.Assessments;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>
/// `haven unosat FILE`: a UNOSAT damage-site layer counted per area, date and class, beside the newest radar
/// assessment in the store where both speak for the same area.
/// </summary>
public static class UnosatCommand
{
    public static Command Create(TimeProvider time)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "UNOSAT damage sites (GeoJSON points): cls_YYYYMMDD properties, or SensorDate / Main_Damage_Site_Class with _2, _3... for later dates." };
        var areas = new Option<FileInfo?>("--areas") { Description = "Areas to count in (GeoJSON polygons with a code); default: the store's coarsest areas (the governorates)." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the counts as an HXL CSV." };
        var import = new Option<bool>("--import") { Description = "Also store the layer as a dated damage source (map, dashboard, trends), recorded in the audit log." };
        var id = new Option<string?>("--id") { Description = "The stored layer's id (default: the file's name without extension)." };
        var replace = new Option<bool>("--replace") { Description = "With --import: replace a layer already stored under the same id (recorded in the audit log)." };
        var command = new Command("unosat", "Count UNOSAT damage sites per area, date and class, beside the radar assessment where both exist; --import stores the layer.")
        {
            file, areas, output, import, id, replace,
        };
        command.SetAction(async (parse, ct) =>
        {
            // The store gives the areas (without --areas) and the radar figures; counting alone creates none.
            string db = parse.GetValue(GlobalOptions.Database) ?? GlobalOptions.DefaultDatabase;
            bool storeExists = Stores.Exists(db);
            string path = parse.GetValue(file)!.FullName;
            if (parse.GetValue(import))
            {
                // The file and the id are checked before the store is opened: a refused import creates no store.
                string layerId = parse.GetValue(id) ?? Path.GetFileNameWithoutExtension(path);
                var read = UnosatSites.BadId(layerId) is { } badId ? badId : UnosatSites.Read(path);
                if (!read.Succeeded)
                {
                    return CommandLineInput.Fail(read.Problem!);
                }

                var target = await GlobalOptions.OpenStoreAsync(parse, time, ct);
                var imported = await UnosatSites.ImportAsync(target, time, Haven.Workflows.Access.Audited.CommandLineActor,
                    new Haven.Damage.Unosat.DamageSiteLayer(layerId, Path.GetFileName(path), Haven.Storage.Assessments.InputFile.Sha256Of(path), time.GetUtcNow(), read.Value),
                    parse.GetValue(replace), ct);
                if (!imported.Succeeded)
                {
                    return CommandLineInput.Fail(imported.Problem!);
                }

                var (layer, sequence) = imported.Value;
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"Layer '{layer.Id}': {layer.Sites:N0} sites read on {string.Join(", ", layer.Dates.Select(Iso))}, ") + (sequence == 0
                        ? "already stored from the same file; nothing changed."
                        : $"stored (audit #{sequence}).")));
            }

            var store = storeExists || parse.GetValue(import) ? await GlobalOptions.OpenStoreAsync(parse, time, ct) : null;
            var result = await UnosatSites.CountAsync(path, parse.GetValue(areas)?.FullName, store, ct);
            if (!result.Succeeded && parse.GetValue(import) && result.Problem!.Code == "unosat.areas")
            {
                // Stored; there is nothing to count in until areas are imported, which is not a failure of the import.
                AnsiConsole.MarkupLine("[grey]No areas in the store to count in yet: import the governorates (haven import governorates FILE), or give --areas FILE.[/]");
                return ExitCodes.Success;
            }

            if (!result.Succeeded)
            {
                return CommandLineInput.Fail(result.Problem!);
            }

            var table = new Table().AddColumns("area", "date", "sites", "destroyed", "severe", "moderate", "possible", "other", "damaged (1-3)", "radar, same area");
            foreach (var (u, radar) in result.Value)
            {
                table.AddRow(Markup.Escape($"{u.Name} ({u.Code})"), Iso(u.Date), N(u.Sites), N(u.Destroyed), N(u.Severe), N(u.Moderate), N(u.Possible), N(u.Other), N(u.Damaged),
                    radar is null ? "[grey]no radar assessment on or before[/]"
                        : Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{radar.Damaged:N0} of {radar.Structures:N0} structures mapped damaged, {radar.Share:P1} ({radar.Lower:P1}-{radar.Upper:P1}) on {Iso(radar.Inference)}")));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]Source: {Markup.Escape(DamageSites.Method)}. Counts of damaged sites, not shares: UNOSAT maps damaged structures, not every structure.[/]");
            if (parse.GetValue(output) is { } csv)
            {
                AtomicFile.Write(csv.FullName, s => s.Write(new UTF8Encoding(false).GetBytes(Csv(result.Value))));
                AnsiConsole.MarkupLine($"Written to [bold]{Markup.Escape(csv.FullName)}[/].");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The counts as CSV with HXL tags on the second row.</summary>
    public static string Csv(IEnumerable<DamageComparison> rows)
    {
        var sb = new StringBuilder("code,name,date,sites,destroyed,severe,moderate,possible,other,damaged,radar_date,radar_structures,radar_damaged,radar_share,radar_lower_95,radar_upper_95\n");
        sb.Append("#adm2+code,#adm2+name,#date,#indicator+sites,#indicator+destroyed,#indicator+severe,#indicator+moderate,#indicator+possible,#indicator+other,#indicator+damaged,#date+radar,#indicator+structures+radar,#indicator+damaged+radar,#indicator+share+radar,#indicator+share+radar+lower,#indicator+share+radar+upper\n");
        foreach (var (u, r) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{CsvText.Quote(u.Code)},{CsvText.Quote(u.Name)},{Iso(u.Date)},{u.Sites},{u.Destroyed},{u.Severe},{u.Moderate},{u.Possible},{u.Other},{u.Damaged},");
            sb.Append(r is null ? ",,,,," : string.Create(CultureInfo.InvariantCulture, $"{Iso(r.Inference)},{r.Structures},{r.Damaged},{F(r.Share)},{F(r.Lower)},{F(r.Upper)}")).Append('\n');
        }

        return sb.ToString();
    }

    private static string F(double v) => double.IsFinite(v) ? Math.Round(v, 4).ToString(CultureInfo.InvariantCulture) : string.Empty;

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
