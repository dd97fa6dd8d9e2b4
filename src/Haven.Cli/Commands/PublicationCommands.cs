using Haven.Workflows.Publications;
using System.CommandLine;
using System.Globalization;
using Haven.Geo.IO;
using Haven.Protection.Publication;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven publish`, `haven export-publication N`, `haven verify FILE --key PUB` and `haven publication-key`.</summary>
public static class PublicationCommands
{
    private static Option<string?> KeyOption() => new("--key-file") { Description = "The private key file (default: keys/publication.key beside the store; created on first use, mode 0600)." };

    /// <summary>The key named by --key-file, or the one beside the store, created on first use.</summary>
    private static PublicationKey LoadKey(ParseResult parse, Option<string?> keyFile) =>
        PublicationKey.LoadOrCreate(parse.GetValue(keyFile) ?? Publisher.DefaultKeyPath(parse.GetValue(GlobalOptions.Database)!));

    public static IEnumerable<Command> Create(TimeProvider time)
    {
        yield return Publish(time);
        yield return Export(time);
        yield return Verify();
        yield return Key();
    }

    private static Command Publish(TimeProvider time)
    {
        var asOf = new Option<string?>("--as-of") { Description = "Publish what is in force on this date (YYYY-MM-DD; default today)." };
        var keyFile = KeyOption();
        var command = new Command("publish", "Sign the current zones, orders and sites as the next entry of the publication ledger.") { asOf, keyFile };
        command.SetAction(async (parse, ct) =>
        {
            var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            if (parse.GetValue(asOf) is { } text && !CommandLineInput.TryDate(text, "--as-of", out date))
            {
                return ExitCodes.BadInput;
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            using var key = LoadKey(parse, keyFile);
            var entry = await Publisher.PublishAsync(store, key, date, time.GetUtcNow(), Haven.Workflows.Access.Audited.CommandLineActor, ct);
            AnsiConsole.MarkupLine($"Published entry [bold]{entry.Sequence}[/] (as of {date:yyyy-MM-dd}): SHA-256 {entry.ContentSha256}; signed by key {key.FingerprintText}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Export(TimeProvider time)
    {
        var number = new Argument<long>("N") { Description = "The entry's sequence number." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the publication (JSON).", Required = true };
        var command = new Command("export-publication", "Write a publication with the chain needed to check it offline.") { number, output };
        command.SetAction(async (parse, ct) =>
        {
            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            long n = parse.GetValue(number);
            var bytes = await Publisher.ExportAsync(store, n, ct);
            if (bytes is null)
            {
                Console.Error.WriteLine($"There is no publication {n} in {parse.GetValue(GlobalOptions.Database)}.");
                return ExitCodes.BadInput;
            }

            string path = parse.GetValue(output)!.FullName;
            AtomicFile.Write(path, s => s.Write(bytes));
            AnsiConsole.MarkupLine($"Wrote publication {n} to {Markup.Escape(path)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An exported publication." };
        var key = new Option<string>("--key") { Description = "The public key: a .pub file or the base64 text itself.", Required = true };
        var command = new Command("verify", "Check a publication offline: signature, content hash and chain. Exit 0 when genuine, 2 when not.") { file, key };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"{path.FullName}: file not found.");
                return ExitCodes.BadInput;
            }

            string keyText = parse.GetValue(key)!;
            string publicKey = File.Exists(keyText) ? File.ReadAllText(keyText).Trim() : keyText.Trim();
            var result = Ledger.Verify(File.ReadAllBytes(path.FullName), publicKey);
            if (result.Valid)
            {
                AnsiConsole.MarkupLine($"[green]Genuine.[/] {Markup.Escape(result.Message)}");
                return ExitCodes.Success;
            }

            Console.Error.WriteLine($"{path.FullName}: NOT genuine: {result.Message}");
            return ExitCodes.BadInput;
        });
        return command;
    }

    private static Command Key()
    {
        var keyFile = KeyOption();
        var output = new Option<FileInfo?>("--out") { Description = "Also write the public key (base64) to this file." };
        var command = new Command("publication-key", "Show the publication public key and its short fingerprint (the key is created on first use).") { keyFile, output };
        command.SetAction(parse =>
        {
            using var key = LoadKey(parse, keyFile);
            if (parse.GetValue(output) is { } file)
            {
                AtomicFile.Write(file.FullName, s => s.Write(System.Text.Encoding.ASCII.GetBytes(key.PublicKeyBase64 + "\n")));
            }

            Console.WriteLine($"public key:  {key.PublicKeyBase64}");
            Console.WriteLine($"fingerprint: {key.FingerprintText}");
            return ExitCodes.Success;
        });
        return command;
    }
}
