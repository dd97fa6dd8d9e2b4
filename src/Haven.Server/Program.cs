using Haven.Server.Startup;
using Haven.Server.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddHavenServices();

var app = builder.Build();
await app.PrepareStoreAsync();
app.UseHavenPipeline();
app.MapHavenApis();
await app.RunAsync();

/// <summary>The server's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
