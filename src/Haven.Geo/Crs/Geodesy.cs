using NetTopologySuite.Geometries;

namespace Haven.Geo.Crs;

/// <summary>
/// Distances, bearings and areas on the WGS 84 ellipsoid. Distances and bearings use Vincenty's inverse
/// formula (T. Vincenty, "Direct and inverse solutions of geodesics on the ellipsoid", Survey Review 23(176),
/// 1975), accurate to well under a millimetre; areas project to the UTM zone of the geometry's centre, whose
/// scale error is under 0.1% within a zone. Stateless and thread-safe.
/// </summary>
public static class Geodesy
{
    private const double A = 6_378_137.0;
    private const double F = 1 / 298.257223563;
    private const double B = A * (1 - F);

    /// <summary>Geodesic distance in metres between two WGS 84 positions (degrees).</summary>
    public static double DistanceMetres(double lon1, double lat1, double lon2, double lat2) =>
        Inverse(lon1, lat1, lon2, lat2).Distance;

    /// <summary>Initial bearing in degrees clockwise from north (0 to 360) from the first position to the second.</summary>
    public static double BearingDegrees(double lon1, double lat1, double lon2, double lat2) =>
        Inverse(lon1, lat1, lon2, lat2).Bearing;

    /// <summary>Area in square metres of a WGS 84 polygonal geometry.</summary>
    public static double AreaSquareMetres(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.IsEmpty)
        {
            return 0;
        }

        var centre = geometry.EnvelopeInternal.Centre;
        return UtmProjection.ForLocation(centre.X, centre.Y).FromWgs84(geometry).Area;
    }

    private static (double Distance, double Bearing) Inverse(double lon1, double lat1, double lon2, double lat2)
    {
        if (lon1 == lon2 && lat1 == lat2)
        {
            return (0, 0);
        }

        double l = ToRadians(lon2 - lon1);
        double u1 = Math.Atan((1 - F) * Math.Tan(ToRadians(lat1)));
        double u2 = Math.Atan((1 - F) * Math.Tan(ToRadians(lat2)));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1), sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);
        double lambda = l, sinSigma = 0, cosSigma = 0, sigma = 0, cosSqAlpha = 0, cos2SigmaM = 0, sinLambda = 0, cosLambda = 0;
        for (int i = 0; i < 200; i++)
        {
            sinLambda = Math.Sin(lambda);
            cosLambda = Math.Cos(lambda);
            sinSigma = Math.Sqrt(Math.Pow(cosU2 * sinLambda, 2) + Math.Pow(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda, 2));
            if (sinSigma == 0)
            {
                return (0, 0);
            }

            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            sigma = Math.Atan2(sinSigma, cosSigma);
            double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            cosSqAlpha = 1 - sinAlpha * sinAlpha;
            cos2SigmaM = cosSqAlpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha;
            double c = F / 16 * cosSqAlpha * (4 + F * (4 - 3 * cosSqAlpha));
            double previous = lambda;
            lambda = l + (1 - c) * F * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.Abs(lambda - previous) < 1e-12)
            {
                double uSq = cosSqAlpha * (A * A - B * B) / (B * B);
                double bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
                double bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
                double deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
                double distance = B * bigA * (sigma - deltaSigma);
                double bearing = Math.Atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
                return (distance, (ToDegrees(bearing) + 360) % 360);
            }
        }

        // Nearly antipodal points, where Vincenty does not converge: the great circle on the mean sphere.
        double phi1 = ToRadians(lat1), phi2 = ToRadians(lat2);
        double h = Math.Pow(Math.Sin((phi2 - phi1) / 2), 2) + Math.Cos(phi1) * Math.Cos(phi2) * Math.Pow(Math.Sin(l / 2), 2);
        double y = Math.Sin(l) * Math.Cos(phi2);
        double x = Math.Cos(phi1) * Math.Sin(phi2) - Math.Sin(phi1) * Math.Cos(phi2) * Math.Cos(l);
        return (2 * 6_371_008.8 * Math.Asin(Math.Min(1, Math.Sqrt(h))), (ToDegrees(Math.Atan2(y, x)) + 360) % 360);
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;

    private static double ToDegrees(double radians) => radians * 180 / Math.PI;
}
