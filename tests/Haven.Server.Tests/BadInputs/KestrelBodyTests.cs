using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Haven.Server.Tests.BadInputs;

/// <summary>
/// Bodies sent chunked (no length to check first) and broken forms, against the real Kestrel server on a loopback
/// port: each is refused with its 4xx problem, never a 500.
/// </summary>
public sealed class KestrelBodyTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public KestrelBodyTests()
    {
        _factory.Settings["Haven:MaxImportBytes"] = "1000000";
        _factory.Settings["Haven:PublicRequestsPerSecond"] = "0";
        _factory.UseKestrel(0);
        _factory.StartServer();
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>A body streamed in 8 KB chunks with no Content-Length.</summary>
    private sealed class ChunkedContent(int bytes, string mediaType) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 8192));
            for (int sent = 0; sent < bytes; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, bytes - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

        public ChunkedContent Typed()
        {
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return this;
        }
    }

    private async Task<(HttpStatusCode Status, string? Code)> SendAsync(string path, HttpContent content, string? key = null)
    {
        using var client = _factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        string text = await response.Content.ReadAsStringAsync();
        string? code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonDocument.Parse(text).RootElement.GetProperty("code").GetString() : null;
        return (response.StatusCode, code);
    }

    [Fact]
    public async Task A_chunked_SMS_body_past_16_KB_gets_413_with_a_problem_code_for_each_content_type()
    {
        foreach (string type in new[] { "text/plain", "application/json", "application/x-www-form-urlencoded" })
        {
            var (status, code) = await SendAsync("/api/sms", new ChunkedContent(64 * 1024, type).Typed());

            Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "body.too_large"), (status, code));
        }
    }

    [Fact]
    public async Task A_chunked_import_past_the_import_cap_gets_413_and_writes_nothing()
    {
        var store = _factory.Services.GetService(typeof(Haven.Storage.IHavenStore)) as Haven.Storage.IHavenStore;
        var before = await store!.GetContentsAsync();
        string key = await _factory.KeyAsync(Haven.Storage.Access.Role.Analyst);

        var (status, code) = await SendAsync("/api/import/blocks", new ChunkedContent(3_000_000, "application/geo+json").Typed(), key);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "body.too_large"), (status, code));
        Assert.Equal(before, await store.GetContentsAsync());
    }

    [Fact]
    public async Task A_multipart_SMS_without_a_boundary_gets_400_with_a_problem_code()
    {
        var content = new StringContent("--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nBLOCK 101\r\n--x--\r\n");
        content.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data");

        var (status, code) = await SendAsync("/api/sms", content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(code);
    }
}
