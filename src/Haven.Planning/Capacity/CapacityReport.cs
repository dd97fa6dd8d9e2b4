using System.Globalization;
using Haven.Damage.Buildings;
using Haven.Geo.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Haven.Planning.Capacity;

/// <summary>Whether a standard is met; unknown when what is present was not reported.</summary>
public enum Verdict
{
    Met,
    NotMet,
    Unknown,
}

/// <summary>One Sphere standard checked: what the people present need, what there is, and the verdict.</summary>
public sealed record StandardCheck(string Standard, string Unit, double Needed, double? Present, Verdict Verdict, string Basis)
{
    /// <summary>Present over needed (1 or more is met), or null when unknown or nothing is needed.</summary>
    public double? Coverage => Present is double p && Needed > 0 ? p / Needed : null;
}

/// <summary>
/// Can an area (or a zone) hold the people in it, as of a date: its space (total, on land, under evacuation
/// orders, covered by damaged buildings, usable), density, and each Sphere standard checked.
/// </summary>
public sealed record CapacityReport(
    string Code, string Name, DateOnly AsOf, long People, string PeopleSource,
    double TotalAreaM2, double LandAreaM2, double UnderOrderM2, double DamagedFootprintM2, double UsableAreaM2,
    double? PeoplePerKm2, double? UsableM2PerPerson, double? ShortfallM2PerPerson,
    int WaterPoints, double? ShareFartherThanWaterLimit, int Structures, int DamagedStructures,
    IReadOnlyList<StandardCheck> Checks)
{
    public StandardCheck Check(string standard) => Checks.First(c => c.Standard == standard);

    /// <summary>The inputs this report lacked, in words (each makes some figure or verdict unknown); empty when it had all.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}

/// <summary>An area's space as of a date: total, on land, under orders, under damaged footprints, usable, and per person.</summary>
public sealed record SiteSpace(
    double TotalM2, double LandM2, double UnderOrderM2, double DamagedFootprintM2, double UsableM2,
    double? PeoplePerKm2, double? UsableM2PerPerson, double? ShortfallM2PerPerson, int Structures, int DamagedStructures);

/// <summary>Computes <see cref="CapacityReport"/>s; the method and its sources are in docs/methods/planning.md.</summary>
public static class CapacityPlanner
{
    public const string SiteArea = "site_area";
    public const string SiteAreaWithoutPlots = "site_area_without_plots";
    public const string CoveredSpace = "covered_space";
    public const string Water = "water_quantity";
    public const string Taps = "taps";
    public const string Latrines = "latrines";
    public const string WaterDistance = "water_distance";
    public const string Food = "food_energy";

    /// <summary>The people source of an area with no population count on or before the date (0 people assumed, and listed as missing).</summary>
    public const string NoPopulationRecord = "no population record";

    /// <summary>Most sample points used to place people when measuring the distance to water.</summary>
    public const int MaxSamples = 4000;

    /// <summary>An area of the scene, with the people the population ledger has there on the date (or <paramref name="people"/>).</summary>
    public static CapacityReport ForArea(PlanningScene scene, string code, long? people = null, double? foodKcalPerDay = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var area = scene.Area(code) ?? throw new ArgumentException($"No area {code}.", nameof(code));
        var state = scene.People.GetValueOrDefault(code);
        return For(scene, code, area.NameEn, area.Boundary, people ?? state?.Present ?? 0,
            people is null ? state?.Source ?? NoPopulationRecord : "given", foodKcalPerDay);
    }

    /// <summary>Any polygon (a zone, a camp) holding <paramref name="people"/>.</summary>
    public static CapacityReport For(PlanningScene scene, string code, string name, Geometry boundary, long people, string peopleSource, double? foodKcalPerDay = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(boundary);
        ArgumentOutOfRangeException.ThrowIfNegative(people);
        var s = scene.Standards;
        var (space, land, open, buildings, outsideOrders) = Measure(scene, boundary, people);
        double usable = space.UsableM2;

        var services = scene.Services.GetValueOrDefault(code);
        var inside = PreparedGeometryFactory.Prepare(boundary);
        int waterPoints = scene.WorkingSites.Count(w => w.Kind == Protection.Sites.SiteKind.WaterPoint && inside.Contains(w.Location));
        // Without any water point on record, distance to water and the tap count are unknown, never "none".
        double? farShare = people > 0 && scene.WaterPointsRecorded ? ShareFartherThan(scene, open.IsEmpty ? land : open, s.MaxDistanceToWaterM) : null;
        double? taps = services?.Taps ?? (scene.WaterPointsRecorded ? waterPoints : null);
        // Footprints with no damage call (no radar data over them) are neither usable nor unusable, intact nor damaged:
        // a standard is met only if it is met without them, and not met only if it is not met even with them.
        double unknownM2 = outsideOrders.Where(scene.IsUnassessed).Sum(b => b.AreaM2);
        int unknown = buildings.Count(scene.IsUnassessed);
        double? covered = buildings.Count == 0 && services?.ShelterCoveredM2 is null ? null
            : outsideOrders.Where(scene.IsIntact).Sum(b => b.AreaM2) * s.CoveredStoreys + (services?.ShelterCoveredM2 ?? 0);
        double? coveredAtMost = covered + unknownM2 * s.CoveredStoreys;
        double usableAtLeast = Math.Max(0, usable - unknownM2);
        string unknownNote = unknownM2 > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {unknownM2:N0} m2 of footprints not assessed for damage, counted neither way") : string.Empty;

        var checks = new List<StandardCheck>
        {
            Check(SiteArea, "m2", people * s.SiteM2PerPerson, usableAtLeast, $"{s.SiteM2PerPerson} m2 per person including household plots; usable area: land outside evacuation orders and damaged footprints{unknownNote}", usable),
            Check(SiteAreaWithoutPlots, "m2", people * s.SiteM2PerPersonWithoutPlots, usableAtLeast, $"{s.SiteM2PerPersonWithoutPlots} m2 per person without household plots{unknownNote}", usable),
            Check(CoveredSpace, "m2", people * s.CoveredM2PerPerson, covered,
                $"{s.CoveredM2PerPerson} m2 covered per person; intact footprints x {s.CoveredStoreys} storey(s) plus reported shelter space{unknownNote}", coveredAtMost),
            Check(Water, "litres/day", people * s.WaterLitresPerPersonPerDay, services?.WaterLitresPerDay, $"{s.WaterLitresPerPersonPerDay} litres per person per day; supply as reported"),
            Check(Taps, "taps", Math.Ceiling(people / (double)s.PeoplePerTap), taps,
                services?.Taps is not null ? $"1 tap per {s.PeoplePerTap} people; taps as reported"
                : scene.WaterPointsRecorded ? $"1 tap per {s.PeoplePerTap} people; no tap count reported, so each working water point counts as one tap"
                : $"1 tap per {s.PeoplePerTap} people; no tap count reported and no water point recorded anywhere: unknown"),
            Check(Latrines, "latrines", Math.Ceiling(people / (double)s.PeoplePerLatrine), services?.Latrines,
                $"1 latrine per {s.PeoplePerLatrine} people ({(s.Phase == ResponsePhase.First ? "first phase" : "later phase")})"),
            new(WaterDistance, "share of people", 0, farShare, farShare is null ? Verdict.Unknown : farShare <= 0 ? Verdict.Met : Verdict.NotMet,
                $"nobody farther than {s.MaxDistanceToWaterM} m from a working water point; people taken as spread evenly over usable land; the value is the share farther"),
            Check(Food, "kcal/day", people * s.KcalPerPersonPerDay, foodKcalPerDay, $"{s.KcalPerPersonPerDay} kcal per person per day; supply from food delivered"),
        };
        var missing = new List<string>();
        if (peopleSource == NoPopulationRecord)
        {
            missing.Add("population: no count for this area on or before the date (0 people assumed)");
        }

        if (scene.Damaged is null)
        {
            missing.Add("building damage: no assessment on or before the date (footprints counted neither damaged nor intact)");
        }
        else if (unknown > 0)
        {
            missing.Add(PlanningScene.UnassessedNote(unknown, buildings.Count));
        }

        if (!scene.WaterPointsRecorded)
        {
            missing.Add("water points: none recorded anywhere (distance to water and taps unknown)");
        }

        foreach (var (what, value) in new (string, object?)[] { ("tap counts", services?.Taps), ("latrine counts", services?.Latrines), ("water supply", services?.WaterLitresPerDay) })
        {
            if (value is null)
            {
                missing.Add($"{what}: none reported");
            }
        }

        if (foodKcalPerDay is null)
        {
            missing.Add("food deliveries: none given (food energy unknown)");
        }

        return new CapacityReport(code, name, scene.AsOf, people, peopleSource, space.TotalM2, space.LandM2, space.UnderOrderM2, space.DamagedFootprintM2, usable,
            space.PeoplePerKm2, space.UsableM2PerPerson, space.ShortfallM2PerPerson, waterPoints, farShare, space.Structures, space.DamagedStructures, checks)
        {
            Missing = missing,
        };
    }

    /// <summary>Only the space figures of <see cref="For"/> (no services, no distance to water): what a time series of many dates needs.</summary>
    public static SiteSpace Space(PlanningScene scene, Geometry boundary, long people)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(boundary);
        ArgumentOutOfRangeException.ThrowIfNegative(people);
        return Measure(scene, boundary, people).Space;
    }

    /// <summary>Land (inside the areas), its part under no order, the buildings on it, and the space figures from them.</summary>
    private static (SiteSpace Space, Geometry Land, Geometry Open, IReadOnlyList<Building> Buildings, List<Building> OutsideOrders) Measure(PlanningScene scene, Geometry boundary, long people)
    {
        double total = PlanningScene.M2(boundary);
        var land = scene.Land is null ? boundary : PlanningScene.Polygonal(boundary.Intersection(scene.Land));
        double landM2 = PlanningScene.M2(land);
        var ordered = scene.UnderOrder is null || land.IsEmpty ? null : PlanningScene.Polygonal(land.Intersection(scene.UnderOrder));
        double orderedM2 = PlanningScene.M2(ordered);
        var open = ordered is null || ordered.IsEmpty ? land : PlanningScene.Polygonal(land.Difference(ordered));
        var buildings = land.IsEmpty ? [] : scene.BuildingsIn(land);
        var preparedOrdered = ordered is null || ordered.IsEmpty ? null : PreparedGeometryFactory.Prepare(ordered);
        var outsideOrders = buildings.Where(b => preparedOrdered?.Contains(b.Footprint.Centroid) != true).ToList();
        double damagedM2 = outsideOrders.Where(scene.IsDamaged).Sum(b => b.AreaM2);
        double usable = Math.Max(0, landM2 - orderedM2 - damagedM2);
        double? perKm2 = landM2 > 0 ? people / (landM2 / 1e6) : null;
        double? m2PerPerson = people > 0 ? usable / people : null;
        double? shortfall = m2PerPerson is double m ? Math.Max(0, scene.Standards.SiteM2PerPerson - m) : null;
        var space = new SiteSpace(total, landM2, orderedM2, damagedM2, usable, perKm2, m2PerPerson, shortfall, buildings.Count, buildings.Count(scene.IsDamaged));
        return (space, land, open, buildings, outsideOrders);
    }

    /// <summary>
    /// Met when what is known to be present meets the need; not met only when even <paramref name="atMost"/> (what could
    /// be present, were every unknown part of it there) falls short; otherwise unknown.
    /// </summary>
    private static StandardCheck Check(string standard, string unit, double needed, double? present, string basis, double? atMost = null) =>
        new(standard, unit, needed, present, present is null ? Verdict.Unknown
            : present >= needed ? Verdict.Met
            : (atMost ?? present) >= needed ? Verdict.Unknown
            : Verdict.NotMet, basis);

    /// <summary>
    /// The share of evenly spread sample points of <paramref name="where"/> farther than <paramref name="limitM"/> from
    /// the nearest working water point (anywhere, since people cross boundaries to fetch water); 1 with no water point.
    /// </summary>
    public static double ShareFartherThan(PlanningScene scene, Geometry where, double limitM)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(where);
        var points = Samples(where);
        if (points.Count == 0 || scene.WaterPoints is null)
        {
            return 1;
        }

        int far = points.Count(p => scene.WaterPoints.Nearest(p.X, p.Y, 1)[0].DistanceMetres > limitM);
        return (double)far / points.Count;
    }

    /// <summary>Points on a regular grid in metres over the geometry (WGS 84), at most about <see cref="MaxSamples"/>; its interior point when it is too small for the grid.</summary>
    public static IReadOnlyList<Coordinate> Samples(Geometry where)
    {
        ArgumentNullException.ThrowIfNull(where);
        if (where.IsEmpty)
        {
            return [];
        }

        double m2 = Geodesy.AreaSquareMetres(where);
        double step = Math.Max(10, Math.Sqrt(m2 / MaxSamples));
        var env = where.EnvelopeInternal;
        double lat0 = env.Centre.Y;
        double dLat = step / 111_320.0, dLon = step / (111_320.0 * Math.Cos(lat0 * Math.PI / 180));
        var prepared = PreparedGeometryFactory.Prepare(where);
        var factory = where.Factory;
        var points = new List<Coordinate>();
        for (double y = env.MinY + dLat / 2; y < env.MaxY; y += dLat)
        {
            for (double x = env.MinX + dLon / 2; x < env.MaxX; x += dLon)
            {
                if (prepared.Contains(factory.CreatePoint(new Coordinate(x, y))))
                {
                    points.Add(new Coordinate(x, y));
                }
            }
        }

        if (points.Count == 0)
        {
            points.Add(where.InteriorPoint.Coordinate);
        }

        return points;
    }
}
