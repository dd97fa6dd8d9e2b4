using Haven.Geo.Spatial;
using Haven.Protection.Areas;
using Haven.Protection.Names;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Registry;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using NetTopologySuite.Geometries;

namespace Haven.Protection.Lookup;

/// <summary>
/// Answers lookups by coordinates, block number or place name (Arabic or English, spelling-tolerant), as of a
/// date. Indexes are built once from the records; afterwards the instance is read-only and thread-safe.
/// </summary>
public sealed class ProtectionLookup
{
    private readonly PolygonIndex<int> _blocks;
    private readonly IReadOnlyList<(string Edition, PolygonIndex<int> Index)> _editions;
    private readonly Dictionary<int, Block> _blockByNumber;
    private readonly IReadOnlyList<(int Level, PolygonIndex<Area> Index)> _areas;
    private readonly ProtectionRegistry _registry;
    private readonly IReadOnlyList<Zone> _zones;
    private readonly NearestIndex<Site> _health;
    private readonly NearestIndex<Site> _water;
    private readonly NearestIndex<Site> _shelter;
    private readonly PolygonIndex<Zone> _zoneIndex;
    private readonly NearestIndex<Zone> _zoneDistance;
    private readonly List<(string Key, PlaceMatch Match)> _places = [];
    private readonly List<(string En, string Ar, Point Location)> _landmarks = [];
    private readonly NearestIndex<(string En, string Ar)> _landmarkIndex;

    /// <summary>Indexes the records; <paramref name="otherEditions"/> are blocks of other editions of the block map, for the orders that name them (OCHA's 2025 orders name the 2025 blocks).</summary>
    public ProtectionLookup(IEnumerable<Area> areas, IEnumerable<Block> blocks, IEnumerable<Zone> zones,
        IEnumerable<EvacuationOrder> orders, IEnumerable<Site> sites, IEnumerable<Place>? places = null, IEnumerable<Block>? otherEditions = null)
    {
        var blockList = blocks.ToList();
        _editions = [.. (otherEditions ?? []).Where(b => b.Edition != Block.MainEdition).GroupBy(b => b.Edition, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, new PolygonIndex<int>(g.Select(b => (b.Number, b.Boundary)))))];
        _blockByNumber = blockList.GroupBy(b => b.Number).ToDictionary(g => g.Key, g => g.First());
        _blocks = new PolygonIndex<int>(blockList.Select(b => (b.Number, b.Boundary)));
        var areaList = areas.ToList();
        _areas = [.. areaList.GroupBy(a => a.Level).OrderBy(g => g.Key).Select(g => (g.Key, new PolygonIndex<Area>(g.Select(a => (a, a.Boundary)))))];
        _zones = zones.ToList();
        _registry = new ProtectionRegistry(_zones, orders);
        var siteList = sites.ToList();
        _health = new NearestIndex<Site>(siteList.Where(s => s.Kind is SiteKind.Hospital or SiteKind.Clinic).Select(s => (s, s.Location)));
        _water = new NearestIndex<Site>(siteList.Where(s => s.Kind == SiteKind.WaterPoint).Select(s => (s, s.Location)));
        _shelter = new NearestIndex<Site>(siteList.Where(s => s.Kind == SiteKind.Shelter).Select(s => (s, s.Location)));
        _zoneIndex = new PolygonIndex<Zone>(_zones.Select(z => (z, z.Boundary)));
        _zoneDistance = new NearestIndex<Zone>(_zones.Select(z => (z, z.Boundary)));
        foreach (var p in places ?? [])
        {
            AddPlace(p.NameEn, p.NameAr, p.Location, p.Kind);
            _landmarks.Add((p.NameEn, p.NameAr, p.Location));
        }

        _landmarkIndex = new NearestIndex<(string En, string Ar)>(_landmarks.Select(l => ((l.En, l.Ar), (Geometry)l.Location)));

        foreach (var a in areaList)
        {
            AddPlace(a.NameEn, a.NameAr, a.Boundary.InteriorPoint, a.Level <= 2 ? "governorate" : "municipality");
        }

        foreach (var s in siteList)
        {
            AddPlace(s.NameEn, s.NameAr, s.Location.Centroid, s.Kind.ToCode());
        }

