using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Haven.EndToEnd.Tests;

/// <summary>
/// The real server on a loopback port, seeded with the Sample Strip (synthetic) as on a first start: its radar stack
/// assessed, its first publication signed. Tests drive Debian's chromium against it with Playwright.
/// </summary>
public sealed class HavenSite : WebApplicationFactory<Program>
{
    public HavenSite()
    {
        DataDirectory = Directory.CreateTempSubdirectory("haven-e2e-").FullName;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Haven:DataDirectory", DataDirectory)
            .UseSetting("Haven:DemoSeed", "1")
            .UseSetting("Haven:WriteDemoInputs", "true")
            .UseSetting("Haven:AssessDemo", "true")
            .UseSetting("Haven:PublishDemo", "true");
    }

    public Uri Address
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>One server and one headless chromium for all the browser tests; every request any page makes is recorded.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser; .ci/run installs it.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public HavenSite Site { get; } = new();

    public Uri Origin { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Every URL a page asked for, from any test.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Screenshots go here (TestResults/screenshots at the repository root), kept as test artifacts.</summary>
    public string Screenshots { get; } = ScreenshotFolder();

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"The browser tests drive {Chromium}; install Debian's chromium package (apt-get install chromium), as .ci/run does.");
        }

        Site.StartServer();
        Origin = Site.Address;
        Api = new HttpClient { BaseAddress = Origin };
        await WaitForDemoAssessmentAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>The demo queues its own assessment on first start; the map's damage layers need it stored.</summary>
    private async Task WaitForDemoAssessmentAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Api.GetAsync(new Uri("/api/assessments/latest/areas", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The demo's assessment was not stored within 5 minutes.");
    }

    /// <summary>The same browser with WebGL turned off, as on an old phone or a locked-down machine.</summary>
    public async Task<IBrowser> WithoutWebGlAsync() => _noWebGl ??= await _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-webgl", "--disable-3d-apis"],
    });

    private IBrowser? _noWebGl;

    /// <summary>A new page (in its own context, so remembered settings start empty) that records requests and console errors.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(string path, BrowserNewContextOptions? options = null, IBrowser? on = null)
    {
        var context = await (on ?? Browser).NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) => Requests.Enqueue(request.Url);
        await page.GotoAsync(new Uri(Origin, path).ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        return (page, errors);
    }

    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        string path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (_noWebGl is not null)
        {
            await _noWebGl.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        await Site.DisposeAsync();
    }

    private static string ScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Haven.slnx")))
        {
            dir = dir.Parent;
        }

        string folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
