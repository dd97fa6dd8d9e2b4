using System.Text.Json;
using Haven.Cli.Tests.Support;
using Haven.Geo.Tests.Support;

namespace Haven.Cli.Tests.Commands;

/// <summary>`haven assess` over a stack whose images are named by address, served from 127.0.0.1 with byte ranges (the Sample Strip's synthetic radar).</summary>
public sealed class RemoteStackTests : CliTest
{
    [Fact]
    public async Task A_stack_of_images_named_by_address_gives_the_same_scores_as_the_files_and_records_each_address_with_its_size()
    {
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        string radar = Path.Combine(strip, "radar");
        using var server = new RangeServer(radar);
        var lines = File.ReadAllLines(Path.Combine(radar, "stack.csv"));
        string remote = Path.Combine(Dir, "remote-stack.csv");
        File.WriteAllLines(remote, [lines[0], .. lines.Skip(1).Select(l => server.Url(Path.GetFileName(l.Split(',')[0])) + l[l.IndexOf(',', StringComparison.Ordinal)..])]);
        string[] Args(string stack, string output) => ["assess", "--stack", stack, "--event", "2023-10-07", "--inference", "2023-10-15",
            "--buildings", Path.Combine(strip, "buildings.geojson"), "--areas", Path.Combine(strip, "areas.geojson"), "--out", Path.Combine(Dir, output), "--db", Path.Combine(Dir, output + ".db")];

        Assert.Equal(0, await Haven(Args(Path.Combine(radar, "stack.csv"), "local")));
        Assert.Equal(0, await Haven(Args(remote, "remote")));

        static Dictionary<string, string> Scores(string folder)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "buildings.geojson")));
            return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
                .ToDictionary(p => p.GetProperty("id").ToString(), p => p.GetProperty("score").ToString() + "|" + p.GetProperty("damaged").ToString());
        }

        Assert.Equal(Scores(Path.Combine(Dir, "local")), Scores(Path.Combine(Dir, "remote")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "remote", "summary.json")));
        var images = summary.RootElement.GetProperty("inputs").EnumerateArray().Where(i => i.GetProperty("role").GetString()!.StartsWith("image", StringComparison.Ordinal)).ToList();
        Assert.Equal(lines.Length - 1, images.Count);
        Assert.All(images, i => Assert.StartsWith("http://127.0.0.1:", i.GetProperty("path").GetString(), StringComparison.Ordinal));
        Assert.All(images, i => Assert.Equal(new FileInfo(Path.Combine(radar, Path.GetFileName(new Uri(i.GetProperty("path").GetString()!).AbsolutePath))).Length, i.GetProperty("bytes").GetInt64()));
    }

    [Fact]
    public void A_stack_read_by_the_server_from_its_input_folder_may_not_name_an_address()
    {
        string manifest = Path.Combine(Dir, "stack.csv");
        File.WriteAllLines(manifest, ["path,date,orbit,polarisation", "http://127.0.0.1:9/s1.tif,2023-10-01,87,VV"]);

        var opened = global::Haven.Damage.Stacks.ImageStack.Open(manifest, complex: false, confineTo: Dir);

        Assert.Equal("stack.outside", opened.Problem!.Code);
        Assert.Contains("http://127.0.0.1:9/s1.tif is an address; the server reads images only from its input folder", opened.Problem.Message, StringComparison.Ordinal);
    }
}
