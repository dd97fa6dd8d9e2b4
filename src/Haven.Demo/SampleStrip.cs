using Haven.Damage.Buildings;
using Haven.Damage.Simulation;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;
using Haven.Protection.Areas;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Scenarios;
using NetTopologySuite.Geometries;

namespace Haven.Demo;

/// <summary>
/// The built-in demo scenario, "Sample Strip": a synthetic coastal strip in UTM zone 36N with districts,
/// numbered blocks, streets and buildings, protected sites, a humanitarian zone, evacuation orders,
/// population, and a Sentinel-1-like radar stack over a damage event whose truth is known.
/// Everything is fixed by the seed. Generation is pure: it returns values and writes nothing.
/// </summary>
public static class SampleStrip
{
    public static SampleStripScenario Generate(SampleStripOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new SampleStripOptions();
        var rng = new DeterministicRandom(options.Seed);
        var local = new GeometryFactory(new PrecisionModel(), 0);
        var geo = new StripGeography(options, local, rng.Uniform(0, 2 * Math.PI));

        progress?.Report("blocks and districts");
        var blocks = StripBlocks.Build(geo);
        var districts = StripBlocks.Districts(blocks);

        progress?.Report("streets and buildings");
        var buildings = StripBuildings.Build(geo, blocks, DeterministicRandom.Fork(options.Seed, 1));

        progress?.Report("damage event");
        var destroyed = StripDamage.Choose(buildings, DeterministicRandom.Fork(options.Seed, 2), options.Damage);

        progress?.Report("protected sites, zone, orders and population");
        var sites = StripSites.Place(geo, buildings, DeterministicRandom.Fork(options.Seed, 3));
        var zone = StripProtection.Zone(geo);
        var orders = StripProtection.Orders(geo, blocks);
        var population = StripProtection.Population();

        progress?.Report("projecting to WGS 84");
        var toWgs84 = new LocalToWgs84(options);
        var areas = districts.Select((shape, d) => new Area(
            Names.Districts[d].Pcode, Names.Districts[d].NameEn, Names.Districts[d].NameAr, 1, null,
            toWgs84.Apply(shape), Names.Source)).ToList();
        var wgsBlocks = blocks.Select(b => new Block(b.Number, Names.Districts[b.District].Pcode, toWgs84.Apply(b.Shape), Names.Source)).ToList();
        var wgsBuildings = buildings.Select(b => new Building(
            b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), toWgs84.Apply(local.ToGeometry(b.Rect)), b.Block, Names.Districts[b.District].Pcode, Math.Round(b.Area, 1))).ToList();
        var wgsSites = sites.Select(s => new Site(s.Id, s.Kind, s.NameEn, s.NameAr,
            toWgs84.Apply(local.CreatePoint(new Coordinate(s.X, s.Y))), "operational", new DateOnly(2023, 10, 1), Names.Source)).ToList();
        var zones = new List<Zone>
        {
            new("SS-HZ-1", 1, "humanitarian", "Coastal humanitarian area", "المنطقة الإنسانية الساحلية",
                StripProtection.ZoneValidFrom, null, toWgs84.Apply(zone), Names.Source),
        };

        var info = new ScenarioInfo(
            Names.ScenarioName,
            Synthetic: true,
            "Synthetic demo data: an invented coastal strip with invented places, people and damage. Not a real place.",
            options.Seed,
            Epsg.Utm36N,
            options.EventDate,
            Names.Source);
        var scenario = new Scenario(info, areas, wgsBlocks, wgsBuildings, wgsSites, zones, orders, population, StripPlanning.Build(areas));

        var grid = RasterGrid.Covering(
            options.OriginEasting, options.OriginNorthing,
            options.OriginEasting + options.WidthMetres, options.OriginNorthing + options.HeightMetres,
            options.PixelSizeMetres, Epsg.Utm36N);
        return new SampleStripScenario(options, scenario, destroyed, () =>
        {
            var fractions = SceneRasterizer.Rasterize(geo, grid, buildings, destroyed);
            return new SarStackSimulator(fractions, options.EventDate, DeterministicRandom.Fork(options.Seed, 4).NextUInt64());
        });
    }

    /// <summary>Local strip metres to UTM 36N by the origin offset, then to WGS 84, rounded for RFC 7946.</summary>
    private sealed class LocalToWgs84(SampleStripOptions options)
    {
        private readonly UtmProjection _utm = new(Epsg.Utm36N);
        private readonly GeometryFactory _wgs84 = new(new PrecisionModel(), Epsg.Wgs84);

        public Geometry Apply(Geometry local)
        {
            var copy = _wgs84.CreateGeometry(local);
            copy.Apply(new OffsetFilter(options.OriginEasting, options.OriginNorthing));
            return Rfc7946.Prepare(_utm.ToWgs84(copy));
        }

        private sealed class OffsetFilter(double dx, double dy) : ICoordinateSequenceFilter
        {
            public bool Done => false;

            public bool GeometryChanged => true;

            public void Filter(CoordinateSequence seq, int i)
            {
                seq.SetX(i, seq.GetX(i) + dx);
                seq.SetY(i, seq.GetY(i) + dy);
            }
        }
    }
}

/// <summary>A generated Sample Strip: its vector layers, the damage truth, and its radar simulator.</summary>
public sealed class SampleStripScenario(
    SampleStripOptions options, Scenario scenario, IReadOnlySet<long> destroyed, Func<SarStackSimulator> radar)
{
    private readonly Lazy<SarStackSimulator> _radar = new(radar);

    public SampleStripOptions Options { get; } = options;

    public Scenario Scenario { get; } = scenario;

    /// <summary>Ids of the buildings the damage event destroys: the truth radar methods are checked against.</summary>
    public IReadOnlySet<string> DestroyedBuildingIds { get; } = destroyed.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>The radar simulator over the scene (built on first use: it rasterises the whole strip).</summary>
    public SarStackSimulator Radar => _radar.Value;
}
