using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Haven.Server.Tests;

/// <summary>The real server in-process, on a throwaway data folder; it seeds the Sample Strip on first start.</summary>
public sealed class HavenServerFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDirectory;
    private readonly ulong _seed;

    public HavenServerFactory()
        : this(Directory.CreateTempSubdirectory("haven-server-").FullName, seed: 1, ownsDirectory: true)
    {
    }

    private HavenServerFactory(string dataDirectory, ulong seed, bool ownsDirectory)
    {
        DataDirectory = dataDirectory;
        _seed = seed;
        _ownsDirectory = ownsDirectory;
    }

    public string DataDirectory { get; }

    /// <summary>Extra settings ("Haven:MaxEditBytes" and so on), applied when the server starts.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>A new API key of a role, stored directly (the host is started first); the key text to send.</summary>
    public async Task<string> KeyAsync(Haven.Storage.Access.Role role)
    {
        // Services starts the host (test server or Kestrel alike) and its store.
        var (record, key) = Haven.Workflows.Access.ApiKeys.Create(role, $"synthetic {role}", DateTimeOffset.UtcNow);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Haven.Storage.IHavenStore>(Services).AddApiKeyAsync(record);
        return key;
    }

    /// <summary>A client sending <paramref name="key"/> as its Bearer key (none when null).</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A server on an existing data folder, which it leaves in place when disposed.</summary>
    public static HavenServerFactory OnFolder(string dataDirectory, ulong seed) => new(dataDirectory, seed, ownsDirectory: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Haven:DataDirectory", DataDirectory)
            .UseSetting("Haven:DemoSeed", _seed.ToString(CultureInfo.InvariantCulture))
            .UseSetting("Haven:WriteDemoInputs", "false")
            .UseSetting("Haven:AssessDemo", "false")
            .UseSetting("Haven:PublishDemo", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
