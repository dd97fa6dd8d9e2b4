using Haven.Workflows.Access;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.Apis;

/// <summary>Keys, roles, the audit log and the limits, over HTTP against the in-process server.</summary>
public sealed class AccessTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public AccessTests()
    {
        // Small caps so that refusals are quick to provoke (synthetic bodies).
        _factory.Settings["Haven:MaxEditBytes"] = "60000";
        _factory.Settings["Haven:MaxVerticesPerFeature"] = "500";
        _factory.Settings["Haven:PublicRequestsPerSecond"] = "0";
    }

    public void Dispose() => _factory.Dispose();

    private static Uri U(string url) => new(url, UriKind.Relative);

    private Task<string> KeyFor(Role role) => _factory.KeyAsync(role);

    private HttpClient Client(string? key) => _factory.ClientWith(key);

    private static StringContent Geo(string json) => new(json, Encoding.UTF8, "application/geo+json");

    private static string Square(double x, double y, double d, string properties) =>
        $$$"""{"type":"Feature","properties":{{{properties}}},"geometry":{"type":"Polygon","coordinates":[[[{{{x}}},{{{y}}}],[{{{x + d}}},{{{y}}}],[{{{x + d}}},{{{y + d}}}],[{{{x}}},{{{y + d}}}],[{{{x}}},{{{y}}}]]]}}""";

    private static string ZoneBody => Square(34.30, 31.40, 0.01, """{"name_en":"Synthetic zone","name_ar":"منطقة تجريبية","valid_from":"2024-01-01"}""");

    private static string SiteBody(string status) =>
        $$$"""{"type":"Feature","properties":{"kind":"clinic","name_en":"Synthetic clinic","name_ar":"عيادة تجريبية","status":"{{{status}}}","status_since":"2024-01-01"},"geometry":{"type":"Point","coordinates":[34.31,31.41]}}""";

    private const string OrderBody = """{"type":"Feature","properties":{"effective_from":"2024-02-01","blocks":[101,102]},"geometry":null}""";

    private static string BlocksBody =>
        """{"type":"FeatureCollection","features":[""" + Square(34.30, 31.40, 0.002, """{"block":990001,"area_km2":0.04}""") + "]}";

    /// <summary>Every endpoint that needs a role, and the lowest role allowed.</summary>
    public static TheoryData<string, string, Role> Protected => new()
    {
        { "POST", "/api/import/blocks", Role.Analyst },
        { "PUT", "/api/zones/synthetic-zone", Role.Coordinator },
        { "PUT", "/api/sites/synthetic-site", Role.Coordinator },
        { "PUT", "/api/orders/synthetic-order", Role.Coordinator },
        { "POST", "/api/publications", Role.Coordinator },
        { "GET", "/api/keys", Role.Admin },
        { "POST", "/api/keys", Role.Admin },
        { "DELETE", "/api/keys/{id}", Role.Admin },
        { "GET", "/api/audit", Role.Admin },
        { "GET", "/api/assessments", Role.Analyst },
    };

    private async Task<HttpResponseMessage> Send(HttpClient client, string method, string path)
    {
        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            var store = _factory.Services.GetRequiredService<IHavenStore>();
            var (victim, _) = ApiKeys.Create(Role.Analyst, "to revoke", DateTimeOffset.UtcNow);
            await store.AddApiKeyAsync(victim);
            path = path.Replace("{id}", victim.Id, StringComparison.Ordinal);
        }

        HttpContent? body = path switch
        {
            "/api/import/blocks" => Geo(BlocksBody),
            "/api/zones/synthetic-zone" => Geo(ZoneBody),
            "/api/sites/synthetic-site" => Geo(SiteBody("open")),
            "/api/orders/synthetic-order" => Geo(OrderBody),
            "/api/keys" when method == "POST" => JsonContent.Create(new { role = "analyst", name = "made over http" }),
            _ => null,
        };
        return await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), U(path)) { Content = body });
    }

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Each_role_is_allowed_refused_with_403_or_asked_for_a_key_with_401(string method, string path, Role lowest)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var client = Client(role == Role.Anonymous ? null : await KeyFor(role));

            var response = await Send(client, method, path);

            var expected = role == Role.Anonymous ? HttpStatusCode.Unauthorized : role < lowest ? HttpStatusCode.Forbidden : (HttpStatusCode?)null;
            if (expected is { } refused)
            {
                Assert.Equal(refused, response.StatusCode);
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(role == Role.Anonymous ? "auth.required" : "auth.forbidden", problem.RootElement.GetProperty("code").GetString());
            }
            else
            {
                Assert.True(response.IsSuccessStatusCode, $"{role} {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Theory]
    [InlineData("/api/lookup?block={block}&asOf=2024-02-01")]
    [InlineData("/api/layers/blocks?asOf=2024-02-01")]
    [InlineData("/api/publications")]
    [InlineData("/api/history/block/{block}")]
    public async Task Reading_and_looking_up_need_no_key(string path)
    {
        _ = _factory.Server;
        var blocks = await _factory.Services.GetRequiredService<IHavenStore>().GetBlocksAsync();
        path = path.Replace("{block}", blocks[0].Number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var response = await Client(null).GetAsync(U(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once_and_an_unknown_one_never_works()
    {
        string analyst = await KeyFor(Role.Analyst);
        var admin = Client(await KeyFor(Role.Admin));
        Assert.True(ApiKeys.TryParse(analyst, out string id, out _));
        Assert.Equal(HttpStatusCode.OK, (await Client(analyst).PostAsync(U("/api/import/blocks"), Geo(BlocksBody))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(U($"/api/keys/{id}"))).StatusCode);
        var after = await Client(analyst).PostAsync(U("/api/import/blocks"), Geo(BlocksBody));

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync(U($"/api/keys/{id}"))).StatusCode);
        var forged = await Client("hvn_" + id + "_" + new string('A', 43)).PostAsync(U("/api/import/blocks"), Geo(BlocksBody));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("not-a-key").GetAsync(U("/api/keys"))).StatusCode);
    }

    [Fact]
    public async Task A_key_made_over_http_is_shown_once_and_listed_without_its_secret()
    {
        var admin = Client(await KeyFor(Role.Admin));

        var created = await admin.PostAsJsonAsync(U("/api/keys"), new { role = "coordinator", name = "field office" });
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string key = json.RootElement.GetProperty("key").GetString()!;
        string list = await admin.GetStringAsync(U("/api/keys"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains(json.RootElement.GetProperty("id").GetString()!, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key[^20..], list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client(key).PutAsync(U("/api/sites/s-field"), Geo(SiteBody("open")))).StatusCode);
        var badRole = await admin.PostAsJsonAsync(U("/api/keys"), new { role = "root" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRole.StatusCode);
    }

    [Fact]
    public async Task The_audit_log_records_each_write_with_who_and_digests_before_and_after()
    {
        string coordinatorKey = await KeyFor(Role.Coordinator);
        var coordinator = Client(coordinatorKey);
        Assert.True(ApiKeys.TryParse(coordinatorKey, out string coordinatorId, out _));
        var admin = Client(await KeyFor(Role.Admin));

        await coordinator.PutAsync(U("/api/sites/s-audit"), Geo(SiteBody("open")));
        await coordinator.PutAsync(U("/api/sites/s-audit"), Geo(SiteBody("closed")));
        await coordinator.PutAsync(U("/api/zones/z-audit"), Geo(ZoneBody));
        await coordinator.PostAsync(U("/api/publications"), null);

        using var audit = JsonDocument.Parse(await admin.GetStringAsync(U("/api/audit")));
        var entries = audit.RootElement.EnumerateArray().Where(e => e.GetProperty("actor").GetString() != "server (demo)").ToList();
        Assert.Equal(["site put", "site put", "zone put", "publish"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal($"key:{coordinatorId} (coordinator)", e.GetProperty("actor").GetString()));
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("before_sha256").ValueKind);
        Assert.Equal(entries[0].GetProperty("after_sha256").GetString(), entries[1].GetProperty("before_sha256").GetString());
        Assert.NotEqual(entries[1].GetProperty("before_sha256").GetString(), entries[1].GetProperty("after_sha256").GetString());
        Assert.Equal(64, entries[2].GetProperty("after_sha256").GetString()!.Length);
        string csv = await admin.GetStringAsync(U("/api/audit?format=csv&after=3"));
        Assert.StartsWith(AuditExport.CsvHeader + "\n", csv, StringComparison.Ordinal);
        Assert.Equal(3, csv.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_oversized_or_invalid_geometries_422_with_nothing_written()
    {
        var coordinator = Client(await KeyFor(Role.Coordinator));
        string big = SiteBody("open").Replace("\"open\"", "\"" + new string('x', 70_000) + "\"", StringComparison.Ordinal);
        var ring = string.Join(",", Enumerable.Range(0, 801).Select(i => i % 800).Select(i => $"[{34.3 + 0.01 * Math.Cos(i * Math.PI / 400):R},{31.4 + 0.01 * Math.Sin(i * Math.PI / 400):R}]"));
        string dense = $$$"""{"type":"Feature","properties":{"name_en":"Z","name_ar":"ز","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]}}""";
        string bowtie = """{"type":"Feature","properties":{"name_en":"Z","name_ar":"ز","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[[34.3,31.4],[34.31,31.41],[34.31,31.4],[34.3,31.41],[34.3,31.4]]]}}""";

        var tooLarge = await coordinator.PutAsync(U("/api/sites/s-big"), Geo(big));
        var tooDense = await coordinator.PutAsync(U("/api/zones/z-dense"), Geo(dense));
        var invalid = await coordinator.PutAsync(U("/api/zones/z-bowtie"), Geo(bowtie));
        var notJson = await coordinator.PutAsync(U("/api/zones/z-broken"), Geo("{\"type\":\"Feature\","));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "body.too_large"), (tooLarge.StatusCode, await Code(tooLarge)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "geometry.too_many_vertices"), (tooDense.StatusCode, await Code(tooDense)));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "geometry.invalid"), (invalid.StatusCode, await Code(invalid)));
        Assert.Equal((HttpStatusCode.BadRequest, "geojson.malformed"), (notJson.StatusCode, await Code(notJson)));
        var store = _factory.Services.GetRequiredService<IHavenStore>();
        Assert.DoesNotContain(await store.GetSitesAsync(), s => s.Id == "s-big");
        Assert.DoesNotContain(await store.GetZonesAsync(), z => z.Id is "z-dense" or "z-bowtie");
        Assert.DoesNotContain(await store.GetAuditAsync(), a => a.Actor != "server (demo)");
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_with_problem_details_and_a_code()
    {
        var missing = await Client(null).GetAsync(U("/api/no-such-thing"));
        var wrongMethod = await Client(null).DeleteAsync(U("/api/lookup"));

        Assert.Equal((HttpStatusCode.NotFound, "http.not_found"), (missing.StatusCode, await Code(missing)));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "http.method_not_allowed"), (wrongMethod.StatusCode, await Code(wrongMethod)));
    }

    private static async Task<string?> Code(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString();
    }
}

/// <summary>The rate limit on public endpoints, with a low synthetic rate.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Too_many_lookups_from_one_address_get_429_with_retry_after()
    {
        _factory.Settings["Haven:PublicRequestsPerSecond"] = "2";
        var client = _factory.CreateClient();

        var responses = new List<HttpResponseMessage>();
        for (int i = 0; i < 12; i++)
        {
            responses.Add(await client.GetAsync(new Uri("/api/publications", UriKind.Relative)));
        }

        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        using var doc = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("rate.limited", doc.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }
}
