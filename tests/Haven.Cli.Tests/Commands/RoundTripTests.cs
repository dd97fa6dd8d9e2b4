using Haven.Workflows.Access;
using Haven.Cli.Tests.Support;
using Haven.Storage.Sqlite;

namespace Haven.Cli.Tests.Commands;

/// <summary>Every layer Haven exports imports back unchanged: into the store it came from, and into an empty one.</summary>
public sealed class RoundTripTests : CliTest
{
    private static readonly string[] Layers = ["areas", "blocks", "buildings", "sites", "zones", "orders"];

    [Fact]
    public async Task Every_exported_layer_imports_into_its_own_store_changing_nothing_and_into_an_empty_store_exporting_the_same_bytes()
    {
        string strip = Path.Combine(Dir, "strip"), first = Path.Combine(Dir, "first.db"), second = Path.Combine(Dir, "second.db");
        string exports = Path.Combine(Dir, "exports"), again = Path.Combine(Dir, "again");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        Assert.Equal(0, await Haven("import", strip, "--db", first));
        foreach (string layer in Layers)
        {
            Assert.Equal(0, await Haven("export", layer, "--as-of", "2023-11-10", "--out", Path.Combine(exports, layer + ".geojson"), "--db", first));
        }

        var store = new SqliteStore(first);
        string digest = await AuditDigest.LayersAsync(store);
        foreach (string layer in Layers)
        {
            string kind = layer switch { "sites" => "health", "zones" => "zone", _ => layer };
            Assert.Equal(0, await Haven("import", kind, Path.Combine(exports, layer + ".geojson"), "--strict", "--db", first));
        }

        Assert.Equal(digest, await AuditDigest.LayersAsync(store));
        Assert.All((await store.GetAuditAsync()).Where(a => a.Action == "import layers"), a => Assert.StartsWith("0 added, 0 changed", a.Detail, StringComparison.Ordinal));

        Assert.Equal(0, await Haven("import", exports, "--strict", "--db", second));
        foreach (string layer in Layers)
        {
            Assert.Equal(0, await Haven("export", layer, "--as-of", "2023-11-10", "--out", Path.Combine(again, layer + ".geojson"), "--db", second));
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(exports, layer + ".geojson")), await File.ReadAllTextAsync(Path.Combine(again, layer + ".geojson")));
        }
    }

    [Fact]
    public async Task Export_answers_for_a_store_holding_only_imported_layers_instead_of_calling_it_empty()
    {
        string strip = Path.Combine(Dir, "strip"), db = Path.Combine(Dir, "layers.db"), exports = Path.Combine(Dir, "exports");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        Assert.Equal(0, await Haven("import", strip, "--db", Path.Combine(Dir, "source.db")));
        Assert.Equal(0, await Haven("export", "areas", "--out", Path.Combine(exports, "areas.geojson"), "--db", Path.Combine(Dir, "source.db")));
        Assert.Equal(0, await Haven("import", "areas", Path.Combine(exports, "areas.geojson"), "--db", db));

        Assert.Equal(0, await Haven("export", "areas", "--out", Path.Combine(Dir, "out.geojson"), "--db", db));

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(exports, "areas.geojson")), await File.ReadAllTextAsync(Path.Combine(Dir, "out.geojson")));
        Assert.Null(await new SqliteStore(db).GetScenarioAsync());
    }
}
