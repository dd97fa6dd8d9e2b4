using Haven.Protection.Bulletins;

namespace Haven.Protection.Tests.Publication;

public class SmsTextTests
{
    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm_text_goes_160_characters_to_a_message_and_153_per_part(int length, int parts)
    {
        var fit = SmsText.Fit(new string('a', length));

        Assert.Equal(("GSM-7", parts), (fit.Encoding, fit.Parts));
    }

    [Fact]
    public void Extension_characters_count_twice()
    {
        Assert.Equal(160, SmsText.Fit(new string('a', 158) + "€").Units);
        Assert.False(SmsText.Fit(new string('a', 159) + "€").FitsOneMessage);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Arabic_text_is_ucs2_70_characters_to_a_message_and_67_per_part(int length, int parts)
    {
        var fit = SmsText.Fit(new string('ب', length));

        Assert.Equal(("UCS-2", parts), (fit.Encoding, fit.Parts));
    }

    [Fact]
    public void The_help_replies_fit_one_message_in_both_languages()
    {
        Assert.True(SmsText.Fit(SmsProtocol.HelpEnglish).FitsOneMessage);
        Assert.True(SmsText.Fit(SmsProtocol.HelpArabic).FitsOneMessage);
        Assert.Equal("UCS-2", SmsText.Fit(SmsProtocol.HelpArabic).Encoding);
    }
}
