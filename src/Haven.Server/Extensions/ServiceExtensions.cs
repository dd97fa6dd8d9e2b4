using Hangfire;
using Haven.Server.Caches;
using Haven.Server.AssessmentQueue;
using Haven.Server.Security;
using Haven.Server.Errors;
using Haven.Workflows.Layers;
using System.IO.Compression;
using Haven.Storage;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Haven.Server.Extensions;

/// <summary>Registers Haven's services: options, the store, problem details and compression.</summary>
public static class ServiceExtensions
{
    /// <summary>Where the server listens unless --urls, ASPNETCORE_URLS or "Urls" configuration says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddHavenServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // The settings beside the binary apply wherever the server is started from; an appsettings.json in the
        // working folder, the environment and the command line still override them.
        string besideBinary = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!string.Equals(Path.GetFullPath(builder.Environment.ContentRootPath), Path.GetFullPath(AppContext.BaseDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
            && File.Exists(besideBinary))
        {
            var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
            int firstJson = sources.TakeWhile(s => s is not Microsoft.Extensions.Configuration.Json.JsonConfigurationSource).Count();
            sources.Insert(firstJson, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = true,
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            });
        }

        // The page is copied beside the binary at build time; serve that copy wherever the server is started from.
        string webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        builder.Environment.WebRootPath = webRoot;
        builder.Environment.WebRootFileProvider = new PhysicalFileProvider(webRoot);

        builder.Services.AddOptions<HavenOptions>()
            .Bind(builder.Configuration.GetSection(HavenOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Haven:DataDirectory must name a folder.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHavenStore>(sp => Stores.Open(sp.GetRequiredService<IOptions<HavenOptions>>().Value.DatabasePath, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new LayerCatalog(sp.GetRequiredService<IHavenStore>()));
        builder.Services.AddSingleton<LookupCache>();
        builder.Services.AddSingleton<TileCache>();
        builder.Services.AddSingleton<PlanningCache>();
        builder.Services.AddSingleton<StoreCaches>();
        builder.Services.AddSingleton<AssessmentRuns>();
        builder.Services.AddHostedService<AssessmentWorker>();
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurityScheme>();
            o.AddOperationTransformer<BearerSecurityScheme>();
            o.AddOperationTransformer<Apis.ApiDocumentation.Transformer>();
        });
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        // On PostgreSQL the server shows the distributed runs' tile jobs (/jobs, admins); it runs none itself.
        if (builder.Configuration["Haven:Database"] is { } database && Haven.Storage.Postgis.PostgisStore.IsConnectionString(database))
        {
            builder.Services.AddHangfire(c => c.UseStorage(Haven.Workflows.Distributed.TileJob.Storage(database)));
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Analyst, p => p.RequireAuthenticatedUser().RequireRole("analyst"))
            .AddPolicy(Policies.Coordinator, p => p.RequireAuthenticatedUser().RequireRole("coordinator"))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole("admin"));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Every problem carries a stable code; those the framework raises get one from their status.
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                ctx.ProblemDetails.Extensions["code"] = Apis.Problems.CodeFor(ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode);
            }
        });
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        // A query or route value that does not bind (lat=abc) raises an error naming the parameter, answered as a 400 problem.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddHavenLimits(builder.Configuration);
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/geo+json"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    public static WebApplication UseHavenPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseResponseCompression();
        app.UseDefaultFiles();
        // Map label glyphs are protobuf ranges (.pbf), which the default content types do not know.
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings[".pbf"] = "application/x-protobuf";
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        return app;
    }
}
