using Haven.Geo.Tests.Support;

namespace Haven.Workflows.Tests.Importers;

/// <summary>Name search over the real Gaza layers: several matches are listed with their kind and area, and zones are found by what orders call them.</summary>
[Collection(GazaStoreCollection.Name)]
public sealed class GazaSearchTests(GazaStoreFixture gaza)
{
    [ReferenceFact]
    public void A_generic_word_lists_every_matching_place_once_with_its_kind_and_governorate()
    {
        var hospitals = gaza.Lookup.Search("مستشفى", max: 50);

        Assert.True(hospitals.Count > 5, $"{hospitals.Count} matches");
        Assert.All(hospitals, m => Assert.NotNull(m.Area));
        Assert.Contains(hospitals, m => m.Kind == "hospital");
        Assert.Equal(hospitals.Count, hospitals.Select(m => (m.NameEn, m.Longitude, m.Latitude)).Distinct().Count());
        Assert.Equal(hospitals.Select(m => m.Rank).Order(), hospitals.Select(m => m.Rank));
    }

    [ReferenceTheory]
    [InlineData("المنطقة الإنسانية")]
    [InlineData("humanitarian area")]
    [InlineData("al-Mawasi humanitarian area")]
    public void The_humanitarian_zone_is_found_by_its_name_and_by_what_orders_call_it(string query)
    {
        var found = gaza.Lookup.Search(query);

        var zone = Assert.Single(found, m => m.Kind == "zone");
        Assert.Equal(("al-Mawasi humanitarian area", "منطقة المواصي الإنسانية"), (zone.NameEn, zone.NameAr));
        Assert.Equal("mawasi", gaza.Lookup.ByPoint(zone.Longitude, zone.Latitude, new DateOnly(2024, 1, 1)).InZone?.Id);
    }

    [ReferenceFact]
    public void A_town_found_in_arabic_and_english_is_the_same_place_of_kind_town()
    {
        var arabic = gaza.Lookup.Search("المغازي")[0];
        var english = gaza.Lookup.Search("al-Maghazi")[0];

        Assert.Equal((arabic.Longitude, arabic.Latitude, arabic.Kind), (english.Longitude, english.Latitude, english.Kind));
        Assert.Equal("town", english.Kind);
        Assert.Equal("PS0265", english.Area!.Pcode);
    }
}
