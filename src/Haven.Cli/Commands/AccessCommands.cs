using Haven.Workflows.Access;
using System.CommandLine;
using Haven.Geo.IO;
using Haven.Storage.Access;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven keys create|list|revoke` and `haven audit list|export`.</summary>
public static class AccessCommands
{
    public static IEnumerable<Command> Create(TimeProvider time) => [Keys(time), Audit(time)];

    private static Command Keys(TimeProvider time)
    {
        var role = new Option<string>("--role") { Description = "analyst (assessments, imports), coordinator (also zones, sites, orders, publishing) or admin (also keys, audit).", Required = true };
        var name = new Option<string?>("--name") { Description = "A label saying whose key it is." };
        var create = new Command("create", "Create an API key. It is printed once; only its salted hash is kept.") { role, name };
        create.SetAction(async (parse, ct) =>
        {
            if (!Roles.TryParseKeyRole(parse.GetValue(role), out var r))
            {
                Console.Error.WriteLine($"--role: expected analyst, coordinator or admin, not '{parse.GetValue(role)}'.");
                return ExitCodes.BadInput;
            }

            if (KeyAdmin.CheckName(parse.GetValue(name), "--name") is { } bad)
            {
                Console.Error.WriteLine(bad.Message);
                return ExitCodes.BadInput;
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var created = await KeyAdmin.CreateAsync(store, time, Audited.CommandLineActor, r, parse.GetValue(name), ct);
            var (record, key) = created.Value;
            Console.Error.WriteLine($"Created {r.ToCode()} key {record.Id}. Keep it now: it cannot be shown again. Send it as 'Authorization: Bearer <key>'.");
            Console.WriteLine(key);
            return ExitCodes.Success;
        });

        var list = new Command("list", "List API keys: id, label, role, when created and when revoked (never the keys themselves).");
        list.SetAction(async (parse, ct) =>
        {
            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var table = new Table().AddColumns("id", "name", "role", "created", "revoked");
            foreach (var k in await store.ListApiKeysAsync(ct))
            {
                table.AddRow(k.Id, Markup.Escape(k.Name), k.Role.ToCode(), $"{k.CreatedAt:u}", k.RevokedAt is { } at ? $"{at:u}" : "-");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });

        var id = new Argument<string>("id") { Description = "The key's id, as listed." };
        var revoke = new Command("revoke", "Revoke an API key: it stops working at once.") { id };
        revoke.SetAction(async (parse, ct) =>
        {
            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            string keyId = parse.GetValue(id)!;
            string revoked = await KeyAdmin.RevokeAsync(store, time, Audited.CommandLineActor, keyId, ct);
            if (revoked != "revoked")
            {
                Console.Error.WriteLine(revoked == "not_found" ? $"There is no key {keyId}." : $"Key {keyId} was already revoked.");
                return ExitCodes.Failure;
            }

            Console.WriteLine($"Revoked key {keyId}.");
            return ExitCodes.Success;
        });
        return new Command("keys", "Manage API keys.") { create, list, revoke };
    }

    private static Command Audit(TimeProvider time)
    {
        var limit = new Option<int>("--last") { Description = "Show only the last N writes.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List the latest writes: who, when, what, and digests of the state before and after.") { limit };
        list.SetAction(async (parse, ct) =>
        {
            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var all = await store.GetAuditAsync(cancellationToken: ct);
            var table = new Table().AddColumns("seq", "at (UTC)", "actor", "action", "target", "before", "after", "detail");
            foreach (var e in all.TakeLast(Math.Max(1, parse.GetValue(limit))))
            {
                table.AddRow($"{e.Sequence}", $"{e.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss}", Markup.Escape(e.Actor), Markup.Escape(e.Action), Markup.Escape(e.Target),
                    e.Before?[..12] ?? "-", e.After?[..12] ?? "-", Markup.Escape(e.Detail));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });

        var output = new Option<FileInfo>("--out") { Description = "File to write: .csv or .json.", Required = true };
        var export = new Command("export", "Export the whole audit log as CSV or JSON.") { output };
        export.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(output)!;
            string ext = file.Extension.ToLowerInvariant();
            if (ext is not (".csv" or ".json"))
            {
                Console.Error.WriteLine($"--out {file.Name}: expected a .csv or .json file.");
                return ExitCodes.BadInput;
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            var entries = await store.GetAuditAsync(cancellationToken: ct);
            byte[] bytes = ext == ".csv" ? System.Text.Encoding.UTF8.GetBytes(AuditExport.Csv(entries)) : AuditExport.Json(entries);
            AtomicFile.Write(file.FullName, s => s.Write(bytes));
            Console.WriteLine($"Wrote {entries.Count} audit entries to {file.FullName}.");
            return ExitCodes.Success;
        });
        return new Command("audit", "Read the audit log of writes.") { list, export };
    }
}
