using Haven.Planning.Population;

namespace Haven.Planning.Tests.Population;

public class PopulationSeriesTests
{
    private readonly PopulationSeries _series = new(
    [
        new("SS01", new(2023, 10, 20), 70_000, 0, "test"),
        new("SS01", new(2023, 10, 1), 190_000, 0, "test"),
        new("SS02", new(2023, 10, 20), 120_000, 80_000, "test"),
    ]);

    [Fact]
    public void The_latest_record_on_or_before_the_date_answers()
    {
        Assert.Equal(190_000, _series.AsOf("SS01", new(2023, 10, 19))!.Total);
        Assert.Equal(70_000, _series.AsOf("SS01", new(2023, 10, 20))!.Total);
        Assert.Equal(200_000, _series.AsOf("SS02", new(2024, 1, 1))!.Total);
    }

    [Fact]
    public void Before_the_first_record_or_for_an_unknown_area_there_is_no_answer()
    {
        Assert.Null(_series.AsOf("SS01", new(2023, 9, 30)));
        Assert.Null(_series.AsOf("XX99", new(2023, 10, 20)));
    }

    [Fact]
    public void Density_counts_residents_and_displaced_people_per_square_kilometre() =>
        Assert.Equal(20_000, _series.DensityPerKm2("SS02", new(2023, 11, 1), 10_000_000)!.Value, 6);
}
