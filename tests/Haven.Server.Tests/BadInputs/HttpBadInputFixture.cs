using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.BadInputs;

/// <summary>
/// One server with the synthetic demo for the HTTP bad-input corpus, with small body caps so refusals are quick
/// to provoke, the rate limit off, a key per role and a stack manifest in its input folder.
/// </summary>
public sealed class HttpBadInputFixture : IAsyncLifetime
{
    public HavenServerFactory Factory { get; } = new();

    public IReadOnlyDictionary<Role, string> Keys { get; private set; } = new Dictionary<Role, string>();

    public IHavenStore Store => Factory.Services.GetRequiredService<IHavenStore>();

    public string InputFolder => Path.Combine(Factory.DataDirectory, "inputs");

    public static string Corpus => Path.Combine(AppContext.BaseDirectory, "BadInputs");

    public async Task InitializeAsync()
    {
        Factory.Settings["Haven:MaxImportBytes"] = "1000000";
        Factory.Settings["Haven:MaxEditBytes"] = "60000";
        Factory.Settings["Haven:MaxVerticesPerFeature"] = "500";
        Factory.Settings["Haven:PublicRequestsPerSecond"] = "0";
        _ = Factory.Server;
        var keys = new Dictionary<Role, string>();
        foreach (var role in new[] { Role.Analyst, Role.Coordinator, Role.Admin })
        {
            keys[role] = await Factory.KeyAsync(role);
        }

        Keys = keys;
        Directory.CreateDirectory(InputFolder);
        await File.WriteAllTextAsync(Path.Combine(InputFolder, "stack.csv"), "path,date,orbit,polarisation\nimage.tif,2023-09-01,87,VV\n");
    }

    public HttpClient Client(Role role) => Factory.ClientWith(Keys.GetValueOrDefault(role));

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
