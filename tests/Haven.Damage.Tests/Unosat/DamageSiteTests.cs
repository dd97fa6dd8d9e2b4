using Haven.Damage.Assessment;
using Haven.Damage.Unosat;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Tests.Unosat;

public sealed class DamageSiteTests
{
    private static readonly GeometryFactory F = new(new PrecisionModel(), 4326);
    private static readonly DateOnly October = new(2023, 10, 15);
    private static readonly DateOnly November = new(2023, 11, 7);

    private static DamageSite Site(int index, double x, params (DateOnly, int)[] classes) => new(index, F.CreatePoint(new Coordinate(x, 0.5)), classes);

    [Fact]
    public void A_site_has_no_class_before_its_first_reading_then_the_class_of_its_latest_reading_on_or_before_the_date()
    {
        var site = Site(0, 0.5, (October, 3), (November, 1));

        Assert.Null(site.On(October.AddDays(-1)));
        Assert.Equal((October, 3), site.On(October));
        Assert.Equal((October, 3), site.On(November.AddDays(-1)));
        Assert.Equal((November, 1), site.On(November));
        Assert.Equal((November, 1), site.On(new DateOnly(2025, 1, 1)));
    }

    [Fact]
    public void Readings_written_as_text_read_back_in_date_order()
    {
        var site = Site(0, 0.5, (October, 3), (November, 12));

        Assert.Equal("2023-10-15:3,2023-11-07:12", site.ClassesText);
        Assert.Equal([(October, 3), (November, 12)], DamageSite.ParseClasses("2023-11-07:12,2023-10-15:3"));
    }

    [Fact]
    public void Counts_on_a_date_take_each_site_as_it_stood_and_give_no_row_to_an_area_where_no_site_was_seen()
    {
        var west = new AssessmentArea("W", "West", F.ToGeometry(new Envelope(0, 1, 0, 1)));
        var east = new AssessmentArea("E", "East", F.ToGeometry(new Envelope(1, 2, 0, 1)));
        var empty = new AssessmentArea("N", "North", F.ToGeometry(new Envelope(0, 2, 1, 2)));
        DamageSite[] sites =
        [
            Site(0, 0.2, (October, 3), (November, 1)),
            Site(1, 0.4, (October, 2)),
            Site(2, 1.5, (November, 4)),
            Site(3, 5.0, (October, 6)),
        ];

        var counts = DamageSites.Count(sites, [west, east, empty], [October.AddDays(-1), October, November.AddDays(3)]);

        Assert.Equal(
            [
                ("outside", October, 1, 0, 0, 0, 0, 1),
                ("W", October, 2, 0, 1, 1, 0, 0),
                ("outside", November.AddDays(3), 1, 0, 0, 0, 0, 1),
                ("W", November.AddDays(3), 2, 1, 1, 0, 0, 0),
                ("E", November.AddDays(3), 1, 0, 0, 0, 1, 0),
            ],
            counts.Select(c => (c.Code, c.Date, c.Sites, c.Destroyed, c.Severe, c.Moderate, c.Possible, c.Other)));
        // Damaged is destroyed, severe or moderate: possible damage (class 4) is not counted.
        Assert.Equal([2, 2, 0], counts.Where(c => c.Code != "outside").Select(c => c.Damaged));
    }
}
