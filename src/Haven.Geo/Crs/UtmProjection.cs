using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Haven.Geo.Crs;

/// <summary>
/// WGS 84 longitude/latitude to and from one WGS 84 UTM zone (ProjNET). Build once and reuse: instances are
/// immutable, and ProjNET math transforms are used here without shared mutable state, so an instance is
/// thread-safe for concurrent transforms.
/// </summary>
public sealed class UtmProjection
{
    private readonly MathTransform _forward;
    private readonly MathTransform _inverse;

    public UtmProjection(int epsg)
    {
        if (!Haven.Geo.Crs.Epsg.IsUtm(epsg))
        {
            throw new ArgumentOutOfRangeException(nameof(epsg), epsg, "Expected a WGS 84 UTM zone (EPSG 32601-32660 or 32701-32760).");
        }

        Epsg = epsg;
        int zone = epsg % 100;
        bool north = epsg < 32700;
        var factory = new CoordinateTransformationFactory();
        var utm = ProjectedCoordinateSystem.WGS84_UTM(zone, north);
        _forward = factory.CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, utm).MathTransform;
        _inverse = factory.CreateFromCoordinateSystems(utm, GeographicCoordinateSystem.WGS84).MathTransform;
    }

    public int Epsg { get; }

    /// <summary>The projection for the UTM zone that holds a WGS 84 position.</summary>
    public static UtmProjection ForLocation(double longitude, double latitude) =>
        new(Crs.Epsg.UtmZoneFor(longitude, latitude));

    public (double Easting, double Northing) FromWgs84(double longitude, double latitude) =>
        _forward.Transform(longitude, latitude);

    public (double Longitude, double Latitude) ToWgs84(double easting, double northing) =>
        _inverse.Transform(easting, northing);

    /// <summary>A copy of a geometry in UTM metres from WGS 84 degrees.</summary>
    public Geometry FromWgs84(Geometry geometry) => Apply(geometry, _forward);

    /// <summary>A copy of a geometry in WGS 84 degrees from UTM metres.</summary>
    public Geometry ToWgs84(Geometry geometry) => Apply(geometry, _inverse);

    private static Geometry Apply(Geometry geometry, MathTransform transform) => TransformFilter.Apply(geometry, transform);
}
