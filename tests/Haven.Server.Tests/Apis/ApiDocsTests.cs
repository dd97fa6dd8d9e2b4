using Haven.Workflows.Access;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.Apis;

/// <summary>Every curl example in docs/api.md, replayed in order against the in-process server, answers with the status it claims.</summary>
public sealed partial class ApiDocsTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public ApiDocsTests()
    {
        // As the demo does: the Sample Strip's files in the input folder, for the assessment examples.
        _factory.Settings["Haven:WriteDemoInputs"] = "true";
    }

    public void Dispose() => _factory.Dispose();

    private static string DocsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "api.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/api.md not found above the test folder.");
    }

    [GeneratedRegex(@"^curl (?<args>.+?)\s+# (?<status>\d{3})$")]
    private static partial Regex Example();

    [GeneratedRegex("""'(?<q>[^']*)'|"(?<d>[^"]*)"|(?<w>\S+)""")]
    private static partial Regex Word();

    [Fact]
    public async Task Every_curl_example_answers_with_its_documented_status()
    {
        _ = _factory.Server;
        var store = _factory.Services.GetRequiredService<IHavenStore>();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, role) in new[] { ("$ANALYST_KEY", Role.Analyst), ("$COORDINATOR_KEY", Role.Coordinator), ("$ADMIN_KEY", Role.Admin) })
        {
            var (record, key) = ApiKeys.Create(role, "docs", DateTimeOffset.UtcNow);
            await store.AddApiKeyAsync(record);
            keys[name] = key;
        }

        var client = _factory.CreateClient();
        int run = 0;
        foreach (string line in await File.ReadAllLinesAsync(DocsPath()))
        {
            var m = Example().Match(line.Trim());
            if (!m.Success)
            {
                continue;
            }

            var words = Word().Matches(m.Groups["args"].Value)
                .Select(w => w.Groups["q"].Success ? w.Groups["q"].Value : w.Groups["d"].Success ? w.Groups["d"].Value : w.Groups["w"].Value)
                .Select(w => keys.Aggregate(w, (text, k) => text.Replace(k.Key, k.Value, StringComparison.Ordinal)))
                .ToList();
            var request = new HttpRequestMessage(HttpMethod.Get, (Uri?)null);
            string? body = null;
            string contentType = "text/plain";
            for (int i = 0; i < words.Count; i++)
            {
                switch (words[i])
                {
                    case "-s":
                        break;
                    case "-X":
                        request.Method = new HttpMethod(words[++i]);
                        break;
                    case "-H":
                        var (name, value) = (words[++i].Split(':', 2)[0].Trim(), words[i].Split(':', 2)[1].Trim());
                        if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                        {
                            contentType = value;
                        }
                        else
                        {
                            request.Headers.TryAddWithoutValidation(name, value);
                        }

                        break;
                    case "-d":
                        body = words[++i];
                        break;
                    default:
                        request.RequestUri = new Uri(new Uri(words[i]).PathAndQuery, UriKind.Relative);
                        break;
                }
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, contentType);
                if (request.Method == HttpMethod.Get)
                {
                    request.Method = HttpMethod.Post;
                }
            }

            var response = await client.SendAsync(request);

            Assert.True((HttpStatusCode)int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture) == response.StatusCode,
                $"docs/api.md: {line.Trim()[..Math.Min(90, line.Trim().Length)]}… answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            run++;
        }

        Assert.True(run >= 15, $"only {run} examples found in docs/api.md");
    }
}
