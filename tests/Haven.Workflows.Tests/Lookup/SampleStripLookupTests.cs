using Haven.Geo.Crs;
using Haven.Protection.Lookup;
using Haven.Protection.Sites;
using Haven.Demo.Tests;

namespace Haven.Workflows.Tests.Lookup;

public class SampleStripLookupTests(SampleStripFixture fixture) : IClassFixture<SampleStripFixture>
{
    private ProtectionLookup Lookup()
    {
        var s = fixture.Generated.Scenario;
        return new ProtectionLookup(s.Areas, s.Blocks, s.Zones, s.Orders, s.Sites);
    }

    [Fact]
    public void A_northern_block_is_under_the_first_order_only_from_its_date()
    {
        var lookup = Lookup();
        var first = fixture.Generated.Scenario.Orders.OrderBy(o => o.EffectiveFrom).First();
        int block = first.Blocks[0];

        var before = lookup.ByBlock(block, first.EffectiveFrom.AddDays(-1))!;
        var during = lookup.ByBlock(block, first.EffectiveFrom)!;

        Assert.Null(before.UnderOrder);
        Assert.Equal(first.Id, during.UnderOrder!.Id);
        Assert.Equal(first.EffectiveFrom, during.UnderOrder.Since);
        Assert.Equal("SS01", Assert.Single(during.Areas).Pcode);
    }

    [Fact]
    public void A_point_in_the_zone_is_in_it_once_the_zone_exists_and_outside_points_get_the_nearest_zone()
    {
        var lookup = Lookup();
        var zone = fixture.Generated.Scenario.Zones[0];
        var inside = zone.Boundary.InteriorPoint;

        Assert.Null(lookup.ByPoint(inside.X, inside.Y, zone.ValidFrom.AddDays(-1)).InZone);
        var answer = lookup.ByPoint(inside.X, inside.Y, zone.ValidFrom);
        Assert.Equal(zone.Id, answer.InZone!.Id);
        Assert.Null(answer.NearestZone);

        var north = fixture.Generated.Scenario.Blocks.First(b => b.AreaPcode == "SS01").Boundary.InteriorPoint;
        var far = lookup.ByPoint(north.X, north.Y, zone.ValidFrom);
        Assert.Null(far.InZone);
        Assert.InRange(far.NearestZone!.DistanceMetres, 3_000, 12_000);
        Assert.Equal("south", Compass.En(far.NearestZone.BearingDegrees).Split('-')[0]);
    }

    [Fact]
    public void The_nearest_services_come_with_their_distance_and_direction()
    {
        var lookup = Lookup();
        var hospital = fixture.Generated.Scenario.Sites.First(s => s.Kind == SiteKind.Hospital);
        var at = (NetTopologySuite.Geometries.Point)hospital.Location;
        double lon = at.X, lat = at.Y + 0.002; // about 220 m north of it

        var answer = lookup.ByPoint(lon, lat, new DateOnly(2024, 1, 1));

        Assert.NotNull(answer.NearestWater);
        Assert.NotNull(answer.NearestShelter);
        var health = answer.NearestHealth!;
        var all = fixture.Generated.Scenario.Sites.Where(s => s.Kind is SiteKind.Hospital or SiteKind.Clinic)
            .Select(s => Geodesy.DistanceMetres(lon, lat, s.Location.Coordinate.X, s.Location.Coordinate.Y)).Min();
        Assert.Equal(all, health.DistanceMetres, all * 0.005 + 0.5);
        if (health.Id == hospital.Id)
        {
            Assert.Equal("south", health.DirectionEn);
            Assert.Equal("جنوب", health.DirectionAr);
        }
    }

    [Theory]
    [InlineData("Al-Rahma Hospital", "مستشفى الرحمة")]
    [InlineData("North District", "محافظة الشمال")]
    [InlineData("Al-Amal Hospital", "مستشفى الأمل")]
    public void The_same_place_in_arabic_and_in_english_gives_the_same_answer(string english, string arabic)
    {
        var lookup = Lookup();
        var asOf = new DateOnly(2023, 11, 10);
        var a = lookup.ByPlace(english, asOf);
        var b = lookup.ByPlace(arabic, asOf);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Equal(a.Value.Answer.Areas, b.Value.Answer.Areas);
        Assert.Equal(a.Value.Answer with { Areas = [] }, b.Value.Answer with { Areas = [] });
        Assert.NotNull(lookup.ByPlace(english.ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal), asOf));
    }

    [Fact]
    public void The_arabic_bulletin_names_the_district_once_and_writes_dates_in_words()
    {
        var first = fixture.Generated.Scenario.Orders.OrderBy(o => o.EffectiveFrom).First();
        var answer = Lookup().ByBlock(first.Blocks[0], first.EffectiveFrom)!;

        string ar = Haven.Protection.Bulletins.Bulletin.ForAnswer(answer, Haven.Protection.Bulletins.Language.Arabic);

        Assert.Contains("محافظة الشمال", ar, StringComparison.Ordinal);
        Assert.DoesNotContain("محافظة محافظة", ar, StringComparison.Ordinal);
        Assert.Contains($"منذ {first.EffectiveFrom.Day} أكتوبر 2023", ar, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{2}/\d{2}/\d{4}", ar);
    }

    [Fact]
    public void An_unknown_block_or_place_has_no_answer()
    {
        var lookup = Lookup();

        Assert.Null(lookup.ByBlock(99_999, new DateOnly(2024, 1, 1)));
        Assert.Null(lookup.ByPlace("Atlantis", new DateOnly(2024, 1, 1)));
    }

    [Fact]
    public void With_no_evacuation_order_recorded_a_block_is_told_orders_are_not_known_rather_than_none()
    {
        var s = fixture.Generated.Scenario;
        var lookup = new ProtectionLookup(s.Areas, s.Blocks, s.Zones, [], s.Sites);

        var answer = lookup.ByBlock(s.Blocks[0].Number, new DateOnly(2024, 1, 1))!;
        string english = Haven.Protection.Bulletins.Bulletin.ForAnswer(answer, Haven.Protection.Bulletins.Language.English);

        Assert.Equal((LookupCoverage.Inside, false, false), (answer.Coverage, answer.OrdersRecorded, answer.OrderKnown));
        Assert.Contains("no evacuation orders are recorded in Haven, so whether one applies to this block is not known", english, StringComparison.Ordinal);
        Assert.DoesNotContain("no evacuation order on this block", english, StringComparison.Ordinal);
        Assert.True(Lookup().ByBlock(s.Blocks[0].Number, new DateOnly(2024, 1, 1))!.OrderKnown);
    }
}
