using Haven.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests;

public class StartupTests
{
    [Fact]
    public async Task The_demo_is_seeded_on_first_start_and_only_once()
    {
        using var first = new HavenServerFactory();
        _ = first.CreateClient();
        var seeded = await first.Services.GetRequiredService<IHavenStore>().GetBuildingsAsync();
        Assert.True(File.Exists(Path.Combine(first.DataDirectory, "haven.db")));
        Assert.NotEmpty(seeded);

        // A second server on the same folder, asked for another seed, finds the data there and keeps it.
        using var second = HavenServerFactory.OnFolder(first.DataDirectory, seed: 99);
        _ = second.CreateClient();
        var store = second.Services.GetRequiredService<IHavenStore>();

        Assert.Equal(seeded.Select(b => b.Id), (await store.GetBuildingsAsync()).Select(b => b.Id));
        Assert.Equal(1UL, (await store.GetScenarioAsync())!.Seed);
    }
}
