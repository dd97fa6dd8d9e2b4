using Haven.Workflows.Access;
using Haven.Cli.Tests.Support;
using Haven.Storage.Access;
using Haven.Storage.Sqlite;

namespace Haven.Cli.Tests.Commands;

public sealed class AccessCommandTests : CliTest
{
    [Fact]
    public async Task A_key_is_printed_once_listed_without_its_secret_revoked_and_every_step_is_in_the_exported_audit_log()
    {
        string db = Path.Combine(Dir, "haven.db");
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int created;
        try
        {
            created = await Haven("keys", "create", "--role", "analyst", "--name", "synthetic analyst", "--db", db);
        }
        finally
        {
            Console.SetOut(original);
        }

        string key = output.ToString().Trim();
        Assert.Equal(0, created);
        Assert.True(ApiKeys.TryParse(key, out string id, out string secret));
        var store = new SqliteStore(db);
        var record = await store.GetApiKeyAsync(id);
        Assert.Equal(Role.Analyst, record!.Role);
        Assert.True(ApiKeys.Matches(record, secret));

        Assert.Equal(2, await Haven("keys", "create", "--role", "root", "--db", db));
        Assert.Equal(0, await Haven("keys", "revoke", id, "--db", db));
        Assert.Equal(1, await Haven("keys", "revoke", id, "--db", db));
        Assert.False(ApiKeys.Matches((await store.GetApiKeyAsync(id))!, secret));

        string csv = Path.Combine(Dir, "audit.csv");
        Assert.Equal(0, await Haven("audit", "export", "--out", csv, "--db", db));
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal(AuditExport.CsvHeader, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",key create,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",key revoke,", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(csv), StringComparison.Ordinal);
        Assert.Equal(2, await Haven("audit", "export", "--out", Path.Combine(Dir, "audit.txt"), "--db", db));
    }
}
