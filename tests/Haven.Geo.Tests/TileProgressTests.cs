namespace Haven.Geo.Tests;

public class TileProgressTests
{
    [Fact]
    public void The_time_left_is_the_pace_of_the_tiles_this_run_finished_times_the_tiles_still_to_do()
    {
        // 10 tiles were stored before a resumed run; it has stored 5 more in 20 s: 4 s a tile, 25 to go.
        var p = TileProgress.Estimate(total: 40, done: 15, running: 2, retrying: 0, failed: 0, doneAtStart: 10, elapsed: TimeSpan.FromSeconds(20));

        Assert.Equal(TimeSpan.FromSeconds(100), p.Remaining);
        Assert.Equal("15 of 40 tiles stored, 2 running, about 2 min left", p.Describe());
    }

    [Fact]
    public void No_time_left_is_guessed_before_this_run_has_finished_a_tile()
    {
        var p = TileProgress.Estimate(total: 40, done: 10, running: 2, retrying: 1, failed: 0, doneAtStart: 10, elapsed: TimeSpan.FromMinutes(3));

        Assert.Null(p.Remaining);
        Assert.Equal("10 of 40 tiles stored, 2 running, 1 to retry", p.Describe());
    }

    [Fact]
    public void A_run_with_every_tile_stored_has_no_time_left()
    {
        var p = TileProgress.Estimate(total: 4, done: 4, running: 0, retrying: 0, failed: 0, doneAtStart: 4, elapsed: TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, p.Remaining);
        Assert.Equal("4 of 4 tiles stored", p.Describe());
    }

    [Fact]
    public void Hours_left_are_given_in_hours_to_a_tenth()
    {
        var p = TileProgress.Estimate(total: 1000, done: 10, running: 8, retrying: 0, failed: 3, doneAtStart: 0, elapsed: TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromMinutes(990), p.Remaining);
        Assert.Equal("10 of 1000 tiles stored, 8 running, 3 failed, about 16.5 h left", p.Describe());
    }
}
