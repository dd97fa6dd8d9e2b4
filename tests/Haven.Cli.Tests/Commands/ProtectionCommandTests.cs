using Haven.Cli.Tests.Support;
using Haven.Geo.Tests.Support;
using Haven.Storage.Sqlite;

namespace Haven.Cli.Tests.Commands;

/// <summary>Import of real layers, publishing and offline verification, through the command line.</summary>
public sealed class ProtectionCommandTests : CliTest
{
    [ReferenceFact]
    public async Task Strict_refuses_a_file_with_a_bad_row_and_otherwise_the_good_rows_land_once()
    {
        string blocks = ReferenceData.File("blocks.geojson");
        string oversized = ReferenceData.File(Path.Combine("evacuation_orders_by_date", "IDF_zone_191025.geojson"));

        string db = Path.Combine(Dir, "haven.db");
        Assert.Equal(ExitCodes.BadInput, await Haven("import", "orders", oversized, "--strict", "--db", db));
        Assert.Equal(ExitCodes.BadInput, await Haven("import", "no-such-kind", blocks, "--db", db));
        Assert.Equal(0, await Haven("import", "blocks", blocks, "--db", db));
        Assert.Equal(0, await Haven("import", "blocks", blocks, "--db", db));

        var store = new SqliteStore(db);
        Assert.Equal(603, (await store.GetBlocksAsync()).Count);
        Assert.Empty(await store.GetOrdersAsync());
    }

    [Fact]
    public async Task A_publication_is_made_exported_and_verified_offline_and_a_tampered_copy_fails()
    {
        string strip = Path.Combine(Dir, "strip");
        string db = Path.Combine(Dir, "data", "haven.db");
        string export = Path.Combine(Dir, "p1.json");
        string pub = Path.Combine(Dir, "key.pub");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        Assert.Equal(0, await Haven("import", strip, "--db", db));

        Assert.Equal(0, await Haven("publish", "--as-of", "2023-11-10", "--db", db));
        Assert.Equal(0, await Haven("export-publication", "1", "--out", export, "--db", db));
        Assert.Equal(0, await Haven("publication-key", "--out", pub, "--db", db));
        Assert.Equal(0, await Haven("verify", export, "--key", pub));
        Assert.Equal(ExitCodes.BadInput, await Haven("export-publication", "2", "--out", export, "--db", db));

        var bytes = File.ReadAllBytes(export);
        bytes[bytes.Length / 2] ^= 0x04;
        File.WriteAllBytes(export, bytes);
        Assert.Equal(ExitCodes.BadInput, await Haven("verify", export, "--key", pub));
        Assert.True(File.Exists(Path.Combine(Dir, "data", "keys", "publication.key")));
    }
}
