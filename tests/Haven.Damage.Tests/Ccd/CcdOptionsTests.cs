using Haven.Damage.Ccd;

namespace Haven.Damage.Tests.Ccd;

/// <summary>Coherent change detection names the first option out of range, as PWTT's options do.</summary>
public class CcdOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Null(CcdOptions.Default.Validate());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1)]
    [InlineData(-3)]
    public void A_window_that_is_not_odd_and_at_least_3_is_refused_naming_it(int window)
    {
        Assert.Equal($"Window must be an odd number of pixels, at least 3 (is {window}).", (CcdOptions.Default with { Window = window }).Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_threshold_outside_0_to_1_is_refused_naming_it(double threshold)
    {
        Assert.StartsWith("DamageThreshold is a loss of coherence, between 0 and 1", (CcdOptions.Default with { DamageThreshold = threshold }).Validate(), StringComparison.Ordinal);
    }
}
