using Haven.Geo.Crs;
using NetTopologySuite.Geometries;

namespace Haven.Geo.Tests.Crs;

public class UtmProjectionTests
{
    private readonly UtmProjection _utm36 = new(Epsg.Utm36N);

    [Fact]
    public void The_central_meridian_on_the_equator_is_the_false_easting()
    {
        var (e, n) = _utm36.FromWgs84(33, 0);

        Assert.Equal(500_000, e, 3);
        Assert.Equal(0, n, 3);
    }

    [Fact]
    public void Gaza_city_round_trips_to_a_millimetre()
    {
        var (e, n) = _utm36.FromWgs84(34.4668, 31.5017);
        var (lon, lat) = _utm36.ToWgs84(e, n);

        Assert.InRange(e, 600_000, 660_000);
        Assert.InRange(n, 3_480_000, 3_500_000);
        Assert.Equal(34.4668, lon, 8);
        Assert.Equal(31.5017, lat, 8);
    }

    [Fact]
    public void A_one_kilometre_square_projected_back_has_an_area_of_one_square_kilometre()
    {
        var f = new GeometryFactory();
        var square = f.ToGeometry(new Envelope(600_000, 601_000, 3_480_000, 3_481_000));

        var degrees = _utm36.ToWgs84(square);
        var metres = _utm36.FromWgs84(degrees);

        Assert.Equal(1_000_000, metres.Area, 0);
        Assert.True(degrees.EnvelopeInternal.Width < 0.02);
    }

    [Theory]
    [InlineData(34.45, 31.5, 32636)]
    [InlineData(35.9, 31.5, 32636)]
    [InlineData(36.1, 33.5, 32637)]
    [InlineData(-70.6, -33.4, 32719)]
    public void The_zone_follows_the_longitude_and_the_hemisphere(double lon, double lat, int epsg) =>
        Assert.Equal(epsg, Epsg.UtmZoneFor(lon, lat));
}
