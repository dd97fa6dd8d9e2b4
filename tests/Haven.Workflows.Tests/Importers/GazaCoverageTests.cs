using Haven.Geo.Tests.Support;
using Haven.Protection.Bulletins;
using Haven.Protection.Lookup;

namespace Haven.Workflows.Tests.Importers;

/// <summary>Answers about places the real Gaza layers do not cover: never "no evacuation order", never far "nearest" services.</summary>
[Collection(GazaStoreCollection.Name)]
public sealed class GazaCoverageTests(GazaStoreFixture gaza)
{
    private static readonly DateOnly January = new(2024, 1, 15);

    [ReferenceTheory]
    [InlineData(34.30, 31.45)] // the Mediterranean, 8 km off Deir al-Balah
    [InlineData(34.78, 32.08)] // Tel Aviv
    [InlineData(35.21, 31.77)] // Jerusalem
    [InlineData(-0.13, 51.51)] // London
    public void A_point_outside_the_data_is_answered_outside_with_no_status_and_no_nearest_anything(double lon, double lat)
    {
        var answer = gaza.Lookup.ByPoint(lon, lat, January);

        Assert.Equal(LookupCoverage.Outside, answer.Coverage);
        Assert.False(answer.OrderKnown);
        Assert.Equal((null, null, null, null, null, null, null), (answer.Block, answer.UnderOrder, answer.InZone, answer.NearestHealth, answer.NearestWater, answer.NearestShelter, answer.NearestZone));
        Assert.Null(answer.NearPlace);
        Assert.Null(answer.Swapped);
        string english = Bulletin.ForAnswer(answer, Language.English);
        string arabic = Bulletin.ForAnswer(answer, Language.Arabic);
        Assert.Contains("is outside the area Haven covers", english, StringComparison.Ordinal);
        Assert.DoesNotContain("no evacuation order", english, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("خارج المنطقة التي يغطيها هيفن", arabic, StringComparison.Ordinal);
        Assert.DoesNotContain("لا أمر إخلاء", arabic, StringComparison.Ordinal);
    }

    [ReferenceFact]
    public void Latitude_and_longitude_typed_the_wrong_way_round_are_offered_back_the_right_way()
    {
        var answer = gaza.Lookup.ByPoint(31.45, 34.37, January); // "lon" 31.45, "lat" 34.37: northern Syria

        Assert.Equal(LookupCoverage.Outside, answer.Coverage);
        Assert.Equal(new PointRef(31.45, 34.37), answer.Swapped);
        Assert.Equal(LookupCoverage.Inside, gaza.Lookup.ByPoint(answer.Swapped!.Longitude, answer.Swapped.Latitude, January).Coverage);
        Assert.Contains("Did you mean latitude, longitude 31.45, 34.37?", Bulletin.ForAnswer(answer, Language.English), StringComparison.Ordinal);
        Assert.Contains("هل تقصد 31.45, 34.37؟", Bulletin.SmsForAnswer(answer, Language.Arabic), StringComparison.Ordinal);
    }

    [ReferenceFact]
    public void Where_by_sms_at_sea_says_outside_the_area_in_the_senders_language_within_one_message()
    {
        var english = SmsProtocol.Reply("WHERE 31.45 34.30", gaza.Lookup, January);
        var arabic = SmsProtocol.Reply("وين 31.45 34.30", gaza.Lookup, January);

        Assert.Equal("Outside the area Haven covers: no data here. Send latitude first, then longitude.", english.Text);
        Assert.Equal("خارج منطقة هيفن، لا بيانات هنا. أرسل خط العرض ثم الطول.", arabic.Text);
        Assert.True(english.Fit.FitsOneMessage && arabic.Fit.FitsOneMessage);
    }

    [ReferenceFact]
    public void Every_block_is_inside_and_names_its_status_and_a_point_in_a_governorate_outside_every_block_is_not_known()
    {
        foreach (var block in gaza.Batches.SelectMany(b => b.Blocks).Select(b => b.Number).Distinct())
        {
            var answer = gaza.Lookup.ByBlock(block, January)!;
            Assert.Equal(LookupCoverage.Inside, answer.Coverage);
            Assert.True(answer.OrderKnown);
        }

        // The real layers leave ground inside the governorates that no numbered block covers.
        var gap = FindGap();
        Assert.NotNull(gap);
        var between = gaza.Lookup.ByPoint(gap!.Value.Lon, gap.Value.Lat, January);
        Assert.Equal(LookupCoverage.OutsideBlocks, between.Coverage);
        Assert.Null(between.UnderOrder);
        Assert.Contains("whether an evacuation order applies here is not known", Bulletin.ForAnswer(between, Language.English), StringComparison.Ordinal);
        Assert.Contains("فلا يُعرف إن كان أمر إخلاء يشمل هذا المكان", Bulletin.ForAnswer(between, Language.Arabic), StringComparison.Ordinal);
    }

    private (double Lon, double Lat)? FindGap()
    {
        for (double lat = 31.22; lat <= 31.60; lat += 0.004)
        {
            for (double lon = 34.20; lon <= 34.58; lon += 0.004)
            {
                if (gaza.Lookup.CoverageAt(lon, lat) == LookupCoverage.OutsideBlocks)
                {
                    return (lon, lat);
                }
            }
        }

        return null;
    }
}
