using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Haven.Storage.Access;

namespace Haven.Server.Tests.BadInputs;

/// <summary>Reads for HTTP assessments stay in the server's input folder, links followed; failures name files as submitted and quote nothing from them.</summary>
public sealed class InputFolderTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<HttpClient> AnalystAsync() => _factory.ClientWith(await _factory.KeyAsync(Role.Analyst));

    private string Inputs => Directory.CreateDirectory(Path.Combine(_factory.DataDirectory, "inputs")).FullName;

    [Fact]
    public async Task A_link_in_the_input_folder_to_a_file_outside_it_is_refused_as_leaving_the_folder()
    {
        var client = await AnalystAsync();
        string secret = Path.Combine(_factory.DataDirectory, "secret.csv");
        await File.WriteAllTextAsync(secret, "path,date,orbit,polarisation\n");
        File.CreateSymbolicLink(Path.Combine(Inputs, "stack.csv"), secret);
        Directory.CreateSymbolicLink(Path.Combine(Inputs, "outside"), _factory.DataDirectory);

        foreach (string name in new[] { "stack.csv", "outside/secret.csv" })
        {
            using var response = await client.PostAsJsonAsync(new Uri("/api/assessments", UriKind.Relative),
                new { stack = name, @event = "2023-10-07", inference = new[] { "2023-10-15" } });
            string text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains("leaves the input folder", text, StringComparison.Ordinal);
            Assert.DoesNotContain(_factory.DataDirectory, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_manifest_naming_images_by_absolute_path_or_through_a_link_fails_naming_the_image_as_written_and_quoting_nothing_from_the_file()
    {
        var client = await AnalystAsync();
        string key = Path.Combine(_factory.DataDirectory, "not-an-image.key");
        await File.WriteAllBytesAsync(key, [0x53, 0x4b, 0x45, 0x59, 1, 2, 3, 4]);
        File.CreateSymbolicLink(Path.Combine(Inputs, "linked.tif"), key);
        await File.WriteAllTextAsync(Path.Combine(Inputs, "absolute.csv"), $"path,date,orbit,polarisation\n{key},2023-09-01,87,VV\n");
        await File.WriteAllTextAsync(Path.Combine(Inputs, "linked.csv"), "path,date,orbit,polarisation\nlinked.tif,2023-09-01,87,VV\n");

        foreach (string manifest in new[] { "absolute.csv", "linked.csv" })
        {
            using var submitted = await client.PostAsJsonAsync(new Uri("/api/assessments", UriKind.Relative),
                new { stack = manifest, @event = "2023-10-07", inference = new[] { "2023-10-15" } });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var location = submitted.Headers.Location!;
            string text = "";
            for (int i = 0; i < 200 && !text.Contains("\"failed\"", StringComparison.Ordinal); i++)
            {
                await Task.Delay(50);
                text = await client.GetStringAsync(location);
            }

            using var status = JsonDocument.Parse(text);
            Assert.Equal("failed", status.RootElement.GetProperty("state").GetString());
            Assert.Contains("not inside the input folder", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Inputs, text, StringComparison.Ordinal);
            Assert.DoesNotContain("magic", text, StringComparison.Ordinal);
        }
    }
}
