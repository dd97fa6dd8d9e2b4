using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.Crs;

public class GeodesyTests
{
    // Vincenty (1975) and Geoscience Australia's worked example: Flinders Peak to Buninyong.
    private const double FlindersLat = -(37 + 57 / 60.0 + 3.72030 / 3600), FlindersLon = 144 + 25 / 60.0 + 29.52440 / 3600;
    private const double BuninyongLat = -(37 + 39 / 60.0 + 10.15610 / 3600), BuninyongLon = 143 + 55 / 60.0 + 35.38390 / 3600;

    [Fact]
    public void The_distance_of_the_published_worked_example_is_matched_to_a_millimetre() =>
        Assert.Equal(54_972.271, Geodesy.DistanceMetres(FlindersLon, FlindersLat, BuninyongLon, BuninyongLat), 3);

    [Fact]
    public void The_bearing_of_the_published_worked_example_is_matched_to_a_tenth_of_a_second() =>
        Assert.Equal(306 + 52 / 60.0 + 5.37 / 3600, Geodesy.BearingDegrees(FlindersLon, FlindersLat, BuninyongLon, BuninyongLat), 5);

    [Fact]
    public void Due_north_and_due_east_have_bearings_0_and_90()
    {
        Assert.Equal(0, Geodesy.BearingDegrees(34.4, 31.5, 34.4, 31.6), 6);
        Assert.Equal(90, Geodesy.BearingDegrees(34.4, 31.5, 34.41, 31.5), 1);
    }

    [Fact]
    public void A_degree_of_latitude_near_gaza_is_about_111_km() =>
        Assert.InRange(Geodesy.DistanceMetres(34.4, 31.0, 34.4, 32.0), 110_800, 110_950);

    [ReferenceFact]
    public void The_gaza_strip_covers_about_365_square_kilometres()
    {
        var governorates = GeoJsonReader.Read(ReferenceData.File("governorates.geojson"), new GeoJsonReadOptions { Repair = true }).Value;

        double km2 = governorates.Features.Sum(f => Geodesy.AreaSquareMetres(f.Feature.Geometry)) / 1e6;

        Assert.InRange(km2, 355, 375);
    }
}
