using System.CommandLine;
using System.Globalization;
using Haven.Protection.Registry;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven history`: every evacuation order and safe declaration naming a block, every version of a zone, or a site's states.</summary>
public static class HistoryCommand
{
    public static Command Create(TimeProvider time)
    {
        var block = new Option<int?>("--block") { Description = "A block number." };
        var zone = new Option<string?>("--zone") { Description = "A zone id." };
        var site = new Option<string?>("--site") { Description = "A site id." };
        var command = new Command("history", "List the history of a block, a zone or a site.") { block, zone, site };
        command.SetAction(async (parse, ct) =>
        {
            int given = (parse.GetValue(block) is null ? 0 : 1) + (parse.GetValue(zone) is null ? 0 : 1) + (parse.GetValue(site) is null ? 0 : 1);
            if (given != 1)
            {
                Console.Error.WriteLine("Give exactly one of --block N, --zone ID or --site ID.");
                return ExitCodes.BadInput;
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var registry = new ProtectionRegistry(await store.GetZonesAsync(ct), await store.GetOrdersAsync(ct));
            var table = new Table();
            if (parse.GetValue(block) is int n)
            {
                table.AddColumns("effective from", "issued (UTC)", "record", "what", "source");
                foreach (var o in registry.BlockHistory(n))
                {
                    table.AddRow(Iso(o.EffectiveFrom), o.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(o.Id),
                        o.DeclaresSafe ? "[green]declared safe[/]" : "[red]evacuation order[/]", Markup.Escape(o.Source));
                }

                return Show(table, $"block {n}");
            }

            if (parse.GetValue(zone) is { } id)
            {
                table.AddColumns("version", "valid from", "valid to", "kind", "name", "source");
                foreach (var z in registry.ZoneHistory(id))
                {
                    table.AddRow(z.Version.ToString(CultureInfo.InvariantCulture), z.ValidFrom == DateOnly.MinValue ? "not stated" : Iso(z.ValidFrom),
                        z.ValidTo is { } to ? Iso(to) : "open", Markup.Escape(z.Kind), Markup.Escape($"{z.NameEn} / {z.NameAr}"), Markup.Escape(z.Source));
                }

                return Show(table, $"zone {id}");
            }

            string siteId = parse.GetValue(site)!;
            table.AddColumns("state", "kind", "name", "status", "since", "source");
            foreach (var s in await store.GetSiteHistoryAsync(siteId, ct))
            {
                table.AddRow(s.ReplacedAt is { } at ? $"until {at:yyyy-MM-dd HH:mm}" : "current", Markup.Escape(s.Kind), Markup.Escape($"{s.NameEn} / {s.NameAr}"),
                    Markup.Escape(s.Status), s.StatusSince == DateOnly.MinValue ? "not stated" : Iso(s.StatusSince), Markup.Escape(s.Source));
            }

            return Show(table, $"site {siteId}");
        });
        return command;
    }

    private static int Show(Table table, string what)
    {
        if (table.Rows.Count == 0)
        {
            Console.Error.WriteLine($"Nothing on record for {what}.");
            return ExitCodes.BadInput;
        }

        AnsiConsole.Write(table);
        return ExitCodes.Success;
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
