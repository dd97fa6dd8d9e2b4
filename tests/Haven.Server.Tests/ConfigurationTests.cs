using Haven.Server.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Haven.Server.Tests;

public class ConfigurationTests
{
    [Fact]
    public void Started_from_another_folder_the_server_reads_the_appsettings_json_beside_its_binary()
    {
        string elsewhere = Directory.CreateTempSubdirectory("haven-cwd-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = elsewhere, Args = [] });
            Assert.Null(builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);

            builder.AddHavenServices();

            Assert.Equal("Warning", builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void The_command_line_still_overrides_the_appsettings_json_beside_the_binary()
    {
        string elsewhere = Directory.CreateTempSubdirectory("haven-cwd-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ContentRootPath = elsewhere,
                Args = ["--Logging:LogLevel:Microsoft.AspNetCore=Error"],
            });

            builder.AddHavenServices();

            Assert.Equal("Error", builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
