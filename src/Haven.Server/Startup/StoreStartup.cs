using Haven.Server.AssessmentQueue;
using Haven.Server.Extensions;
using Haven.Geo;
using Haven.Storage;
using Haven.Demo;
using Haven.Storage.Scenarios;
using Microsoft.Extensions.Options;

namespace Haven.Server.Startup;

/// <summary>
/// Brings the store up before the server takes requests: creates or upgrades the schema and, on first start
/// with an empty store, generates and loads the synthetic Sample Strip (once: later starts find it there).
/// </summary>
public static partial class StoreStartup
{
    public static async Task PrepareStoreAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<HavenOptions>>().Value;
        var store = app.Services.GetRequiredService<IHavenStore>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Haven.Startup");
        var time = app.Services.GetRequiredService<TimeProvider>();
        int version = await store.MigrateAsync();
        LogSchema(logger, store.Location, version);
        if (!options.SeedDemo)
        {
            return;
        }

        // The demo goes only into a store that holds nothing at all; a store with anything in it is never touched.
        var contents = await store.GetContentsAsync();
        if (!contents.IsEmpty)
        {
            if (contents.ScenarioName is null)
            {
                LogNotSeeding(logger, store.Location, contents.Describe());
            }

            return;
        }

        LogSeeding(logger);
        var generated = SampleStrip.Generate(new SampleStripOptions { Seed = options.DemoSeed }, new SynchronousProgress<string>(s => LogStage(logger, s)));
        int lastPercent = -1;
        var progress = new SynchronousProgress<WorkProgress>(p =>
        {
            int percent = (int)(p.Fraction * 100) / 10 * 10;
            if (percent != lastPercent)
            {
                lastPercent = percent;
                LogLoading(logger, percent, p.Stage);
            }
        });
        var s = generated.Scenario;
        var (load, _) = await Haven.Workflows.Access.Audited.LayersAsync(store, time, DemoActor, "import scenario", s.Info.Name,
            () => store.ImportScenarioAsync(s, replace: false, progress), l => l.Succeeded && l.Value == ScenarioLoad.Loaded ? "synthetic demo loaded into an empty store" : null);
        if (!load.Succeeded || load.Value != ScenarioLoad.Loaded)
        {
            // Something was written between the check and the load: leave it as it is.
            LogNotSeeding(logger, store.Location, load.Succeeded ? "the demo already" : load.Problem!.Message);
            return;
        }

        LogSeeded(logger, s.Blocks.Count, s.Buildings.Count, s.Sites.Count, s.Orders.Count);
        if (options.PublishDemo)
        {
            // A first signed publication of what is in force on the demo's last dated record, as a coordinator would make.
            var (_, last) = DatedSpan.Of(s.Orders, s.Zones, s.Population, s.Info.EventDate)!.Value;
            using var key = Haven.Protection.Publication.PublicationKey.LoadOrCreate(Haven.Workflows.Publications.Publisher.DefaultKeyPath(options.DatabasePath));
            await Haven.Workflows.Publications.Publisher.PublishAsync(store, key, last, time.GetUtcNow(), DemoActor);
        }

        if (options.WriteDemoInputs)
        {
            // The demo's radar stack, so that an assessment can be run over HTTP on the demo (see docs/api.md).
            string folder = Path.Combine(AssessmentInputsFolder.Root(options), DemoInputsFolder);
            if (!Directory.Exists(folder))
            {
                ScenarioWriter.Write(generated, folder);
                LogDemoInputs(logger, folder);
            }

            // The demo's UNOSAT-style damage sites, stored as a dated damage source beside the radar (synthetic).
            var sites = await Haven.Workflows.Assessments.UnosatSites.ImportAsync(store, time, DemoActor, Path.Combine(folder, ScenarioFiles.DamageSites), "sample-strip-damage-sites");
            if (!sites.Succeeded)
            {
                LogNoDamageSites(logger, sites.Problem!.Message);
            }

            if (options.AssessDemo)
            {
                // The demo's own damage assessment, in the background like any other, so that damage shows from the start.
                string stack = Path.Combine(folder, "radar", "stack.csv");
                var request = new Haven.Workflows.Assessments.AssessmentRequest(stack, s.Info.EventDate,
                    [s.Info.EventDate.AddDays(8), s.Info.EventDate.AddDays(20)], Labels: Path.Combine(folder, "truth", "labels.geojson"));
                string sha = Haven.Storage.Assessments.InputFile.Sha256Of(stack);
                app.Services.GetRequiredService<AssessmentRuns>().Submit(request, sha, time.GetUtcNow(), DemoActor, new HashSet<string>());
            }
        }
    }

    /// <summary>The actor the audit log names for what the server does to seed its demo.</summary>
    public const string DemoActor = "server (demo)";

    /// <summary>The folder, inside the input folder, that the demo's files are written to.</summary>
    public const string DemoInputsFolder = "sample-strip";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo's damage sites were not stored: {Reason}")]
    private static partial void LogNoDamageSites(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {Path} at schema version {Version}")]
    private static partial void LogSchema(ILogger logger, string path, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty store: generating the Sample Strip demo scenario (synthetic data)")]
    private static partial void LogSeeding(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not loading the Sample Strip demo: {Store} holds {Contents}. The demo is only ever loaded into an empty store; nothing was changed.")]
    private static partial void LogNotSeeding(ILogger logger, string store, string contents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample Strip: {Stage}")]
    private static partial void LogStage(ILogger logger, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading Sample Strip: {Percent}% ({Stage})")]
    private static partial void LogLoading(ILogger logger, int percent, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample Strip files (synthetic, with its radar stack) written to {Folder}")]
    private static partial void LogDemoInputs(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample Strip loaded (synthetic): {Blocks} blocks, {Buildings} buildings, {Sites} sites, {Orders} evacuation orders")]
    private static partial void LogSeeded(ILogger logger, int blocks, int buildings, int sites, int orders);
}
