using System.Globalization;
using System.Net;
using System.Text;
using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests.BadInputs;

/// <summary>A site whose latitude and longitude were typed the wrong way round is refused as swapped, against where the store's data lies.</summary>
public sealed class SwappedCoordinatesTests : IDisposable
{
    private readonly HavenServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_site_put_with_latitude_and_longitude_swapped_is_refused_as_swapped_and_the_same_site_the_right_way_round_is_stored()
    {
        var client = _factory.ClientWith(await _factory.KeyAsync(Role.Coordinator));
        var store = _factory.Services.GetRequiredService<IHavenStore>();
        var where = (await store.GetSitesAsync())[0].Location.Coordinate;
        string Body(double x, double y) => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","properties":{"kind":"clinic","name_en":"Synthetic clinic","name_ar":"عيادة","status":"open","status_since":"2024-01-01"},"geometry":{"type":"Point","coordinates":[{{{x}}},{{{y}}}]}}""");

        using var swapped = await client.PutAsync(new Uri("/api/sites/s-swapped", UriKind.Relative), new StringContent(Body(where.Y, where.X), Encoding.UTF8, "application/geo+json"));
        string text = await swapped.Content.ReadAsStringAsync();
        using var right = await client.PutAsync(new Uri("/api/sites/s-swapped", UriKind.Relative), new StringContent(Body(where.X, where.Y), Encoding.UTF8, "application/geo+json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, swapped.StatusCode);
        Assert.Contains("geometry.swapped", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Single(await store.GetSitesAsync(), s => s.Id == "s-swapped");
    }
}
