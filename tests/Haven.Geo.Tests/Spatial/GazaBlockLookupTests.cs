using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.Spatial;
using Haven.Geo.Tests.Support;

namespace Haven.Geo.Tests.Spatial;

public class GazaBlockLookupTests
{
    private static readonly Lazy<PolygonIndex<long>> Blocks = new(() =>
    {
        var read = GeoJsonReader.Read(ReferenceData.File("blocks.geojson"), new GeoJsonReadOptions { Repair = true }).Value;
        return new PolygonIndex<long>(read.Features.Select(f => (Convert.ToInt64(f.Feature.Attributes["block"], System.Globalization.CultureInfo.InvariantCulture), f.Feature.Geometry)));
    });

    [ReferenceTheory]
    [InlineData(34.268757, 31.359485, 92)]   // al-Mawasi
    [InlineData(34.482214, 31.533865, 1813)] // Jabalya
    public void A_known_place_is_in_its_published_block(double lon, double lat, long block)
    {
        Assert.True(Blocks.Value.TryLocate(lon, lat, out long found));
        Assert.Equal(block, found);
        Assert.Contains(block, Blocks.Value.LocateAll(lon, lat));
    }

    [ReferenceFact]
    public void A_point_at_sea_is_in_no_block()
    {
        Assert.False(Blocks.Value.TryLocate(34.20, 31.45, out _));
        Assert.Empty(Blocks.Value.LocateAll(34.20, 31.45));
    }

    [ReferenceFact]
    public void The_fast_point_lookup_agrees_with_the_prepared_geometry_query()
    {
        var f = new NetTopologySuite.Geometries.GeometryFactory();
        var rng = new Haven.Geo.Sampling.DeterministicRandom(5);
        for (int i = 0; i < 2000; i++)
        {
            double lon = rng.Uniform(34.2, 34.6), lat = rng.Uniform(31.2, 31.6);
            Assert.Equal(Blocks.Value.Containing(f.CreatePoint(new NetTopologySuite.Geometries.Coordinate(lon, lat))), Blocks.Value.LocateAll(lon, lat));
        }
    }

    [ReferenceFact]
    public void The_nearest_health_facilities_come_with_distances_in_metres_and_bearings()
    {
        var read = GeoJsonReader.Read(ReferenceData.File("health_facilities.geojson"), new GeoJsonReadOptions { Repair = true }).Value;
        var points = read.Features.Where(f => f.Feature.Geometry is NetTopologySuite.Geometries.Point).ToList();
        var index = new NearestIndex<int>(points.Select(f => (f.Index, f.Feature.Geometry)));
        const double Lon = 34.4668, Lat = 31.5017;

        var nearest = index.Nearest(Lon, Lat, 5);

        Assert.Equal(5, nearest.Count);
        Assert.Equal(nearest.OrderBy(n => n.DistanceMetres).Select(n => n.Key), nearest.Select(n => n.Key));
        foreach (var n in nearest)
        {
            var p = (NetTopologySuite.Geometries.Point)read.Features.Single(f => f.Index == n.Key).Feature.Geometry;
            Assert.Equal(Geodesy.DistanceMetres(Lon, Lat, p.X, p.Y), n.DistanceMetres, Math.Max(0.5, n.DistanceMetres * 0.002));
            Assert.Equal(Geodesy.BearingDegrees(Lon, Lat, p.X, p.Y), n.BearingDegrees, 0.5);
        }

        // No facility is nearer than the first one found.
        double brute = points.Min(f => Geodesy.DistanceMetres(Lon, Lat, f.Feature.Geometry.Coordinate.X, f.Feature.Geometry.Coordinate.Y));
        Assert.Equal(brute, nearest[0].DistanceMetres, Math.Max(0.5, brute * 0.002));
    }
}
