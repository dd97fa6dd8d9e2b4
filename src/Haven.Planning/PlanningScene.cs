using Haven.Damage.Buildings;
using Haven.Geo.Crs;
using Haven.Geo.Spatial;
using Haven.Planning.Capacity;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Protection.Sites;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;

namespace Haven.Planning;

/// <summary>
/// Everything the planning questions read, as it stood on one date: areas, blocks (and which are under an
/// evacuation order), buildings (and which an assessment called damaged by then), sites working that day,
/// population and services. Built once per question; spatial indexes are made on first use.
/// </summary>
public sealed class PlanningScene
{
    private static readonly string[] NotWorking = ["closed", "destroyed", "not function", "non-function", "nonfunction", "out of service", "evacuated", "not operational", "non-operational"];
    private readonly Lazy<Geometry?> _land;
    private readonly Lazy<Geometry?> _ordered;
    private readonly Lazy<STRtree<Building>> _buildings;
    private readonly Lazy<NearestIndex<Site>?> _water;
    private readonly Lazy<NearestIndex<Site>?> _health;

    public PlanningScene(DateOnly asOf, IReadOnlyList<Area> areas, IReadOnlyList<Block> blocks, IReadOnlySet<int> blocksUnderOrder,
        IReadOnlyList<Building> buildings, IReadOnlySet<string>? damaged, IReadOnlySet<string>? assessed, IReadOnlyList<Site> sites, PopulationLedger population,
        IReadOnlyList<ServiceRecord> services, SphereStandards? standards = null, PlanningScene? sameGround = null, IReadOnlyList<Block>? otherEditionsUnderOrder = null)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(services);
        if ((damaged is null) != (assessed is null))
        {
            throw new ArgumentException("The damaged and the assessed buildings are both known (an assessment covers the date) or both null.", nameof(assessed));
        }

        AsOf = asOf;
        Areas = areas;
        Blocks = blocks;
        BlocksUnderOrder = blocksUnderOrder;
        Buildings = buildings;
        Damaged = damaged;
        Assessed = assessed;
        WorkingSites = [.. sites.Where(s => IsWorking(s.Status))];
        _recordedKinds = [.. sites.Select(s => s.Kind)];
        People = population.AsOf(asOf);
        Services = ServiceRecord.AsOf(services, asOf);
        Standards = standards ?? SphereStandards.Default;
        // A scene on another date over the same areas and buildings lends its land and building index, made once.
        _land = sameGround?._land ?? new(() => areas.Count == 0 ? null : UnaryUnionOp.Union(areas.Select(a => a.Boundary).ToList()));
        _ordered = new(() =>
        {
            // Blocks of the main map under order, and blocks of other editions under the orders that name them.
            var shapes = blocks.Where(b => blocksUnderOrder.Contains(b.Number)).Select(b => b.Boundary).Concat((otherEditionsUnderOrder ?? []).Select(b => b.Boundary)).ToList();
            return shapes.Count == 0 ? null : UnaryUnionOp.Union(shapes);
        });
        _buildings = sameGround?._buildings ?? new(() =>
        {
            var tree = new STRtree<Building>();
            foreach (var b in buildings)
            {
                tree.Insert(b.Footprint.EnvelopeInternal, b);
            }

            tree.Build();
            return tree;
        });
        _water = new(() => Index(WorkingSites.Where(s => s.Kind == SiteKind.WaterPoint)));
        _health = new(() => Index(WorkingSites.Where(s => s.Kind is SiteKind.Hospital or SiteKind.Clinic)));
    }

    public DateOnly AsOf { get; }

    public IReadOnlyList<Area> Areas { get; }

    public IReadOnlyList<Block> Blocks { get; }

    public IReadOnlySet<int> BlocksUnderOrder { get; }

    public IReadOnlyList<Building> Buildings { get; }

    /// <summary>Buildings called damaged by the date, or null when no assessment covers it (damage unknown).</summary>
    public IReadOnlySet<string>? Damaged { get; }

    /// <summary>
    /// The buildings the assessment made a call on at the date's epoch (damaged or intact), or null with no assessment.
    /// The others had no radar data over them: neither damaged nor intact, but unknown.
    /// </summary>
    public IReadOnlySet<string>? Assessed { get; }

    public IReadOnlyList<Site> WorkingSites { get; }

    /// <summary>Whether any site of <paramref name="kind"/>, working or not, was ever recorded: without one, "none here" is unknown, not a fact.</summary>
    public bool Recorded(SiteKind kind) => _recordedKinds.Contains(kind);

    /// <summary>Whether any water point was ever recorded (see <see cref="Recorded"/>).</summary>
    public bool WaterPointsRecorded => Recorded(SiteKind.WaterPoint);

    private readonly HashSet<SiteKind> _recordedKinds;

    public IReadOnlyDictionary<string, PopulationState> People { get; }

    public IReadOnlyDictionary<string, ServiceRecord> Services { get; }

    public SphereStandards Standards { get; }

    /// <summary>The union of all areas, taken as the land: what lies outside it (the sea) is not usable.</summary>
    public Geometry? Land => _land.Value;

    /// <summary>The union of the blocks under an evacuation order on the date.</summary>
    public Geometry? UnderOrder => _ordered.Value;

    public NearestIndex<Site>? WaterPoints => _water.Value;

    public NearestIndex<Site>? HealthSites => _health.Value;

    public Area? Area(string code) => Areas.FirstOrDefault(a => a.Pcode == code);

    /// <summary>Buildings whose footprint centre lies in the geometry.</summary>
    public IReadOnlyList<Building> BuildingsIn(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(geometry);
        return [.. _buildings.Value.Query(geometry.EnvelopeInternal).Where(b => prepared.Contains(b.Footprint.Centroid))];
    }

    public bool IsDamaged(Building building) => Damaged?.Contains(building.Id) == true;

    /// <summary>Called intact by the assessment: assessed and not damaged. A building with no call is not intact but unknown.</summary>
    public bool IsIntact(Building building) => Assessed?.Contains(building.Id) == true && !IsDamaged(building);

    /// <summary>What a report lacks when some of its structures have no damage call, in the words every planning report uses.</summary>
    public static string UnassessedNote(int unassessed, int structures) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"building damage: {unassessed:N0} of {structures:N0} structures not assessed (no radar data over them)");

    /// <summary>Neither called damaged nor intact on the date (no assessment, or no radar data over the building).</summary>
    public bool IsUnassessed(Building building) => !IsDamaged(building) && !IsIntact(building);

    /// <summary>Area in square metres (geodesic), 0 for null or empty.</summary>
    public static double M2(Geometry? g) => g is null || g.IsEmpty ? 0 : Geodesy.AreaSquareMetres(g);

    /// <summary>The polygons of an overlay result, without the lines and points where shapes only touch.</summary>
    public static Geometry Polygonal(Geometry g)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (g is Polygon or MultiPolygon)
        {
            return g;
        }

        var parts = NetTopologySuite.Geometries.Utilities.PolygonExtracter.GetPolygons(g).Cast<Polygon>().ToArray();
        return parts.Length == 1 ? parts[0] : g.Factory.CreateMultiPolygon(parts);
    }

    /// <summary>A site's status means it is working unless it says closed, destroyed, not functioning, out of service or the like.</summary>
    public static bool IsWorking(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return !NotWorking.Any(w => status.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static NearestIndex<Site>? Index(IEnumerable<Site> sites)
    {
        var list = sites.Select(s => (s, s.Location)).ToList();
        return list.Count == 0 ? null : new NearestIndex<Site>(list);
    }
}
