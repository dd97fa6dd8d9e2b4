using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Tests.Support;
using Haven.Demo;
using Haven.Storage.Scenarios;
using Haven.Storage.Sqlite;

namespace Haven.Cli.Tests.BadInputs;

/// <summary>
/// What the bad-input corpus runs against: a store holding the synthetic Sample Strip (copied afresh for every
/// case), the Sample Strip's own files, raster bombs and a small radar stack far from every building.
/// The corpus files themselves are in tests/BadInputs.
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("haven-bad-inputs-").FullName;

    /// <summary>The committed corpus, copied beside the test binary.</summary>
    public static string Corpus => Path.Combine(AppContext.BaseDirectory, "BadInputs");

    public string Template => Path.Combine(Folder, "template.db");

    public string Strip => Path.Combine(Folder, "strip");

    public async Task InitializeAsync()
    {
        var generated = SampleStrip.Generate(new SampleStripOptions { Seed = 1 });
        ScenarioWriter.Write(generated, Strip);
        var store = new SqliteStore(Template);
        await store.MigrateAsync();
        await store.ImportScenarioAsync(generated.Scenario);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        string rasters = Path.Combine(Folder, "rasters");
        Directory.CreateDirectory(rasters);
        TiffBombs.Write(Path.Combine(rasters, "strip-bomb.tif"), 20_000, 20_000, tiled: false);
        TiffBombs.Write(Path.Combine(rasters, "tiled-bomb.tif"), 40_000, 40_000, tiled: true);
        TiffBombs.Write(Path.Combine(rasters, "bomb-65535.tif"), 65_535, 65_535, tiled: false);
        TiffBombs.Write(Path.Combine(rasters, "bomb-2g.tif"), 2_147_483_647, 1, tiled: false);
        await File.WriteAllTextAsync(Path.Combine(rasters, "bomb-manifest.csv"), "path,date,orbit,polarisation\nstrip-bomb.tif,2023-09-01,87,VV\n");

        // Synthetic: a 16 x 16 stack of four dates over open water 1,000 km from the Sample Strip.
        var far = new RasterGrid(16, 16, GeoTransform.NorthUp(300_000, 2_400_000, 10, 10), 32636);
        var lines = new List<string> { "path,date,orbit,polarisation" };
        foreach (string date in new[] { "2023-08-01", "2023-08-13", "2023-08-25", "2023-10-15" })
        {
            string name = $"far_{date}.tif";
            GeoTiffWriter.Write(Path.Combine(rasters, name), far, [Enumerable.Repeat(0.1f, far.CellCount).ToArray()], null);
            lines.Add($"{name},{date},87,VV");
        }

        await File.WriteAllLinesAsync(Path.Combine(rasters, "far-stack.csv"), lines);
        await File.WriteAllTextAsync(Path.Combine(rasters, "nan-threshold-manifest.csv"), string.Join('\n', lines));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
