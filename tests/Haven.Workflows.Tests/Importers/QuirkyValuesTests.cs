using Haven.Workflows.Importers;

namespace Haven.Workflows.Tests.Importers;

public class QuirkyValuesTests
{
    [Theory]
    [InlineData("661.0", 661, "string")]
    [InlineData("661", 661, "string")]
    [InlineData(661.0, 661, "float")]
    [InlineData(661L, 661, "number")]
    public void Block_numbers_are_read_however_they_are_written(object value, long expected, string form)
    {
        Assert.True(QuirkyValues.TryInteger(value, out long n, out string f));
        Assert.Equal(expected, n);
        Assert.Equal(form, f);
    }

    [Theory]
    [InlineData("129.1")]
    [InlineData("block 7")]
    [InlineData(null)]
    public void Other_values_are_not_block_numbers(object? value) => Assert.False(QuirkyValues.TryInteger(value, out _, out _));

    [Fact]
    public void Epoch_milliseconds_and_rfc_1123_give_the_same_instant()
    {
        Assert.True(QuirkyValues.TryInstant(1730986500000L, out var ms, out string f1));
        Assert.True(QuirkyValues.TryInstant("Thu, 07 Nov 2024 13:35:00 GMT", out var rfc, out string f2));

        Assert.Equal(ms, rfc);
        Assert.Equal(("epoch-ms", "rfc1123"), (f1, f2));
    }

    [Theory]
    [InlineData("28 בדצמ׳ 2023, 11:41", 2023, 12, 28)]
    [InlineData("19 באוק׳ 2025, 16:26", 2025, 10, 19)]
    [InlineData("3 ינואר 2024", 2024, 1, 3)]
    public void Dates_with_hebrew_month_names_are_read_as_gaza_local_time(string text, int y, int m, int d)
    {
        Assert.True(QuirkyValues.TryInstant(text, out var instant, out string form));

        Assert.Equal("hebrew", form);
        Assert.Equal(new DateOnly(y, m, d), QuirkyValues.GazaDate(instant));
        Assert.InRange(instant.Offset, TimeSpan.FromHours(2), TimeSpan.FromHours(3));
    }

    [Theory]
    [InlineData("31 בפבר׳ 2024, 10:00")]
    [InlineData("next tuesday")]
    [InlineData("")]
    public void Impossible_or_unreadable_dates_are_refused(string text) => Assert.False(QuirkyValues.TryInstant(text, out _, out _));
}