        // Zones by name, and by what orders call them ("the humanitarian area"): a name that appears on many zones lists them all.
        foreach (var z in _zones.GroupBy(z => z.Id).Select(g => g.MaxBy(v => v.Version)!))
        {
            var at = z.Boundary.InteriorPoint;
            AddPlace(z.NameEn, z.NameAr, at, "zone");
            if (z.Kind == "humanitarian")
            {
                AddPlace("humanitarian area", "المنطقة الإنسانية", at, "zone", z.NameEn, z.NameAr);
                AddPlace("humanitarian zone", "المنطقة الإنسانية الآمنة", at, "zone", z.NameEn, z.NameAr);
            }
        }
    }

    /// <summary>
    /// Adds a named place (town, landmark) to search by name, of a kind, shown as <paramref name="showEn"/> /
    /// <paramref name="showAr"/> when the searched name is an alias; not thread-safe, call before querying.
    /// </summary>
    public void AddPlace(string nameEn, string nameAr, Point location, string kind = "place", string? showEn = null, string? showAr = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        var areas = new List<AreaRef>();
        foreach (var (level, index) in _areas)
        {
            if (index.TryLocate(location.X, location.Y, out var area))
            {
                areas.Add(new AreaRef(area.Pcode, area.NameEn, area.NameAr, level));
            }
        }

        var match = new PlaceMatch(showEn ?? nameEn, showAr ?? nameAr, kind, areas.FirstOrDefault(), location.X, location.Y);
        foreach (string name in new[] { nameEn, nameAr }.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            _places.Add((NameKey.Of(name), match with { Name = name }));
        }
    }

    public ProtectionRegistry Registry => _registry;

    public LookupAnswer ByPoint(double longitude, double latitude, DateOnly asOf) => Answer(longitude, latitude, asOf, null);

    /// <summary>
    /// The status part of an answer, without nearest sites: block, areas, the protected zone the point is in
    /// and the evacuation order its block is under, as of the date. This is the hot path of batch and SMS lookups.
    /// </summary>
    public PlaceStatus Status(double longitude, double latitude, DateOnly asOf) => Status(longitude, latitude, asOf, null);

    private PlaceStatus Status(double longitude, double latitude, DateOnly asOf, int? knownBlock)
    {
        int? block = knownBlock ?? (_blocks.TryLocate(longitude, latitude, out int number) ? number : null);
        var areas = new AreaRef[_areas.Count];
        int found = 0;
        foreach (var (level, index) in _areas)
        {
            if (index.TryLocate(longitude, latitude, out var area))
            {
                areas[found++] = new AreaRef(area.Pcode, area.NameEn, area.NameAr, level);
            }
        }

        OrderRef? order = null;
        if (block is int b && _registry.OrderFor(b, asOf) is { } o)
        {
            order = new OrderRef(o.Id, o.EffectiveFrom, o.IssuedAt, o.StatusEn, o.StatusAr);
        }

        // Orders on other editions of the block map name their own blocks: the place's block in each edition is
        // checked, and the latest order issued decides, as it does within one map.
        foreach (var (edition, index) in _editions)
        {
            if (index.TryLocate(longitude, latitude, out int n) && _registry.OrderFor(edition, n, asOf) is { } e && (order is null || e.IssuedAt > order.IssuedAt))
            {
                order = new OrderRef(e.Id, e.EffectiveFrom, e.IssuedAt, e.StatusEn, e.StatusAr) { Edition = edition, EditionBlock = n };
            }
        }

        ZoneRef? inZone = null;
        if (_zoneIndex.Count > 0)
        {
            foreach (var z in _zoneIndex.LocateAll(longitude, latitude))
            {
                if (_registry.IsCurrent(z, asOf))
                {
                    inZone = new ZoneRef(z.Id, z.NameEn, z.NameAr, z.Kind, z.ValidFrom, 0, 0);
                    break;
                }
            }
        }

        return new PlaceStatus(block, found == areas.Length ? areas : areas[..found], inZone, order);
    }

    /// <summary>Nearest services, zones and places are named only within this distance: farther is no help to someone on foot, and a sign of a wrong point.</summary>
    public const double MaxNearestMetres = 25_000;

    /// <summary>How a point stands against the data: in a block, in an area but outside every block, or outside everything.</summary>
    public string CoverageAt(double longitude, double latitude) =>
        Coverage(InAnyBlock(longitude, latitude), _areas.Any(a => a.Index.TryLocate(longitude, latitude, out _)));

    /// <summary>Whether a numbered block of any edition of the block map holds the point.</summary>
    private bool InAnyBlock(double longitude, double latitude) =>
        _blocks.TryLocate(longitude, latitude, out _) || _editions.Any(e => e.Index.TryLocate(longitude, latitude, out _));

    /// <summary>The one coverage rule: a numbered block is inside; an area without a block is outside the blocks; neither is outside.</summary>
    private static string Coverage(bool inBlock, bool inArea) =>
        inBlock ? LookupCoverage.Inside : inArea ? LookupCoverage.OutsideBlocks : LookupCoverage.Outside;

    private LookupAnswer Answer(double longitude, double latitude, DateOnly asOf, int? knownBlock)
    {
        var status = Status(longitude, latitude, asOf, knownBlock);
        string coverage = Coverage(status.Block is not null || (_editions.Count > 0 && InAnyBlock(longitude, latitude)), status.Areas.Count > 0);
        bool ordersRecorded = _registry.Orders.Count > 0;
        if (coverage == LookupCoverage.Outside)
        {
            // Nothing Haven holds speaks for the place: no status, no "nearest" anything. Coordinates typed the wrong
            // way round are offered back when they would land inside.
            bool swappedInside = Math.Abs(longitude) <= 90 && CoverageAt(latitude, longitude) != LookupCoverage.Outside;
            return new LookupAnswer(longitude, latitude, asOf, null, [], null, null, null, null, null, null)
            {
                Coverage = coverage,
                OrdersRecorded = ordersRecorded,
                Swapped = swappedInside ? new PointRef(longitude, latitude) : null,
            };
        }

        ZoneRef? nearestZone = null;
        if (status.InZone is null && _zoneDistance.Count > 0)
        {
            var z = _zoneDistance.Nearest(longitude, latitude, _zoneDistance.Count).FirstOrDefault(n => _registry.IsCurrent(n.Key, asOf));
            if (z is not null && z.DistanceMetres <= MaxNearestMetres)
            {
                nearestZone = new ZoneRef(z.Key.Id, z.Key.NameEn, z.Key.NameAr, z.Key.Kind, z.Key.ValidFrom, z.DistanceMetres, z.BearingDegrees);
            }
        }

        var near = _landmarkIndex.Count == 0 ? null
            : _landmarkIndex.Nearest(longitude, latitude, 1) is [var n] && n.DistanceMetres <= MaxNearestMetres ? new PlaceRef(n.Key.En, n.Key.Ar, n.DistanceMetres, n.BearingDegrees) : null;
        return new LookupAnswer(longitude, latitude, asOf, status.Block, status.Areas, status.InZone, status.UnderOrder,
            Nearest(_health, longitude, latitude), Nearest(_water, longitude, latitude), Nearest(_shelter, longitude, latitude), nearestZone, near)
        {
            Coverage = coverage,
            OrdersRecorded = ordersRecorded,
        };
    }

    /// <summary>The answer for a block, taken at a point inside it; null for an unknown block.</summary>
    public LookupAnswer? ByBlock(int number, DateOnly asOf)
    {
        if (!_blockByNumber.TryGetValue(number, out var block))
        {
            return null;
        }

        var p = block.Boundary.InteriorPoint;
        return Answer(p.X, p.Y, asOf, number);
    }

    /// <summary>
    /// Places whose name matches, best first: the same key, then a close spelling, then names that contain the query;
    /// one entry per place (a place found by both its names is listed once).
    /// </summary>
    public IReadOnlyList<PlaceMatch> Search(string query, int max = 10)
    {
        ArgumentNullException.ThrowIfNull(query);
        string key = NameKey.Of(query);
        if (key.Length == 0)
        {
            return [];
        }

        return [.. _places
            .Select(p => (p.Match, Rank: p.Key == key ? 0 : NameKey.Matches(p.Key, key) ? 1 : key.Length >= 4 && p.Key.Contains(key, StringComparison.Ordinal) ? 2 : 3))
            .Where(p => p.Rank < 3)
            .OrderBy(p => p.Rank).ThenBy(p => p.Match.Name.Length).ThenBy(p => p.Match.Name, StringComparer.Ordinal)
            .DistinctBy(p => (p.Match.NameEn, p.Match.Kind, p.Match.Longitude, p.Match.Latitude))
            .Take(max)
            .Select(p => p.Match with { Rank = p.Rank })];
    }

    /// <summary>The answer for the best-matching place; null when no place matches.</summary>
    public (string Place, LookupAnswer Answer)? ByPlace(string query, DateOnly asOf)
    {
        var found = Search(query, 1);
        return found.Count == 0 ? null : (found[0].Name, ByPoint(found[0].Longitude, found[0].Latitude, asOf));
    }

    private static SiteRef? Nearest(NearestIndex<Site> index, double lon, double lat)
    {
        var n = index.Nearest(lon, lat, 1);
        return n.Count == 0 || n[0].DistanceMetres > MaxNearestMetres ? null : new SiteRef(n[0].Key.Id, n[0].Key.Kind, n[0].Key.NameEn, n[0].Key.NameAr, n[0].DistanceMetres, n[0].BearingDegrees);
    }
}
