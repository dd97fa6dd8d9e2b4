using System.Security.Cryptography;
using Haven.Damage.Stacks;
using Haven.Geo.GeoTiff;
using Haven.Demo;
using Haven.Storage.Scenarios;

namespace Haven.Demo.Tests;

public sealed class ScenarioFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("haven-scenario-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(dir, f),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void The_same_seed_writes_the_same_files_byte_for_byte_and_another_seed_does_not()
    {
        string a = Path.Combine(_root, "a"), b = Path.Combine(_root, "b"), c = Path.Combine(_root, "c");
        ScenarioWriter.Write(SampleStrip.Generate(new SampleStripOptions { Seed = 5 }), a);
        ScenarioWriter.Write(SampleStrip.Generate(new SampleStripOptions { Seed = 5 }), b);
        ScenarioWriter.Write(SampleStrip.Generate(new SampleStripOptions { Seed = 6 }), c);

        var hashesA = Hashes(a);
        Assert.Equal(hashesA, Hashes(b));
        Assert.NotEqual(hashesA[ScenarioFiles.Buildings], Hashes(c)[ScenarioFiles.Buildings]);
        Assert.Contains(ScenarioFiles.StackManifest, hashesA.Keys);
        Assert.Contains(ScenarioFiles.Truth, hashesA.Keys);
        Assert.DoesNotContain(Directory.GetDirectories(_root), d => d.Contains(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void A_written_folder_reads_back_to_the_same_layers_and_its_stack_matches_its_manifest()
    {
        var generated = SampleStrip.Generate(new SampleStripOptions { Seed = 2 });
        string dir = Path.Combine(_root, "s");
        ScenarioWriter.Write(generated, dir);

        var read = ScenarioReader.Read(dir);

        Assert.True(read.Succeeded, read.Problem?.Message);
        var s = read.Value;
        var g = generated.Scenario;
        Assert.True(s.Info.Synthetic);
        Assert.Equal(g.Buildings.Select(b => (b.Id, b.Block, b.AreaPcode)), s.Buildings.Select(b => (b.Id, b.Block, b.AreaPcode)));
        Assert.Equal(g.Blocks.Count, s.Blocks.Count);
        Assert.Equal(g.Sites.Select(x => (x.Id, x.Kind, x.NameAr)), s.Sites.Select(x => (x.Id, x.Kind, x.NameAr)));
        Assert.Equal(g.Orders.Select(o => (o.Id, o.EffectiveFrom, string.Join(',', o.Blocks))), s.Orders.Select(o => (o.Id, o.EffectiveFrom, string.Join(',', o.Blocks))));
        Assert.Equal(g.Population, s.Population);

        var stack = StackManifest.Parse(File.ReadAllText(Path.Combine(dir, ScenarioFiles.StackManifest)), "stack.csv").Value;
        Assert.Equal(generated.Options.AcquisitionDates().Count * 2, stack.Count);
        Assert.Single(stack.Select(e => e.Orbit).Distinct());
        var first = GeoTiffFile.ReadBand<float>(Path.Combine(dir, ScenarioFiles.RadarFolder, stack[0].Path)).Value;
        Assert.True(first.Grid.Matches(generated.Radar.Grid));
        Assert.Equal(generated.Radar.Simulate(stack[0].Date, stack[0].Polarisation).Data, first.Data);

        var truth = File.ReadAllLines(Path.Combine(dir, ScenarioFiles.Truth)).Skip(2).ToHashSet();
        Assert.Equal(generated.DestroyedBuildingIds.Order(StringComparer.Ordinal), truth.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_malformed_layer_is_a_problem_naming_the_file()
    {
        string dir = Path.Combine(_root, "broken");
        ScenarioWriter.Write(SampleStrip.Generate(new SampleStripOptions { Seed = 3 }), dir);
        File.WriteAllText(Path.Combine(dir, ScenarioFiles.Sites), "{ \"type\": \"FeatureCollection\", \"features\": [ { \"type\": ");

        var read = ScenarioReader.Read(dir);

        Assert.False(read.Succeeded);
        Assert.Contains(ScenarioFiles.Sites, read.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_over_a_folder_that_is_not_a_scenario_is_refused()
    {
        string dir = Path.Combine(_root, "precious");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "keep me");

        Assert.Throws<IOException>(() => ScenarioWriter.Write(SampleStrip.Generate(new SampleStripOptions { Seed = 3 }), dir));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(dir, "notes.txt")));
    }
}
