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
}
