using NetTopologySuite.Geometries;

namespace Haven.Geo.Crs;

/// <summary>Geometries from WGS 84 into a raster's CRS: unchanged for WGS 84, projected for a WGS 84 UTM zone.</summary>
public static class Wgs84To
{
    /// <summary>The projection into <paramref name="epsg"/>, or a problem naming <paramref name="source"/> for a CRS Haven does not project to.</summary>
    public static Outcome<Func<Geometry, Geometry>> Crs(int epsg, string source)
    {
        if (epsg == Epsg.Wgs84)
        {
            return Outcome<Func<Geometry, Geometry>>.Success(g => g);
        }

        if (!Epsg.IsUtm(epsg))
        {
            return Outcome<Func<Geometry, Geometry>>.Failure("crs.unsupported",
                $"{source}: the raster's CRS EPSG:{epsg} is not one Haven projects to; expected EPSG:4326 or a WGS 84 UTM zone.");
        }

        var utm = new UtmProjection(epsg);
        return Outcome<Func<Geometry, Geometry>>.Success(utm.FromWgs84);
    }
}
