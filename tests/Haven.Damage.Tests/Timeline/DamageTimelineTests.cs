using Haven.Damage.Timeline;

namespace Haven.Damage.Tests.Timeline;

public class DamageTimelineTests
{
    private static readonly DateOnly First = new(2023, 10, 15), Second = new(2023, 10, 27);

    // Synthetic calls, ids as OpenStreetMap writes them: building 1 intact then damaged (cumulative), building 2 intact on both, building 3 scored on the second date only.
    private static readonly DamageTimeline Timeline = new([
        ("way/1", First, false), ("way/2", First, false),
        ("way/1", Second, true), ("way/2", Second, false), ("way/3", Second, true),
    ]);

    [Fact]
    public void Before_the_first_inference_date_every_building_is_not_assessed_and_the_damaged_set_is_unknown()
    {
        var before = First.AddDays(-1);

        Assert.Null(Timeline.EpochOn(before));
        Assert.Equal(DamageState.NotAssessed, Timeline.StateOn("way/1", before));
        Assert.Null(Timeline.DamagedOn(before));
    }

    [Fact]
    public void On_and_between_inference_dates_the_latest_date_on_or_before_decides()
    {
        Assert.Equal(First, Timeline.EpochOn(First));
        Assert.Equal(First, Timeline.EpochOn(Second.AddDays(-1)));
        Assert.Equal(Second, Timeline.EpochOn(Second.AddDays(400)));
        Assert.Equal(DamageState.Intact, Timeline.StateOn("way/1", Second.AddDays(-1)));
        Assert.Equal(DamageState.Damaged, Timeline.StateOn("way/1", Second));
        Assert.Equal(DamageState.NotAssessed, Timeline.StateOn("way/3", First));
        Assert.Equal(DamageState.Damaged, Timeline.StateOn("way/3", Second));
        Assert.Equal(DamageState.NotAssessed, Timeline.StateOn("way/99", Second));
    }

    [Fact]
    public void The_damaged_set_on_a_date_holds_exactly_the_buildings_called_damaged_at_its_epoch()
    {
        Assert.Empty(Timeline.DamagedOn(First)!);
        Assert.Equal(["way/1", "way/3"], Timeline.DamagedOn(Second)!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_empty_timeline_has_no_epoch_and_names_no_state_but_not_assessed()
    {
        Assert.Null(DamageTimeline.Empty.EpochOn(Second));
        Assert.Equal("not assessed", DamageTimeline.Text(DamageTimeline.Empty.StateOn("way/1", Second)));
        Assert.Equal(["damaged", "intact"], new[] { DamageTimeline.Text(DamageState.Damaged), DamageTimeline.Text(DamageState.Intact) });
    }

    [Fact]
    public void A_building_the_radar_did_not_cover_on_a_date_is_not_assessed_then_even_if_an_earlier_date_called_it_intact()
    {
        // Synthetic: building 1 scored intact on the first date, no radar data over it on the second (null call).
        var timeline = new DamageTimeline([("b1", First, false), ("b2", First, false), ("b1", Second, null), ("b2", Second, false)]);

        Assert.Equal(DamageState.Intact, timeline.StateOn("b1", First));
        Assert.Equal(DamageState.NotAssessed, timeline.StateOn("b1", Second));
        Assert.Equal(DamageState.Intact, timeline.StateOn("b2", Second));
        Assert.Empty(timeline.DamagedOn(Second)!);
    }

    [Fact]
    public void A_date_whose_map_scored_no_building_is_still_the_epoch_and_says_not_assessed_for_every_building()
    {
        var timeline = new DamageTimeline([("b1", First, false), ("b1", Second, null)]);

        Assert.Equal([First, Second], timeline.InferenceDates);
        Assert.Equal(Second, timeline.EpochOn(Second.AddDays(3)));
        Assert.Equal(DamageState.NotAssessed, timeline.StateOn("b1", Second.AddDays(3)));
    }

    [Theory]
    [InlineData(true, 5.1, true)]
    [InlineData(true, double.NaN, true)]
    [InlineData(false, 1.2, false)]
    [InlineData(false, double.NaN, null)]
    public void A_call_is_damaged_once_damaged_intact_only_where_scored_and_otherwise_unknown(bool damagedSoFar, double score, bool? call) =>
        Assert.Equal(call, DamageCall.Of(damagedSoFar, score));
}
