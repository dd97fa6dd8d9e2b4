using Haven.Damage.Stacks;
using Haven.Geo.Crs;
using Haven.Geo.Spatial;
using Haven.Protection.Sites;
using NetTopologySuite.Geometries;

namespace Haven.Demo.Tests;

public class SampleStripTests(SampleStripFixture fixture) : IClassFixture<SampleStripFixture>
{
    private readonly Storage.Scenarios.Scenario _s = fixture.Generated.Scenario;

    [Fact]
    public void The_scenario_says_it_is_synthetic()
    {
        Assert.True(_s.Info.Synthetic);
        Assert.Contains("synthetic", _s.Info.Source, StringComparison.OrdinalIgnoreCase);
        Assert.All(_s.Sites, s => Assert.Contains("synthetic", s.Source, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_strip_is_about_5_by_12_km_in_utm_36n_with_the_sea_on_the_west()
    {
        var utm = new UtmProjection(Epsg.Utm36N);
        var land = utm.FromWgs84(_s.Areas.Select(a => a.Boundary).Aggregate((a, b) => a.Union(b))).EnvelopeInternal;
        var o = fixture.Generated.Options;

        Assert.Equal(Epsg.Utm36N, _s.Info.ProjectedEpsg);
        Assert.InRange(land.Height, 11_900, 12_100);
        Assert.InRange(land.MaxX - o.OriginEasting, 4_990, 5_010);
        Assert.InRange(land.MinX - o.OriginEasting, 300, 1_200); // the coast, with sea west of it
    }

    [Fact]
    public void There_are_three_named_districts_and_about_150_numbered_blocks()
    {
        Assert.Equal(["SS01", "SS02", "SS03"], _s.Areas.Select(a => a.Pcode));
        Assert.All(_s.Areas, a => Assert.False(string.IsNullOrWhiteSpace(a.NameEn) || string.IsNullOrWhiteSpace(a.NameAr)));
        Assert.InRange(_s.Blocks.Count, 130, 170);
        Assert.Equal(_s.Blocks.Count, _s.Blocks.Select(b => b.Number).Distinct().Count());
    }

    [Fact]
    public void There_are_20000_to_40000_buildings_of_60_to_600_square_metres()
    {
        var utm = new UtmProjection(Epsg.Utm36N);

        Assert.InRange(_s.Buildings.Count, 20_000, 40_000);
        Assert.All(_s.Buildings, b => Assert.InRange(b.AreaM2, 60, 600));
        foreach (var b in _s.Buildings.Where((_, i) => i % 97 == 0))
        {
            Assert.Equal(b.AreaM2, utm.FromWgs84(b.Footprint).Area, b.AreaM2 * 0.01);
        }
    }

    [Fact]
    public void Buildings_are_denser_in_towns_than_in_the_fields()
    {
        var perBlock = _s.Buildings.GroupBy(b => b.Block).Select(g => g.Count()).Order().ToList();

        Assert.True(perBlock[^1] > 5 * perBlock[perBlock.Count / 10], "town blocks hold several times the buildings of rural blocks");
    }

    [Fact]
    public void No_two_footprints_overlap()
    {
        var index = new PolygonIndex<string>(_s.Buildings.Select(b => (b.Id, b.Footprint)));

        foreach (var b in _s.Buildings)
        {
            Assert.Equal([b.Id], index.Overlapping(b.Footprint));
        }
    }

    [Fact]
    public void Footprints_are_separated_by_streets_and_gaps_of_at_least_two_metres()
    {
        var utm = new UtmProjection(Epsg.Utm36N);
        var sample = _s.Buildings.Where((_, i) => i % 50 == 0).Select(b => utm.FromWgs84(b.Footprint)).ToList();
        var all = new PolygonIndex<int>(_s.Buildings.Select((b, i) => (i, utm.FromWgs84(b.Footprint))));

        foreach (var footprint in sample)
        {
            var near = all.Overlapping(footprint.Buffer(1.95));
            Assert.Single(near);
        }
    }

    [Fact]
    public void Every_building_lies_in_exactly_one_block_and_one_district_and_says_which()
    {
        var blocks = new PolygonIndex<int>(_s.Blocks.Select(b => (b.Number, b.Boundary)));
        var districts = new PolygonIndex<string>(_s.Areas.Select(a => (a.Pcode, a.Boundary)));

        foreach (var b in _s.Buildings)
        {
            Assert.Equal([b.Block], blocks.Containing(b.Footprint));
            Assert.Equal([b.AreaPcode], districts.Containing(b.Footprint));
        }
    }

    [Fact]
    public void Sites_of_every_kind_have_names_in_english_and_arabic()
    {
        foreach (var kind in new[] { SiteKind.Hospital, SiteKind.Clinic, SiteKind.Shelter, SiteKind.School, SiteKind.WaterPoint })
        {
            Assert.Contains(_s.Sites, s => s.Kind == kind);
        }

        Assert.All(_s.Sites, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.NameEn));
            Assert.Matches(@"\p{IsArabic}", s.NameAr);
            Assert.IsType<Point>(s.Location);
        });
        Assert.Equal(_s.Sites.Count, _s.Sites.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void One_zone_and_three_to_five_orders_at_different_dates_name_existing_blocks()
    {
        var numbers = _s.Blocks.Select(b => b.Number).ToHashSet();

        Assert.Single(_s.Zones);
        Assert.InRange(_s.Orders.Count, 3, 5);
        Assert.Equal(_s.Orders.Count, _s.Orders.Select(o => o.EffectiveFrom).Distinct().Count());
        Assert.All(_s.Orders, o =>
        {
            Assert.NotEmpty(o.Blocks);
            Assert.All(o.Blocks, n => Assert.Contains(n, numbers));
        });
    }

    [Fact]
    public void Population_moves_between_districts_but_the_total_is_conserved()
    {
        var totals = _s.Population.GroupBy(p => p.Date).Select(g => g.Sum(p => p.Total)).Distinct().ToList();

        Assert.Single(totals);
        Assert.Equal(3, _s.Population.Select(p => p.AreaPcode).Distinct().Count());
        Assert.True(_s.Population.Select(p => p.Date).Distinct().Count() >= 3);
    }

    [Fact]
    public void More_buildings_are_destroyed_in_the_north_than_in_the_south()
    {
        var destroyed = fixture.Generated.DestroyedBuildingIds;
        double Share(string pcode)
        {
            var inArea = _s.Buildings.Where(b => b.AreaPcode == pcode).ToList();
            return (double)inArea.Count(b => destroyed.Contains(b.Id)) / inArea.Count;
        }

        Assert.True(Share("SS01") > Share("SS02") && Share("SS02") > Share("SS03"));
        Assert.InRange(Share("SS01"), 0.3, 0.6);
    }

    [Fact]
    public void The_radar_stack_has_ten_or_more_pre_event_dates_and_three_post_event_dates_on_one_orbit()
    {
        var o = fixture.Generated.Options;
        var dates = o.AcquisitionDates();

        Assert.True(dates.Count(d => d < o.EventDate) >= 10);
        Assert.True(dates.Count(d => d > o.EventDate) >= 3);
        Assert.Equal(dates.Order(), dates);
        Assert.Equal(10, fixture.Generated.Radar.Grid.Transform.PixelWidth);
        Assert.Equal(Epsg.Utm36N, fixture.Generated.Radar.Grid.Epsg);
    }

    [Fact]
    public void Radar_pixels_over_pure_classes_match_the_model_means_and_speckle_statistics()
    {
        var radar = fixture.Generated.Radar;
        var m = radar.Model;
        var date = fixture.Generated.Options.AcquisitionDates()[0];
        var image = radar.Simulate(date, Polarisation.VV).Data;
        var expected = radar.ExpectedMean(date, Polarisation.VV).Data;

        double MeanWhere(Func<int, bool> pick)
        {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < image.Length; i++)
            {
                if (pick(i))
                {
                    sum += image[i];
                    n++;
                }
            }

            Assert.True(n > 300, $"only {n} pure pixels");
            return sum / n;
        }

        double sea = m.Sea.Vv * m.Drift(m.Sea, date);
        double open = m.Open.Vv * m.Drift(m.Open, date);
        Assert.Equal(sea, MeanWhere(i => Math.Abs(expected[i] - sea) < sea * 1e-4), sea * 0.05);
        Assert.Equal(open, MeanWhere(i => Math.Abs(expected[i] - open) < open * 1e-4), open * 0.05);
        Assert.True(MeanWhere(i => expected[i] > 0.9 * m.Built.Vv) > 10 * sea);

        double sumR = 0, sumR2 = 0;
        for (int i = 0; i < image.Length; i++)
        {
            double r = image[i] / expected[i];
            sumR += r;
            sumR2 += r * r;
        }

        double mean = sumR / image.Length;
        double cv = Math.Sqrt(sumR2 / image.Length - mean * mean) / mean;
        Assert.Equal(1, mean, 0.01);
        Assert.Equal(1 / Math.Sqrt(m.Looks), cv, 0.01);
    }
}
