using NetTopologySuite.Geometries;

namespace Haven.Demo;

/// <summary>
/// The shape of the Sample Strip in local metres (x east, y north, origin at the south-west corner):
/// a wavy coastline with the sea on the west, and the towns whose density makes the built-up pattern.
/// </summary>
internal sealed class StripGeography
{
    private readonly double _phase;

    public StripGeography(SampleStripOptions options, GeometryFactory factory, double phase)
    {
        Options = options;
        Factory = factory;
        _phase = phase;
        Towns = Names.Towns;
        Land = BuildLand();
    }

    public SampleStripOptions Options { get; }

    public GeometryFactory Factory { get; }

    public IReadOnlyList<Town> Towns { get; }

    /// <summary>The land: from the coastline to the eastern edge.</summary>
    public Polygon Land { get; }

    /// <summary>x of the coastline at a given y; the sea lies to the west of it.</summary>
    public double CoastX(double y)
    {
        double h = Options.HeightMetres;
        return 0.14 * Options.WidthMetres
            + 0.036 * Options.WidthMetres * Math.Sin(2 * Math.PI * y / (0.75 * h) + _phase)
            + 0.012 * Options.WidthMetres * Math.Sin(2 * Math.PI * y / (0.19 * h));
    }

    /// <summary>How urban a place is, 0 (fields) to 1 (town centre): the strongest Gaussian town kernel.</summary>
    public double Urbanity(double x, double y)
    {
        double best = 0;
        foreach (var town in Towns)
        {
            double dx = x - town.X * Options.WidthMetres;
            double dy = y - town.Y * Options.HeightMetres;
            double d2 = (dx * dx + dy * dy) / (town.Radius * town.Radius);
            best = Math.Max(best, Math.Exp(-d2));
        }

        return best;
    }

    public (double X, double Y) TownCentre(Town town) => (town.X * Options.WidthMetres, town.Y * Options.HeightMetres);

    private Polygon BuildLand()
    {
        var coords = new List<Coordinate>();
        for (double y = 0; y <= Options.HeightMetres + 1e-6; y += 50)
        {
            coords.Add(new Coordinate(CoastX(y), y));
        }

        coords.Add(new Coordinate(Options.WidthMetres, Options.HeightMetres));
        coords.Add(new Coordinate(Options.WidthMetres, 0));
        coords.Add(coords[0].Copy());
        return Factory.CreatePolygon([.. coords]);
    }
}

/// <summary>A town of the strip: names, centre as fractions of the strip's width and height, radius in metres.</summary>
internal sealed record Town(string NameEn, string NameAr, double X, double Y, double Radius);
