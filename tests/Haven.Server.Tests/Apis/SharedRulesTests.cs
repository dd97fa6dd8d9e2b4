using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.Apis;

/// <summary>Rules every front end answers the same way: a zone's last day, an unreadable zone end, an inference date on the event day.</summary>
public sealed class SharedRulesTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public SharedRulesTests() => _factory.Settings["Haven:PublicRequestsPerSecond"] = "0";

    public void Dispose() => _factory.Dispose();

    private static Uri U(string url) => new(url, UriKind.Relative);

    /// <summary>A synthetic zone around a demo site, in force from 2024-01-01 up to (not including) 2024-02-01; the site's position.</summary>
    private async Task<(HttpClient Client, double Lon, double Lat)> ZoneEndingFebruaryAsync()
    {
        var client = _factory.ClientWith(await _factory.KeyAsync(Role.Coordinator));
        var at = (await _factory.Services.GetRequiredService<IHavenStore>().GetSitesAsync())[0].Location.Coordinate;
        double d = 0.002;
        string ring = string.Create(CultureInfo.InvariantCulture,
            $"[[{at.X - d},{at.Y - d}],[{at.X + d},{at.Y - d}],[{at.X + d},{at.Y + d}],[{at.X - d},{at.Y + d}],[{at.X - d},{at.Y - d}]]");
        string body = $$$"""{"type":"Feature","properties":{"name_en":"Synthetic zone","name_ar":"منطقة","valid_from":"2024-01-01","valid_to":"2024-02-01"},"geometry":{"type":"Polygon","coordinates":[{{{ring}}}]}}""";
        using var put = await client.PutAsync(U("/api/zones/z-boundary"), new StringContent(body, Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return (client, at.X, at.Y);
    }

    [Fact]
    public async Task A_zone_is_in_force_on_the_day_before_its_end_and_not_on_its_end_day_in_the_layer_the_lookup_and_capacity()
    {
        var (client, lon, lat) = await ZoneEndingFebruaryAsync();

        foreach (var (day, inForce) in new[] { ("2024-01-31", true), ("2024-02-01", false) })
        {
            string layer = await client.GetStringAsync(U($"/api/layers/zones?asOf={day}"));
            using var lookup = JsonDocument.Parse(await client.GetStringAsync(U(string.Create(CultureInfo.InvariantCulture, $"/api/lookup?lat={lat}&lon={lon}&asOf={day}"))));
            using var capacity = await client.GetAsync(U($"/api/planning/capacity?asOf={day}&zone=z-boundary&people=100"));

            Assert.Equal(inForce, layer.Contains("z-boundary", StringComparison.Ordinal));
            var zone = lookup.RootElement.GetProperty("answer").GetProperty("inZone");
            Assert.Equal(inForce, zone.ValueKind == JsonValueKind.Object && zone.GetProperty("id").GetString() == "z-boundary");
            Assert.Equal(inForce ? HttpStatusCode.OK : HttpStatusCode.NotFound, capacity.StatusCode);
        }
    }

    [Fact]
    public async Task An_import_of_a_zone_whose_end_cannot_be_read_is_refused_naming_valid_to()
    {
        var client = _factory.ClientWith(await _factory.KeyAsync(Role.Analyst));
        string body = """{"type":"Feature","properties":{"name":"Synthetic zone","valid_from":"2024-01-01","valid_to":"when the war ends"},"geometry":{"type":"Polygon","coordinates":[[[34.30,31.40],[34.31,31.40],[34.31,31.41],[34.30,31.41],[34.30,31.40]]]}}""";

        using var response = await client.PostAsync(U("/api/import/zone"), new StringContent(body, Encoding.UTF8, "application/geo+json"));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("valid_to", text, StringComparison.Ordinal);
        Assert.DoesNotContain(await _factory.Services.GetRequiredService<IHavenStore>().GetZonesAsync(), z => z.NameEn == "Synthetic zone");
    }

    [Fact]
    public async Task An_assessment_with_an_inference_date_on_the_event_day_is_refused_as_not_after_the_event()
    {
        var client = _factory.ClientWith(await _factory.KeyAsync(Role.Analyst));
        Directory.CreateDirectory(Path.Combine(_factory.DataDirectory, "inputs"));
        await File.WriteAllTextAsync(Path.Combine(_factory.DataDirectory, "inputs", "stack.csv"), "path,date,orbit,polarisation\nimage.tif,2023-09-01,87,VV\n");

        using var response = await client.PostAsJsonAsync(U("/api/assessments"), new { stack = "stack.csv", @event = "2023-10-07", inference = new[] { "2023-10-07" } });
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("2023-10-07 is not after the event date 2023-10-07", text, StringComparison.Ordinal);
    }
}
