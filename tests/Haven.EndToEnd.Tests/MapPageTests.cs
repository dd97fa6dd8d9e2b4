using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Haven.EndToEnd.Tests;

/// <summary>The map page in a real browser, against the real server with the Sample Strip (synthetic demo data).</summary>
[Collection(BrowserCollection.Name)]
public sealed class MapPageTests(BrowserFixture browser)
{
    private static readonly string[] LayerIds = ["areas-fill", "blocks-fill", "zones-fill", "orders-fill", "sites-symbol", "areas-label", "crossings-circle"];

    private async Task<JsonElement> ApiAsync(string path) =>
        await browser.Api.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    /// <summary>Pages in a PDF Chromium wrote: its page objects ("/Type /Page", not "/Pages").</summary>
    private static int PdfPages(byte[] pdf) => System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?!s)");

    private async Task<string> ApiTextAsync(string path) =>
        System.Text.Encoding.UTF8.GetString(await browser.Api.GetByteArrayAsync(new Uri(path, UriKind.Relative)));

    private async Task<(string First, string Last)> DatesAsync()
    {
        var scenario = await ApiAsync("/api/scenario");
        return (scenario.GetProperty("firstDate").GetString()!, scenario.GetProperty("lastDate").GetString()!);
    }

    /// <summary>Whether a map layer draws at least one feature, waiting (up to 20 s) for tiles and label placement to settle.</summary>
    private static async Task<bool> DrawsAsync(IPage page, string layer)
    {
        try
        {
            await page.WaitForFunctionAsync("id => window.havenMap.queryRenderedFeatures({ layers: [id] }).length > 0", layer, new PageWaitForFunctionOptions { Timeout = 20_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Moves the date slider as a person would (input events), and waits until every layer has redrawn.</summary>
    private static async Task SlideToAsync(IPage page, string first, string date)
    {
        int offset = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DateOnly.ParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber;
        await page.Locator("#date-slider").FocusAsync();
        await page.EvaluateAsync("n => { const s = document.getElementById('date-slider'); s.value = String(n); s.dispatchEvent(new Event('input', { bubbles: true })); }", offset);
        await page.WaitForFunctionAsync("d => document.body.dataset.asOf === d && document.body.dataset.ready === 'true'", date, new PageWaitForFunctionOptions { Timeout = 60_000 });
    }

    /// <summary>Types into the search box, submits, and waits for the card.</summary>
    private static async Task SearchAsync(IPage page, string text)
    {
        await page.FillAsync("#query", text);
        await page.ClickAsync("#search button[type=submit]");
        await page.WaitForSelectorAsync("#card:not([hidden]) #card-title");
    }

    private void AssertNothingLeftTheOrigin()
    {
        string origin = browser.Origin.GetLeftPart(UriPartial.Authority);
        var outside = browser.Requests.Where(u => !u.StartsWith(origin + "/", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal)
            && !u.StartsWith("blob:" + origin, StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(outside.Count == 0, "Requests left the origin: " + string.Join(", ", outside));
        Assert.NotEmpty(browser.Requests);
    }

    [Fact]
    public async Task The_page_loads_without_console_errors_and_draws_every_layer_with_legend_and_scale()
    {
        var (page, errors) = await browser.OpenAsync("/");

        foreach (string id in LayerIds)
        {
            Assert.True(await DrawsAsync(page, id), $"layer {id} drew nothing");
        }

        // Buildings and block numbers draw from zoom 13: go close to the first block the server knows.
        var block = await ApiAsync("/api/lookup?block=101");
        await page.EvaluateAsync("([lon, lat]) => { window.havenMap.jumpTo({ center: [lon, lat], zoom: 15 }); }",
            new[] { block.GetProperty("answer").GetProperty("longitude").GetDouble(), block.GetProperty("answer").GetProperty("latitude").GetDouble() });
        await page.WaitForFunctionAsync("() => window.havenMap.areTilesLoaded() && window.havenMap.queryRenderedFeatures({ layers: ['buildings-fill'] }).length > 0");
        var damage = await page.EvaluateAsync<string[]>("() => [...new Set(window.havenMap.queryRenderedFeatures({ layers: ['buildings-fill'] }).map(f => f.properties.damage))]");
        Assert.Contains("damaged", damage);
        Assert.Contains("intact", damage);
        Assert.True(await DrawsAsync(page, "blocks-label"), "no block numbers drawn at zoom 15");

        // The demo's UNOSAT-style damage sites (synthetic) draw where the layer endpoint puts them, as of the page's date.
        string asOf = await page.EvaluateAsync<string>("() => document.getElementById('as-of').value");
        var site = (await ApiAsync($"/api/layers/damage_sites?asOf={asOf}")).GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        await page.EvaluateAsync("([lon, lat]) => { window.havenMap.jumpTo({ center: [lon, lat], zoom: 15 }); }", new[] { site[0].GetDouble(), site[1].GetDouble() });
        await page.WaitForFunctionAsync("() => window.havenMap.areTilesLoaded() && window.havenMap.queryRenderedFeatures({ layers: ['damage-sites-circle'] }).length > 0");
        var classes = await page.EvaluateAsync<string[]>("() => [...new Set(window.havenMap.queryRenderedFeatures({ layers: ['damage-sites-circle'] }).map(f => f.properties.damage))]");
        Assert.Contains("destroyed", classes);

        var legend = await page.Locator("#legend-items li[data-layer]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.layer)");
        Assert.Equal(["areas", "blocks", "buildings", "zones", "orders", "damage_sites", "sites", "crossings"], legend);
        // Orders are drawn above damage and boundaries, hatched and edged, and the legend says which damage date is shown.
        var order = await page.EvaluateAsync<string[]>("() => window.havenMap.getStyle().layers.map(l => l.id)");
        Assert.True(order.ToList().IndexOf("orders-fill") > order.ToList().IndexOf("areas-line") && order.ToList().IndexOf("orders-fill") > order.ToList().IndexOf("blocks-fill"));
        Assert.Equal("order-hatch", await page.EvaluateAsync<string>("() => window.havenMap.getPaintProperty('orders-fill', 'fill-pattern')"));
        Assert.Contains("repeating-linear-gradient", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#legend-items li[data-layer=orders] .swatch')).backgroundImage"), StringComparison.Ordinal);
        string shown = (await page.GetAttributeAsync("#legend-items li[data-damage-date]", "data-damage-date"))!;
        var inference = (await ApiAsync("/api/assessments/latest/areas")).GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("date").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
        string asOfNow = await page.EvaluateAsync<string>("() => document.getElementById('as-of').value");
        Assert.Equal(inference.Last(d => string.CompareOrdinal(d, asOfNow) <= 0), shown);
        Assert.Equal(["destroyed", "severe", "moderate", "possible", "other"], await page.Locator("#legend-items li[data-class]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.class)"));
        int kinds = (await ApiAsync("/api/layers/sites")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("kind").GetString()).Distinct().Count();
        Assert.Equal(kinds, await page.Locator("#legend-items li[data-kind]:not([data-kind='out'])").CountAsync());
        Assert.Matches(@"^\d+(\.\d+)?\s?(m|km)$", (await page.Locator(".maplibregl-ctrl-scale").TextContentAsync())!.Trim());
        Assert.True(await page.Locator("#synthetic").IsVisibleAsync());
        Assert.True(File.Exists(await browser.ScreenshotAsync(page, "map-buildings")));
        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Fact]
    public async Task Moving_the_slider_redraws_orders_zones_and_block_damage_as_of_the_date()
    {
        var (first, last) = await DatesAsync();
        var (page, errors) = await browser.OpenAsync("/");

        await SlideToAsync(page, first, first);
        int ordersThen = (await ApiAsync($"/api/layers/orders?asOf={first}")).GetProperty("features").GetArrayLength();
        var idsThen = await page.EvaluateAsync<string[]>("() => [...new Set(window.havenMap.queryRenderedFeatures({ layers: ['orders-fill'] }).map(f => f.properties.id))]");
        Assert.Equal(ordersThen, idsThen.Length);
        var sharedThen = await page.EvaluateAsync<int>("() => window.havenMap.queryRenderedFeatures({ layers: ['blocks-fill'] }).filter(f => f.properties.damaged_share !== undefined).length");
        Assert.Equal(0, sharedThen); // the demo's first assessment date is after its first dated record
        Assert.Contains(first[..4], await page.Locator("#date-label").TextContentAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "map-first-date");

        await SlideToAsync(page, first, last);
        int ordersNow = (await ApiAsync($"/api/layers/orders?asOf={last}")).GetProperty("features").GetArrayLength();
        var idsNow = await page.EvaluateAsync<string[]>("() => [...new Set(window.havenMap.queryRenderedFeatures({ layers: ['orders-fill'] }).map(f => f.properties.id))]");
        Assert.Equal(ordersNow, idsNow.Length);
        Assert.NotEqual(ordersThen, ordersNow);
        var shares = await page.EvaluateAsync<double[]>("() => window.havenMap.queryRenderedFeatures({ layers: ['blocks-fill'] }).filter(f => f.properties.damaged_share !== undefined).map(f => f.properties.damaged_share)");
        Assert.NotEmpty(shares);
        Assert.Contains(shares, s => s > 0);
        Assert.Equal(ordersNow.ToString(CultureInfo.InvariantCulture), await page.Locator("#legend-items li[data-layer='orders'] .count").TextContentAsync());
        await browser.ScreenshotAsync(page, "map-last-date");
        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Theory]
    [InlineData("101")]
    [InlineData("block 101")]
    [InlineData("بلوك ١٠١")]
    public async Task A_block_number_lookup_flies_there_and_shows_its_card(string typed)
    {
        var (_, last) = await DatesAsync();
        var expected = await ApiAsync($"/api/lookup?block=101&asOf={last}");
        var answer = expected.GetProperty("answer");
        var (page, errors) = await browser.OpenAsync("/");

        await SearchAsync(page, typed);

        Assert.Equal("Block 101", await page.TextContentAsync("#card-title"));
        string status = answer.GetProperty("underOrder").ValueKind != JsonValueKind.Null ? "order" : answer.GetProperty("inZone").ValueKind != JsonValueKind.Null ? "zone" : "clear";
        Assert.Equal(status, await page.GetAttributeAsync("#card .status-line", "data-status"));
        string card = (await page.TextContentAsync("#card"))!;
        var health = answer.GetProperty("nearestHealth");
        Assert.Contains(health.GetProperty("nameEn").GetString()!, card, StringComparison.Ordinal);
        Assert.Contains(health.GetProperty("directionEn").GetString()!, await page.TextContentAsync("#card li[data-service='health']"), StringComparison.Ordinal);
        if (status == "order")
        {
            Assert.Contains(answer.GetProperty("underOrder").GetProperty("id").GetString()!, card, StringComparison.Ordinal);
        }

        Assert.Contains("block=101", await page.GetAttributeAsync("#card-print", "href"), StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => window.havenMap.getZoom() >= 14 && !window.havenMap.isMoving()");
        var centre = await page.EvaluateAsync<double[]>("() => { const c = window.havenMap.getCenter(); return [c.lng, c.lat]; }");
        Assert.Equal(answer.GetProperty("longitude").GetDouble(), centre[0], 3);
        Assert.Equal(answer.GetProperty("latitude").GetDouble(), centre[1], 3);
        if (typed == "101")
        {
            await browser.ScreenshotAsync(page, "lookup-block-101");
        }

        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Fact]
    public async Task A_point_at_sea_is_answered_outside_the_area_covered_in_both_languages_and_swapped_coordinates_are_offered()
    {
        var block = (await ApiAsync("/api/lookup?block=101")).GetProperty("answer");
        double lon = block.GetProperty("longitude").GetDouble(), lat = block.GetProperty("latitude").GetDouble();
        var (page, errors) = await browser.OpenAsync("/");

        await SearchAsync(page, "0.5, 0.5");

        Assert.Equal("outside", await page.GetAttributeAsync("#card .status-line", "data-status"));
        Assert.Contains("Outside the area Haven covers", await page.TextContentAsync("#card"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#card li[data-service]").CountAsync());
        Assert.Equal(0, await page.Locator(".maplibregl-marker").CountAsync());
        await browser.ScreenshotAsync(page, "lookup-outside");

        // Latitude and longitude the wrong way round: the card offers them back, and the button looks the right point up.
        await SearchAsync(page, FormattableString.Invariant($"{lon:F5}, {lat:F5}"));
        await page.WaitForSelectorAsync("#card button.swapped"); // the card from the first search is still up until the answer comes
        Assert.Equal(1, await page.Locator("#card button.swapped").CountAsync());
        await page.ClickAsync("#card button.swapped");
        await page.WaitForFunctionAsync("() => document.querySelector('#card .status-line')?.dataset.status !== 'outside'");
        Assert.Equal("Block 101", await page.TextContentAsync("#card-title"));

        await page.ClickAsync("#toggle-language");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'ar'");
        await SearchAsync(page, "0.5, 0.5");
        await page.WaitForFunctionAsync("() => document.querySelector('#card .status-line')?.dataset.status === 'outside'");
        Assert.Contains("خارج المنطقة التي يغطيها هيفن", await page.TextContentAsync("#card"), StringComparison.Ordinal);
        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task On_a_phone_the_legend_starts_folded_the_card_is_a_bottom_sheet_clear_of_the_controls_and_targets_are_44_px(string lang)
    {
        var phone = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 };
        var (page, errors) = await browser.OpenAsync("/", phone);
        if (lang == "ar")
        {
            await page.TapAsync("#toggle-language");
            await page.WaitForFunctionAsync("() => document.documentElement.lang === 'ar'");
        }

        async Task<(double X, double Y, double W, double H)> Box(string selector)
        {
            var b = (await page.Locator(selector).First.BoundingBoxAsync())!;
            return (b.X, b.Y, b.Width, b.Height);
        }

        var map = await Box("#map");
        var legend = await Box("#legend");
        Assert.Equal("false", await page.GetAttributeAsync("#legend-toggle", "aria-expanded"));
        Assert.True(await page.Locator("#legend-body").IsHiddenAsync());
        Assert.True(legend.W * legend.H < 0.08 * map.W * map.H, $"the folded legend covers {legend.W * legend.H / (map.W * map.H):P0} of the map");
        var zoomIn = await Box(".maplibregl-ctrl-zoom-in");
        Assert.True(legend.X + legend.W <= zoomIn.X || legend.X >= zoomIn.X + zoomIn.W, "the legend leaves the zoom buttons clear");
        var slider = await Box("#date-slider");
        Assert.True(slider.W >= 300 && slider.X >= 0 && slider.X + slider.W <= 390, $"the date slider is {slider.W} px wide at {slider.X}");

        await page.TapAsync("#legend-toggle");
        Assert.True(await page.Locator("#legend-body").IsVisibleAsync());
        await page.TapAsync("#legend-toggle");

        await SearchAsync(page, "101");
        var card = await Box("#card");
        var zoom = await Box(".maplibregl-ctrl-zoom-in");
        var timeline = await Box(".timeline");
        Assert.True(card.Y > 844 * 0.4, $"the card starts at {card.Y} px: a sheet at the bottom");
        Assert.True(card.Y + card.H <= timeline.Y + 1, "the card stops above the date bar");
        Assert.True(zoom.Y + zoom.H <= card.Y, "the card leaves the zoom buttons clear");
        Assert.True((await Box("#card-title")).Y >= card.Y, "the card's title is inside it");
        await browser.ScreenshotAsync(page, $"phone-card-{lang}");

        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('header button, header input, .timeline input, #legend-toggle, #card .close, #card-print')]
              .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
              .map(e => (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().height))
            """);
        Assert.Empty(small);

        await page.Keyboard.PressAsync("Escape");
        Assert.True(await page.Locator("#card").IsHiddenAsync());
        await page.TapAsync("#toggle-dashboard");
        await page.WaitForSelectorAsync("#dash-table tbody tr");
        var dashboard = await Box("#dashboard");
        Assert.True(dashboard.W >= 380, $"the dashboard is {dashboard.W} px wide");
        var close = await Box("#dashboard-close");
        Assert.Equal("dashboard-close", await page.EvaluateAsync<string>($"() => document.elementFromPoint({close.X + (close.W / 2)}, {close.Y + (close.H / 2)}).id"));
        await browser.ScreenshotAsync(page, $"phone-dashboard-{lang}");
        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Fact]
    public async Task A_name_with_several_matches_lists_them_with_kind_and_area_and_choosing_one_shows_its_card()
    {
        var expected = (await ApiAsync($"/api/search?q={Uri.EscapeDataString("مدرسة")}&max=12")).GetProperty("matches").EnumerateArray().ToList();
        Assert.True(expected.Count > 1, "the demo has several schools");
        var (page, errors) = await browser.OpenAsync("/");

        await SearchAsync(page, "مدرسة");

        Assert.Equal(expected.Count, await page.Locator("#card button.choice").CountAsync());
        Assert.Contains("School", await page.TextContentAsync("#card button.choice >> nth=0"), StringComparison.Ordinal);
        await page.ClickAsync("#card button.choice >> nth=1");
        string name = expected[1].GetProperty("nameEn").GetString()!;
        await page.WaitForFunctionAsync("n => document.getElementById('card-title')?.textContent === n", name);
        Assert.NotNull(await page.GetAttributeAsync("#card .status-line", "data-status"));

        await SearchAsync(page, "no such place anywhere");
        await page.WaitForFunctionAsync("() => document.getElementById('card-title').textContent.startsWith('No place matches')");
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("31.33 N 34.37 E", 31.33, 34.37)]
    [InlineData("N31.33, E34.37", 31.33, 34.37)]
    [InlineData("34.37E 31.33N", 31.33, 34.37)]
    [InlineData("31°19'48\"N 34°22'12\"E", 31.33, 34.37)]
    [InlineData("31° 19.8' N, 34° 22.2' E", 31.33, 34.37)]
    [InlineData("٣١٫٣٣ N ٣٤٫٣٧ E", 31.33, 34.37)]
    [InlineData("33.9 S 18.4 E", -33.9, 18.4)]
    public async Task Coordinates_with_hemisphere_letters_or_in_degrees_minutes_seconds_are_read(string typed, double lat, double lon)
    {
        var (page, _) = await browser.OpenAsync("/");

        var parsed = await page.EvaluateAsync<double[]>("async t => { const m = await import('/lookup.js'); const q = m.parseQuery(t); return [q.lat, q.lon]; }", typed);

        Assert.Equal(lat, parsed[0], 6);
        Assert.Equal(lon, parsed[1], 6);
    }

    [Fact]
    public async Task In_arabic_a_sites_popup_gives_its_kind_and_status_in_arabic()
    {
        var site = (await ApiAsync("/api/layers/sites")).GetProperty("features").EnumerateArray()
            .First(f => f.GetProperty("properties").GetProperty("status").GetString() == "operational");
        var at = site.GetProperty("geometry").GetProperty("coordinates");
        var (page, errors) = await browser.OpenAsync("/");
        await page.ClickAsync("#toggle-language");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'ar'");

        await page.EvaluateAsync("([lon, lat]) => { window.havenMap.jumpTo({ center: [lon, lat], zoom: 16 }); }", new[] { at[0].GetDouble(), at[1].GetDouble() });
        await page.WaitForFunctionAsync("() => window.havenMap.areTilesLoaded() && !window.havenMap.isMoving() && window.havenMap.queryRenderedFeatures({ layers: ['sites-symbol'] }).length > 0");
        var point = await page.EvaluateAsync<double[]>("([lon, lat]) => { const p = window.havenMap.project([lon, lat]); const r = document.getElementById('map').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
            new[] { at[0].GetDouble(), at[1].GetDouble() });
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        await page.WaitForSelectorAsync(".maplibregl-popup .popup");

        string popup = (await page.TextContentAsync(".maplibregl-popup .popup"))!;
        Assert.Contains("يعمل", popup, StringComparison.Ordinal);
        Assert.DoesNotContain("operational", popup, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Arabic_map_labels_hold_hyphenated_numbers_between_left_to_right_marks_and_legend_ranges_read_left_to_right()
    {
        var (page, errors) = await browser.OpenAsync("/");
        await page.ClickAsync("#toggle-language");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'ar'");

        string drawn = await page.EvaluateAsync<string>("async () => (await import('/layers.js')).labelText('نقطة مياه 102-15')");
        var sites = await page.EvaluateAsync<string[]>("() => window.havenMap.getSource('sites').serialize().data.features.map(f => f.properties.name_ar).filter(n => /\\d-\\d/.test(n))");

        Assert.Equal("نقطة مياه \u200E102-15\u200E", drawn);
        Assert.NotEmpty(sites);
        Assert.All(sites, n => Assert.Contains("\u200E", n, StringComparison.Ordinal));
        Assert.Equal("ltr", await page.GetAttributeAsync("#legend-items li.sub span[dir]", "dir"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_arabic_place_name_finds_the_place_and_titles_the_card_with_it()
    {
        var (_, last) = await DatesAsync();
        var site = (await ApiAsync("/api/layers/sites")).GetProperty("features")[0].GetProperty("properties");
        string name = site.GetProperty("name_ar").GetString()!;
        var expected = await ApiAsync($"/api/lookup?place={Uri.EscapeDataString(name)}&asOf={last}");
        var (page, errors) = await browser.OpenAsync("/");

        await SearchAsync(page, name);

        Assert.Equal(expected.GetProperty("place").GetString(), await page.TextContentAsync("#card-title"));
        Assert.Contains($"Block {expected.GetProperty("answer").GetProperty("block").GetInt32()}", await page.TextContentAsync("#card"), StringComparison.Ordinal);
        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Fact]
    public async Task Without_webgl_the_page_says_so_and_search_still_answers()
    {
        var (page, errors) = await browser.OpenAsync("/", on: await browser.WithoutWebGlAsync());

        Assert.Contains("WebGL", await page.TextContentAsync("#status"), StringComparison.Ordinal);
        await SearchAsync(page, "101");

        Assert.Equal("Block 101", await page.TextContentAsync("#card-title"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Use_my_location_looks_up_where_the_browser_says_the_person_is()
    {
        var answer = (await ApiAsync("/api/lookup?block=101")).GetProperty("answer");
        double lat = answer.GetProperty("latitude").GetDouble();
        double lon = answer.GetProperty("longitude").GetDouble();
        var (page, errors) = await browser.OpenAsync("/", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Geolocation = new Geolocation { Latitude = (float)lat, Longitude = (float)lon },
            Permissions = ["geolocation"],
        });

        await page.ClickAsync("#locate");
        await page.WaitForSelectorAsync("#card:not([hidden]) #card-title");

        Assert.Equal("Block 101", await page.TextContentAsync("#card-title"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Arabic_turns_the_page_right_to_left_with_arabic_labels_and_is_remembered()
    {
        var (page, errors) = await browser.OpenAsync("/");

        await page.ClickAsync("#toggle-language");

        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("ar", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("الطبقات", await page.TextContentAsync("#legend-title"));
        Assert.Equal("English", await page.TextContentAsync("#toggle-language"));
        string field = await page.EvaluateAsync<string>("() => JSON.stringify(window.havenMap.getLayoutProperty('areas-label', 'text-field'))");
        Assert.Contains("name_ar", field, StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => window.havenMap.queryRenderedFeatures({ layers: ['areas-label'] }).length > 0");
        var names = await page.EvaluateAsync<string[]>("() => window.havenMap.queryRenderedFeatures({ layers: ['areas-label'] }).map(f => f.properties.name_ar)");
        var expected = (await ApiAsync("/api/layers/areas")).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name_ar").GetString()).ToList();
        Assert.All(names, n => Assert.Contains(n, expected));
        Assert.All(names, n => Assert.Matches(@"\p{IsArabic}", n));

        await SearchAsync(page, "101");
        Assert.Equal("بلوك 101", await page.TextContentAsync("#card-title"));
        await page.WaitForFunctionAsync("() => window.havenMap.areTilesLoaded() && !window.havenMap.isMoving()");
        await browser.ScreenshotAsync(page, "map-arabic");

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Fact]
    public async Task The_dashboard_shows_each_area_with_charts_and_downloads_what_it_shows()
    {
        var (_, last) = await DatesAsync();
        var trends = (await ApiAsync("/api/planning/trends")).EnumerateArray().ToList();
        var latest = trends.Where(t => string.CompareOrdinal(t.GetProperty("date").GetString(), last) <= 0)
            .GroupBy(t => t.GetProperty("code").GetString()!).ToDictionary(g => g.Key, g => g.MaxBy(t => t.GetProperty("date").GetString())!);
        var (page, errors) = await browser.OpenAsync("/");

        await page.ClickAsync("#toggle-dashboard");
        await page.WaitForSelectorAsync("#dash-table tbody tr");

        var rows = page.Locator("#dash-table tbody tr");
        Assert.Equal(latest.Count, await rows.CountAsync());
        foreach (var (code, row) in latest)
        {
            string people = (await page.Locator($"#dash-table tr[data-area='{code}'] td").Nth(2).TextContentAsync())!;
            Assert.Equal(row.GetProperty("people").GetInt64().ToString("N0", CultureInfo.InvariantCulture), people);
        }

        // UNOSAT's damaged sites (the demo's synthetic layer) beside the radar's share: the count and the date it was read, "—" where none was seen.
        foreach (var (code, row) in latest)
        {
            string unosat = (await page.Locator($"#dash-table tr[data-area='{code}'] td").Nth(7).TextContentAsync())!;
            var damaged = row.GetProperty("unosatDamaged");
            Assert.Equal(damaged.ValueKind == JsonValueKind.Null ? "—" : $"{damaged.GetInt32().ToString("N0", CultureInfo.InvariantCulture)} ({row.GetProperty("unosatDate").GetString()})", unosat);
        }

        Assert.Contains(latest.Values, row => row.GetProperty("unosatDamaged").ValueKind == JsonValueKind.Number);

        // Only the space column is marked when an area is below the standard.
        var marked = await page.Locator("#dash-table td.below").EvaluateAllAsync<int[]>("cells => cells.map(c => c.cellIndex)");
        int below = latest.Values.Count(r => r.GetProperty("usableM2PerPerson").ValueKind == JsonValueKind.Number
            && r.GetProperty("usableM2PerPerson").GetDouble() < r.GetProperty("standardM2PerPerson").GetDouble());
        Assert.Equal(Enumerable.Repeat(7, below), marked);
        // Displaced in and out stand in columns of their own, each under its own heading in both languages.
        Assert.Equal(["dashDisplacedIn", "dashDisplacedOut"], (await page.Locator("#dash-table thead th").AllTextContentsAsync()).Skip(4).Take(2)
            .Select(h => h == "Displaced here (in)" ? "dashDisplacedIn" : h == "Displaced away (out)" ? "dashDisplacedOut" : h));
        Assert.Equal(4, await page.Locator("#dash-charts svg").CountAsync());
        Assert.Equal(latest.Count, await page.Locator("#dash-charts figure").Nth(2).Locator("path[data-area]").CountAsync());
        await browser.ScreenshotAsync(page, "dashboard");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        string text = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync((await csv.PathAsync())!)).Take(3)); // UTF-8 byte order mark
        var lines = text.TrimStart('\uFEFF').Trim().Split('\n');
        Assert.StartsWith("code,name,name_ar,date,structures", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("unosat_sites,unosat_damaged,unosat_date,unosat_layer", lines[0], StringComparison.Ordinal);
        Assert.Equal(latest.Count + 2, lines.Length); // header, HXL row, one row per area
        // Every column of the table's CSV has the name and HXL tag the server's CSV gives the same figure.
        var server = (await ApiTextAsync("/api/planning/trends?format=csv")).TrimStart('\uFEFF').Split('\n');
        var serverTags = server[0].Split(',').Zip(server[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
        foreach (var (header, tag) in lines[0].Split(',').Zip(lines[1].Split(',')))
        {
            Assert.Equal(serverTags[header], tag);
        }

        var geo = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-geojson"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync((await geo.PathAsync())!));
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(latest.Count, features.Count);
        foreach (var f in features)
        {
            string code = f.GetProperty("properties").GetProperty("code").GetString()!;
            Assert.Equal(latest[code].GetProperty("people").GetInt64(), f.GetProperty("properties").GetProperty("people").GetInt64());
            Assert.EndsWith("Polygon", f.GetProperty("geometry").GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(errors);
        AssertNothingLeftTheOrigin();
    }

    [Fact]
    public async Task The_dashboard_charts_trucks_a_day_per_source_and_crossing_against_500_and_kcal_per_person_against_2100_and_the_map_draws_each_crossing_with_its_trucks()
    {
        var deliveries = await ApiAsync("/api/planning/aid/deliveries?by=week,crossing");
        var lines = deliveries.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("destination").GetString() == "strip")
            .Select(r => $"{r.GetProperty("source").GetString()} · {r.GetProperty("crossing").GetString()}").Distinct().Order(StringComparer.Ordinal).ToList();
        var gap = await ApiAsync("/api/planning/aid/gap?scope=strip&by=month");
        var (page, errors) = await browser.OpenAsync("/");

        await page.ClickAsync("#toggle-dashboard");
        await page.WaitForSelectorAsync("#dash-aid svg");

        var charts = page.Locator("#dash-aid figure");
        Assert.Equal(2, await charts.CountAsync());
        Assert.Equal(lines, (await charts.Nth(0).Locator("path[data-series]").EvaluateAllAsync<string[]>("paths => paths.map(p => p.dataset.series)")).Order(StringComparer.Ordinal));
        Assert.Equal("500", await charts.Nth(0).Locator("line[data-reference]").GetAttributeAsync("data-reference"));
        Assert.Contains("500 trucks entered Gaza each working day", await charts.Nth(0).Locator(".chart-note").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("2100", await charts.Nth(1).Locator("line[data-reference]").GetAttributeAsync("data-reference"));
        Assert.Equal(gap.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("source").GetString()).Distinct().Count(), await charts.Nth(1).Locator("path[data-series]").CountAsync());
        await page.Locator("#dash-aid").ScrollIntoViewIfNeededAsync();
        await browser.ScreenshotAsync(page, "dashboard-aid");

        // Each crossing the store holds is drawn, and its popup gives the trucks each source recorded in the 30 days to the date.
        string asOf = await page.EvaluateAsync<string>("() => document.getElementById('as-of').value");
        var crossings = (await ApiAsync($"/api/layers/crossings?asOf={asOf}")).GetProperty("features").EnumerateArray().ToList();
        await page.Keyboard.PressAsync("Escape");
        var busiest = crossings.MaxBy(f => f.GetProperty("properties").GetProperty("trucks_largest_source").GetDouble());
        var at = busiest.GetProperty("geometry").GetProperty("coordinates");
        await page.EvaluateAsync("([lon, lat]) => { window.havenMap.jumpTo({ center: [lon, lat], zoom: 12 }); }", new[] { at[0].GetDouble(), at[1].GetDouble() });
        await page.WaitForFunctionAsync("() => window.havenMap.areTilesLoaded() && !window.havenMap.isMoving() && window.havenMap.queryRenderedFeatures({ layers: ['crossings-circle'] }).length > 0");
        Assert.Equal(crossings.Count, await page.EvaluateAsync<int>("() => window.havenMap.getSource('crossings').serialize().data.features.length"));
        var point = await page.EvaluateAsync<double[]>("([lon, lat]) => { const p = window.havenMap.project([lon, lat]); return [p.x, p.y]; }", new[] { at[0].GetDouble(), at[1].GetDouble() });
        await page.Locator("#map").ClickAsync(new LocatorClickOptions { Position = new Position { X = (float)point[0], Y = (float)point[1] } });
        string popup = (await page.Locator(".popup").TextContentAsync())!;
        Assert.Contains(busiest.GetProperty("properties").GetProperty("name_en").GetString()!, popup, StringComparison.Ordinal);
        Assert.Contains(busiest.GetProperty("properties").GetProperty("trucks").GetString()!, popup, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_printable_sheet_for_a_block_carries_its_bulletin_map_and_the_publication_fingerprint()
    {
        var (_, last) = await DatesAsync();
        var lookup = await ApiAsync($"/api/lookup?block=101&asOf={last}");
        string fingerprint = (await ApiAsync("/api/publication-key")).GetProperty("fingerprint").GetString()!;

        var (page, errors) = await browser.OpenAsync($"/print.html?block=101&asOf={last}&lang=en");

        Assert.Equal("Block 101", await page.TextContentAsync("#sheet-title"));
        Assert.Equal(fingerprint, await page.TextContentAsync("#fingerprint"));
        string bulletin = (await page.TextContentAsync("#sheet-bulletin"))!;
        Assert.Contains(lookup.GetProperty("bulletinEn").GetString()!.Split('\n')[0], bulletin, StringComparison.Ordinal);
        Assert.StartsWith("data:image/png", await page.GetAttributeAsync("#sheet-map-image", "src"), StringComparison.Ordinal);
        // A map product: legend, scale bar and north arrow; the picture at 200 dpi or more over its printed width; printing
        // offered only once it has drawn; the order's instruction when the block is under one.
        Assert.True(await page.IsEnabledAsync("#print"));
        Assert.True(await page.Locator("#sheet-legend li").CountAsync() >= 8);
        Assert.Contains("Under evacuation order", await page.TextContentAsync("#sheet-legend"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#sheet-scale").IsVisibleAsync() && await page.Locator("#sheet-north").IsVisibleAsync());
        Assert.Matches(@"^\d+ (m|km)$", (await page.TextContentAsync("#sheet-scale .label"))!);
        int pixelsWide = int.Parse((await page.GetAttributeAsync("#sheet-map-image", "data-pixels"))!.Split('x')[0], CultureInfo.InvariantCulture);
        double printedInches = (await page.Locator("#sheet-map-image").BoundingBoxAsync())!.Width / 96.0;
        Assert.True(pixelsWide / printedInches >= 200, $"{pixelsWide / printedInches:F0} dpi");
        if (lookup.GetProperty("answer").GetProperty("underOrder").ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(lookup.GetProperty("answer").GetProperty("underOrder").GetProperty("statusEn").GetString(), await page.TextContentAsync("#sheet-bulletin .instruction"));
        }

        await browser.ScreenshotAsync(page, "sheet-block-101");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", Path = Path.Combine(browser.Screenshots, "sheet-block-101.pdf") });
        Assert.True(pdf.Length > 10_000);
        Assert.Equal(1, PdfPages(pdf));

        string zone = (await ApiAsync($"/api/layers/zones?asOf={last}")).GetProperty("features")[0].GetProperty("properties").GetProperty("id").GetString()!;
        var (arabic, arabicErrors) = await browser.OpenAsync($"/print.html?zone={Uri.EscapeDataString(zone)}&asOf={last}&lang=ar");
        Assert.Equal("rtl", await arabic.GetAttributeAsync("html", "dir"));
        Assert.Matches(@"\p{IsArabic}", (await arabic.TextContentAsync("#sheet-title"))!);
        Assert.Equal(fingerprint, await arabic.TextContentAsync("#fingerprint"));
        Assert.Contains("منطقة محمية", await arabic.TextContentAsync("#sheet-bulletin .status"), StringComparison.Ordinal);
        Assert.Equal(0, await arabic.Locator("#sheet-bulletin .instruction").CountAsync());
        await browser.ScreenshotAsync(arabic, "sheet-zone-arabic");
        Assert.Equal(1, PdfPages(await arabic.PdfAsync(new PagePdfOptions { Format = "A4", Path = Path.Combine(browser.Screenshots, "sheet-zone-arabic.pdf") })));

        // Without asOf, the sheet is of the data's last date, not of today.
        var (undated, undatedErrors) = await browser.OpenAsync("/print.html?block=101&lang=en");
        Assert.Contains(DateOnly.ParseExact(last, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d MMMM yyyy", CultureInfo.InvariantCulture), await undated.TextContentAsync("#sheet-date"), StringComparison.Ordinal);
        Assert.Empty(undatedErrors);

        Assert.Empty(errors);
        Assert.Empty(arabicErrors);
        AssertNothingLeftTheOrigin();
    }

    /// <summary>axe-core, installed by npm from web/package.json (.ci/run runs npm ci there).</summary>
    private static string AxeScript()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "web", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{Path.GetFullPath(path)} is missing: run npm ci in web/ (as .ci/run does) to install axe-core.");
    }

    /// <summary>The serious and critical violations axe finds on the page as it stands, as "rule: target" lines.</summary>
    private static async Task<string[]> AxeAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeScript() });
        return await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ["violations"] });
              return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(" ")}`));
            }
            """);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task Axe_finds_no_serious_or_critical_violation_on_the_map_card_dashboard_and_sheets(string lang)
    {
        var (_, last) = await DatesAsync();
        var (page, errors) = await browser.OpenAsync("/");
        if (lang == "ar")
        {
            await page.ClickAsync("#toggle-language");
            await page.WaitForFunctionAsync("() => document.documentElement.lang === 'ar'");
        }

        Assert.Empty(await AxeAsync(page));
        await SearchAsync(page, "101");
        Assert.Empty(await AxeAsync(page));
        await page.ClickAsync("#toggle-dashboard");
        await page.WaitForSelectorAsync("#dash-table tbody tr");
        Assert.Empty(await AxeAsync(page));

        var (block, _) = await browser.OpenAsync($"/print.html?block=101&asOf={last}&lang={lang}");
        Assert.Empty(await AxeAsync(block));
        string zone = (await ApiAsync($"/api/layers/zones?asOf={last}")).GetProperty("features")[0].GetProperty("properties").GetProperty("id").GetString()!;
        var (zoneSheet, _) = await browser.OpenAsync($"/print.html?zone={Uri.EscapeDataString(zone)}&asOf={last}&lang={lang}");
        Assert.Empty(await AxeAsync(zoneSheet));
        Assert.Empty(errors);
    }
}
