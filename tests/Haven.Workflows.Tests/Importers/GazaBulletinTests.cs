using Haven.Geo.Tests.Support;
using Haven.Protection.Bulletins;

namespace Haven.Workflows.Tests.Importers;

[Collection(GazaStoreCollection.Name)]
public sealed class GazaBulletinTests(GazaStoreFixture gaza)
{
    private static readonly DateOnly January = new(2024, 1, 15);

    [ReferenceFact]
    public void Block_by_sms_in_english_names_the_order_and_fits_one_message()
    {
        var reply = SmsProtocol.Reply("BLOCK 40", gaza.Lookup, January);

        Assert.Equal("block", reply.Kind);
        Assert.StartsWith("Blk 40", reply.Text, StringComparison.Ordinal);
        Assert.Contains("EVACUATION ORDER since 04/12/23", reply.Text, StringComparison.Ordinal);
        Assert.Equal(("GSM-7", true), (reply.Fit.Encoding, reply.Fit.FitsOneMessage));
    }

    [ReferenceFact]
    public void Block_by_sms_in_arabic_with_arabic_digits_answers_in_arabic_within_70_characters()
    {
        var reply = SmsProtocol.Reply("بلوك ٤٠", gaza.Lookup, January);

        Assert.Equal((Language.Arabic, "block"), (reply.Language, reply.Kind));
        Assert.StartsWith("بلوك 40", reply.Text, StringComparison.Ordinal);
        Assert.Contains("أمر إخلاء منذ 04/12/23", reply.Text, StringComparison.Ordinal);
        Assert.Contains("المواصي", reply.Text, StringComparison.Ordinal);
        Assert.True(reply.Fit.FitsOneMessage, $"{reply.Fit.Units} characters: {reply.Text}");
    }

    [ReferenceFact]
    public void Where_in_either_language_gives_the_same_block_as_the_coordinate_lookup()
    {
        var direct = gaza.Lookup.ByPoint(34.37, 31.45, January);
        var english = SmsProtocol.Reply("WHERE 31.45 34.37", gaza.Lookup, January);
        var arabic = SmsProtocol.Reply("وين 31.45 34.37", gaza.Lookup, January);

        Assert.NotNull(direct.Block);
        Assert.Equal("where", english.Kind);
        Assert.StartsWith($"Blk {direct.Block}", english.Text, StringComparison.Ordinal);
        Assert.StartsWith($"بلوك {direct.Block}", arabic.Text, StringComparison.Ordinal);
    }

    [ReferenceTheory]
    [InlineData("Nuseirat", Language.English)]
    [InlineData("النصيرات", Language.Arabic)]
    public void A_place_name_is_answered_in_the_senders_language(string text, Language language)
    {
        var reply = SmsProtocol.Reply(text, gaza.Lookup, January);

        Assert.Equal(("place", language), (reply.Kind, reply.Language));
        Assert.True(reply.Fit.FitsOneMessage);
    }

    [ReferenceTheory]
    [InlineData("hello there", Language.English)]
    [InlineData("مرحبا كيف الحال", Language.Arabic)]
    public void Anything_else_gets_a_one_message_help_reply_in_the_senders_language(string text, Language language)
    {
        var reply = SmsProtocol.Reply(text, gaza.Lookup, January);

        Assert.Equal(("help", language), (reply.Kind, reply.Language));
        Assert.Equal(1, reply.Fit.Parts);
    }

    [ReferenceFact]
    public void The_full_bulletin_names_block_areas_landmark_and_services_not_coordinates()
    {
        var answer = gaza.Lookup.ByBlock(40, January)!;

        string en = Bulletin.ForAnswer(answer, Language.English);
        string ar = Bulletin.ForAnswer(answer, Language.Arabic);

        Assert.Contains("Block 40", en, StringComparison.Ordinal);
        Assert.Contains("governorate", en, StringComparison.Ordinal);
        Assert.Contains("near ", en, StringComparison.Ordinal);
        Assert.Contains("UNDER AN EVACUATION ORDER since 4 December 2023", en, StringComparison.Ordinal);
        Assert.Contains("Nearest hospital or clinic: ", en, StringComparison.Ordinal);
        Assert.DoesNotContain("31.", en, StringComparison.Ordinal);
        Assert.Contains("بلوك 40", ar, StringComparison.Ordinal);
        Assert.Contains("تحت أمر إخلاء منذ 4 ديسمبر 2023", ar, StringComparison.Ordinal);
        Assert.Contains("محافظة", ar, StringComparison.Ordinal);
        Assert.DoesNotContain("محافظة محافظة", ar, StringComparison.Ordinal);
        Assert.DoesNotContain("governorate governorate", en, StringComparison.OrdinalIgnoreCase);
    }

    [ReferenceFact]
    public void The_publication_notice_lists_zones_blocks_and_the_key_fingerprint_in_both_languages()
    {
        var registry = gaza.Lookup.Registry;
        var asOf = new DateOnly(2024, 8, 20);
        var blocks = registry.BlocksUnderOrderAsOf(asOf);

        string en = Bulletin.ForPublication(3, new DateTimeOffset(2024, 8, 20, 9, 0, 0, TimeSpan.Zero), "e29f-15e6-c01d-d13b", asOf, registry.ZonesAsOf(asOf), blocks, Language.English);
        string ar = Bulletin.ForPublication(3, new DateTimeOffset(2024, 8, 20, 9, 0, 0, TimeSpan.Zero), "e29f-15e6-c01d-d13b", asOf, registry.ZonesAsOf(asOf), blocks, Language.Arabic);

        Assert.True(blocks.Count > 10);
        Assert.Contains($"Blocks under evacuation orders ({blocks.Count})", en, StringComparison.Ordinal);
        Assert.Contains("al-Mawasi humanitarian area", en, StringComparison.Ordinal);
        Assert.Contains("e29f-15e6-c01d-d13b", en, StringComparison.Ordinal);
        Assert.Contains("منطقة المواصي الإنسانية", ar, StringComparison.Ordinal);
        Assert.Contains("e29f-15e6-c01d-d13b", ar, StringComparison.Ordinal);
    }
}
