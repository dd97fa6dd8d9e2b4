using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Haven.Storage.Access;

namespace Haven.Server.Tests.BadInputs;

/// <summary>
/// The bad-input corpus over HTTP: every case gets its 4xx as application/problem+json with a stable code and a
/// detail naming the field, parameter or file, never a 500 or a stack trace, and leaves the store and its audit
/// log as they were.
/// </summary>
public sealed class HttpBadInputTests(HttpBadInputFixture fixture) : IClassFixture<HttpBadInputFixture>
{
    /// <summary>A request (a body of text, or of the corpus file named after '@'), the status and code expected, and what the detail must name.</summary>
    public sealed record BadRequest(string Name, string Method, string Path, Role Role, string? Body, string? ContentType, int Status, string? Code, string Names);

    private const string Json = "application/json";
    private const string Geo = "application/geo+json";

    private static string Square(string properties) =>
        $$$"""{"type":"Feature","properties":{{{{properties}}}},"geometry":{"type":"Polygon","coordinates":[[[34.30,31.40],[34.31,31.40],[34.31,31.41],[34.30,31.41],[34.30,31.40]]]}}""";

    private static string Point(string properties) =>
        $$$"""{"type":"Feature","properties":{{{{properties}}}},"geometry":{"type":"Point","coordinates":[34.31,31.41]}}""";

    private const string Site = "\"kind\":\"clinic\",\"name_en\":\"Synthetic clinic\",\"name_ar\":\"عيادة\",\"status\":\"open\",\"status_since\":\"2024-01-01\"";
    private const string Zone = "\"name_en\":\"Synthetic zone\",\"name_ar\":\"منطقة\",\"valid_from\":\"2024-01-01\"";

    public static IEnumerable<BadRequest> All()
    {
        // Lookups.
        foreach (var (q, names) in new[]
        {
            ("lat=NaN&lon=NaN", "lat"), ("lat=31.4&lon=Infinity", "lat"), ("lat=-Infinity&lon=34.3", "lat"), ("lat=91&lon=34.3", "lat"),
            ("lat=31.4&lon=181", "lon"), ("lat=abc&lon=34.3", "lat"), ("lat=31.4&lon=1e400", "lon"), ("block=abc", "block"),
            ("block=99999999999", "block"), ("asOf=2023-02-30&block=101", "asOf"), ("asOf=yesterday&lat=31.4&lon=34.3", "asOf"), ("", "lat and lon"),
            ("place=" + new string('x', 300), "place"), ("place=%00bell", "place"),
        })
        {
            yield return new($"lookup {q[..Math.Min(q.Length, 40)]}", "GET", "/api/lookup?" + q, Role.Anonymous, null, null, 400, null, names);
        }

        yield return new("lookup of a block that does not exist", "GET", "/api/lookup?block=987654", Role.Anonymous, null, null, 404, "lookup.unknown_block", "987654");
        yield return new("lookup of a place that does not exist", "GET", "/api/lookup?place=Atlantis", Role.Anonymous, null, null, 404, "lookup.unknown_place", "Atlantis");

        // Layers, tiles, assessments read back.
        foreach (string bbox in new[] { "NaN,NaN,NaN,NaN", "1,2,3", "10,10,0,0", "-Infinity,0,Infinity,1", "a,b,c,d", "-200,0,0,1", "1,2,3,4,5" })
        {
            yield return new($"buildings layer in bbox {bbox}", "GET", $"/api/layers/buildings?bbox={bbox}", Role.Anonymous, null, null, 400, "query.bbox", "bbox");
        }

        yield return new("a layer that does not exist", "GET", "/api/layers/castles", Role.Anonymous, null, null, 404, "layer.unknown", "castles");
        yield return new("orders layer as of a date that is not one", "GET", "/api/layers/orders?asOf=2023-13-01", Role.Anonymous, null, null, 400, "query.as_of", "asOf");
        yield return new("tiles of a layer that does not exist", "GET", "/tiles/castles/12/2000/1500.mvt", Role.Anonymous, null, null, 404, null, "castles");
        yield return new("tiles at zoom 40", "GET", "/tiles/blocks/40/0/0.mvt", Role.Anonymous, null, null, 404, null, "zoom");
        yield return new("tiles outside the zoom's grid", "GET", "/tiles/blocks/12/999999/0.mvt", Role.Anonymous, null, null, 404, null, "x");
        yield return new("tiles as of a date that is not one", "GET", "/tiles/blocks/12/2000/1500.mvt?asOf=soon", Role.Anonymous, null, null, 400, "query.as_of", "asOf");
        yield return new("areas of an assessment that does not exist", "GET", "/api/assessments/no-such-run/areas", Role.Anonymous, null, null, 404, null, "no-such-run");
        yield return new("buildings of an assessment in a NaN bbox", "GET", "/api/assessments/latest/buildings?bbox=NaN,0,1,1", Role.Anonymous, null, null, 400, "query.bbox", "bbox");
        yield return new("status of an assessment that does not exist", "GET", "/api/assessments/no-such-run", Role.Analyst, null, null, 404, null, "no-such-run");

        // Planning answers.
        yield return new("capacity as of a date that is not one", "GET", "/api/planning/capacity?asOf=31-12-2023", Role.Anonymous, null, null, 400, "query.as_of", "asOf");
        yield return new("capacity of negative people in a zone", "GET", "/api/planning/capacity?asOf=2023-11-10&zone=SS-HZ-1&people=-5", Role.Anonymous, null, null, 400, null, "people");
        yield return new("capacity of people in words", "GET", "/api/planning/capacity?asOf=2023-11-10&zone=SS-HZ-1&people=many", Role.Anonymous, null, null, 400, null, "people");
        yield return new("capacity of an area that does not exist", "GET", "/api/planning/capacity?asOf=2023-11-10&area=ZZ99", Role.Anonymous, null, null, 404, null, "ZZ99");
        yield return new("capacity in a format that does not exist", "GET", "/api/planning/capacity?asOf=2023-11-10&format=xml", Role.Anonymous, null, null, 400, null, "xml");
        yield return new("return from an area that does not exist", "GET", "/api/planning/return?from=ZZ98&to=SS01&asOf=2023-11-10", Role.Anonymous, null, null, 422, null, "ZZ98");
        yield return new("return of negative people", "GET", "/api/planning/return?from=SS01&to=SS02&people=-1&asOf=2023-11-10", Role.Anonymous, null, null, 400, null, "people");
        yield return new("return without a destination", "GET", "/api/planning/return?from=SS01&asOf=2023-11-10", Role.Anonymous, null, null, 400, null, "to");
        yield return new("an aid plan of NaN tonnes", "GET", "/api/planning/aid/plan?asOf=2023-11-10&available=NaN", Role.Anonymous, null, null, 422, null, "available");
        yield return new("an aid plan of an unknown commodity", "GET", "/api/planning/aid/plan?asOf=2023-11-10&commodity=gold", Role.Anonymous, null, null, 422, null, "gold");
        yield return new("trends from a date that is not one", "GET", "/api/planning/trends?from=soon&to=2024-01-01", Role.Anonymous, null, null, 400, null, "from");
        yield return new("trends ending before they start", "GET", "/api/planning/trends?from=2024-01-01&to=2023-01-01", Role.Anonymous, null, null, 400, null, "to");

        // Histories and publications.
        yield return new("history of a block in words", "GET", "/api/history/block/many", Role.Anonymous, null, null, 404, null, "");
        yield return new("history of a zone that does not exist", "GET", "/api/history/zone/no-such-zone", Role.Anonymous, null, null, 404, null, "no-such-zone");
        yield return new("history of a site that does not exist", "GET", "/api/history/site/no-such-site", Role.Anonymous, null, null, 404, null, "no-such-site");
        yield return new("a publication that does not exist", "GET", "/api/publications/999", Role.Anonymous, null, null, 404, null, "999");
        yield return new("a publication notice in a language Haven does not write", "GET", "/api/publications/1/notice?lang=fr", Role.Anonymous, null, null, 400, null, "lang");

        // SMS.
        yield return new("SMS of JSON that does not parse", "POST", "/api/sms", Role.Anonymous, "{\"text\": ", Json, 400, "sms.body", "JSON");
        yield return new("SMS of JSON with a lone surrogate", "POST", "/api/sms", Role.Anonymous, "{\"text\": \"BLOCK \\ud800\"}", Json, 400, "sms.body", "JSON");
        yield return new("SMS of plain text that is not UTF-8", "POST", "/api/sms", Role.Anonymous, "@invalid-utf8.csv", "text/plain", 400, "text.utf8", "byte");
        yield return new("SMS of 17 KB", "POST", "/api/sms", Role.Anonymous, new string('a', 17 * 1024), "text/plain", 413, null, "16,384");
        yield return new("SMS of a multipart form without a boundary", "POST", "/api/sms", Role.Anonymous, "text=BLOCK 101", "multipart/form-data", 400, null, "form");
        yield return new("SMS with a date that is not one", "POST", "/api/sms", Role.Anonymous, "{\"text\": \"BLOCK 101\", \"asOf\": \"2023-02-30\"}", Json, 400, null, "asOf");
        yield return new("SMS with no text", "POST", "/api/sms", Role.Anonymous, "{}", Json, 400, null, "text");

        // Imports.
        foreach (string kind in new[] { "blocks", "orders", "health", "zone", "areas", "buildings" })
        {
            yield return new($"import {kind} that is not JSON", "POST", $"/api/import/{kind}", Role.Analyst, "@not-json.geojson", Geo, 400, "geojson.malformed", "JSON");
            yield return new($"import {kind} that is not UTF-8", "POST", $"/api/import/{kind}", Role.Analyst, "@invalid-utf8.geojson", Geo, 400, "text.utf8", "byte");
            yield return new($"import {kind} sent as text/plain", "POST", $"/api/import/{kind}", Role.Analyst, "@zone-point.geojson", "text/plain", 415, "body.media_type", "text/plain");
            yield return new($"import {kind} sent as text/xml", "POST", $"/api/import/{kind}", Role.Analyst, "@zone-point.geojson", "text/xml", 415, "body.media_type", "text/xml");
            yield return new($"import {kind} of nothing", "POST", $"/api/import/{kind}", Role.Analyst, "", Geo, 400, "geojson.malformed", "JSON");
            yield return new($"import {kind} nested 300 deep", "POST", $"/api/import/{kind}", Role.Analyst, "@deep-nesting.geojson", Geo, 400, "geojson.malformed", "JSON");
            yield return new($"import {kind} of 1.2 MB", "POST", $"/api/import/{kind}", Role.Analyst, " " + new string(' ', 1_200_000) + "{}", Geo, 413, "body.too_large", "1,000,000");
        }

        // Aid records: the file as the body, a workbook or CSV whatever the content type says.
        yield return new("import aid that is not UTF-8", "POST", "/api/import/aid?name=invalid-utf8.csv", Role.Analyst, "@invalid-utf8.csv", "text/csv", 422, "text.utf8", "invalid-utf8.csv");
        yield return new("import aid of a zip that is no workbook", "POST", "/api/import/aid?name=broken.xlsx", Role.Analyst, "@broken-shapefile.zip", "application/octet-stream", 422, "aid.workbook", "broken.xlsx");
        yield return new("import aid of columns Haven does not know", "POST", "/api/import/aid?name=points.csv", Role.Analyst, "@points-no-columns.csv", "text/csv", 422, "aid.format", "points.csv");
        yield return new("import aid to a region without naming it", "POST", "/api/import/aid?name=north.csv", Role.Analyst, "@aid-period-without-region.csv", "text/csv", 400, "aid.region", "region=");
        yield return new("import aid of nothing", "POST", "/api/import/aid", Role.Analyst, "", "text/csv", 422, null, "request body");
        yield return new("import aid of 1.2 MB", "POST", "/api/import/aid", Role.Analyst, new string('x', 1_200_000), "text/csv", 413, "body.too_large", "1,000,000");
        yield return new("aid deliveries by fortnight", "GET", "/api/planning/aid/deliveries?by=fortnight", Role.Anonymous, null, null, 400, "aid.by", "fortnight");
        yield return new("aid deliveries from a date that is not one", "GET", "/api/planning/aid/deliveries?from=soon", Role.Anonymous, null, null, 400, "query.dates", "from");
        yield return new("aid gap for a scope with no records", "GET", "/api/planning/aid/gap?scope=mars", Role.Anonymous, null, null, 422, "aid.scope", "mars");
        yield return new("aid gap by crossing", "GET", "/api/planning/aid/gap?by=crossing", Role.Anonymous, null, null, 400, "query.by", "crossing");
        yield return new("aid gap in a format that does not exist", "GET", "/api/planning/aid/gap?format=xml", Role.Anonymous, null, null, 400, "query.format", "xml");

        yield return new("import a kind that does not exist", "POST", "/api/import/castles", Role.Analyst, "@zone-point.geojson", Geo, 404, "import.kind", "castles");
        yield return new("import as of a date that is not one", "POST", "/api/import/health?asOf=2023-02-30", Role.Analyst, "@zone-point.geojson", Geo, 400, "query.as_of", "asOf");
        yield return new("import a site name with a lone surrogate", "POST", "/api/import/health", Role.Analyst, "@lone-surrogate-site.geojson", Geo, 422, null, "surrogate");
        yield return new("import a site name with NUL", "POST", "/api/import/health", Role.Analyst, "@nul-site.geojson", Geo, 422, null, "name_en");
        yield return new("import an order lifted before it takes effect", "POST", "/api/import/orders", Role.Analyst, "@order-lifted-before-effective.geojson", Geo, 422, null, "lifted_on");
        yield return new("import an order naming a block that does not exist", "POST", "/api/import/orders", Role.Analyst, "@order-unknown-block.geojson", Geo, 422, null, "987654");
        yield return new("import an order in the year 9999", "POST", "/api/import/orders", Role.Analyst, "@order-year-9999.geojson", Geo, 422, null, "issued_at");
        yield return new("import a zone that ends before it starts", "POST", "/api/import/zone", Role.Analyst, "@zone-ends-before-start.geojson", Geo, 422, null, "valid_to");
        yield return new("import a building in a block that does not exist", "POST", "/api/import/buildings", Role.Analyst, "@building-unknown-block.geojson", Geo, 422, null, "987654");
        yield return new("import a building with a negative area", "POST", "/api/import/buildings", Role.Analyst, "@building-negative-area.geojson", Geo, 422, null, "area_m2");
        yield return new("import an area code with a control character", "POST", "/api/import/areas", Role.Analyst, "@area-unknown-parent-text.geojson", Geo, 422, null, "pcode");
        yield return new("import a block numbered in words", "POST", "/api/import/blocks", Role.Analyst, "@block-string-number.geojson", Geo, 422, null, "twelve");
        yield return new("import an ArcGIS order with a date in words", "POST", "/api/import/orders", Role.Analyst, "@arcgis-order-bad-date.geojson", Geo, 422, null, "the day after tomorrow");
        yield return new("import a health facility of an unknown kind", "POST", "/api/import/health", Role.Analyst, "@health-unknown-amenity.geojson", Geo, 422, null, "casino");
        yield return new("import coordinates outside the globe", "POST", "/api/import/blocks", Role.Analyst, "@out-of-range.geojson", Geo, 422, null, "longitude");
        yield return new("import coordinates written as strings", "POST", "/api/import/health", Role.Analyst, "@nan-coordinates.geojson", Geo, 422, null, "position");
        yield return new("import a feature without geometry", "POST", "/api/import/blocks", Role.Analyst, "@no-geometry.geojson", Geo, 422, null, "geometry");

        // Edits of orders.
        string order = "/api/orders/o-corpus";
        foreach (var (body, names) in new[]
        {
            ("{\"effective_from\":\"2023-11-02\",\"lifted_on\":\"2023-10-01\",\"blocks\":[101]}", "lifted_on"),
            ("{\"effective_from\":\"2023-11-02\",\"lifted_on\":\"2023-11-02\",\"blocks\":[101]}", "lifted_on"),
            ("{\"effective_from\":\"2023-11-02\",\"lifted_on\":\"soon\",\"blocks\":[101]}", "lifted_on"),
            ("{\"effective_from\":\"2023-11-02\",\"issued_at\":\"garbage\",\"blocks\":[101]}", "issued_at"),
            ("{\"effective_from\":\"2023-11-02\",\"issued_at\":\"9999-01-01T00:00:00Z\",\"blocks\":[101]}", "issued_at"),
            ("{\"effective_from\":\"2023-11-02\",\"blocks\":[987654]}", "987654"),
            ("{\"effective_from\":\"2023-11-02\",\"blocks\":[\"abc\"]}", "blocks"),
            ("{\"effective_from\":\"2023-11-02\",\"blocks\":[]}", "blocks"),
            ("{\"effective_from\":\"2023-11-02\",\"blocks\":101}", "blocks"),
            ("{\"blocks\":[101]}", "effective_from"),
            ("{\"effective_from\":\"2023-02-30\",\"blocks\":[101]}", "effective_from"),
            ("{\"effective_from\":\"2023-11-02\",\"blocks\":[101],\"status_en\":\"Evacuate\\u0000now\"}", "status_en"),
            ("{\"effective_from\":\"2023-11-02\",\"blocks\":[101],\"status_ar\":\"\\u0007\"}", "status_ar"),
        })
        {
            yield return new($"order {body}", "PUT", order, Role.Coordinator, body, Json, 422, "order.invalid", names);
        }

        yield return new("order with a lone surrogate", "PUT", order, Role.Coordinator, "{\"effective_from\":\"2023-11-02\",\"blocks\":[101],\"status_en\":\"\\udc00\"}", Json, 400, "text.surrogate", "surrogate");
        yield return new("order that is not JSON", "PUT", order, Role.Coordinator, "{\"effective_from\":", Json, 400, "body.malformed", "JSON");
        yield return new("order that is a JSON array", "PUT", order, Role.Coordinator, "[1,2,3]", Json, 400, "body.not_object", "object");
        yield return new("order sent as text/plain", "PUT", order, Role.Coordinator, "{\"effective_from\":\"2023-11-02\",\"blocks\":[101]}", "text/plain", 415, "body.media_type", "text/plain");
        yield return new("order that is not UTF-8", "PUT", order, Role.Coordinator, "@invalid-utf8.geojson", Json, 400, "text.utf8", "byte");
        yield return new("order with an id of 300 characters", "PUT", "/api/orders/" + new string('o', 300), Role.Coordinator, "{\"effective_from\":\"2023-11-02\",\"blocks\":[101]}", Json, 400, "edit.id", "id");
        yield return new("order of 70 KB", "PUT", order, Role.Coordinator, "{\"effective_from\":\"2023-11-02\",\"blocks\":[101],\"source\":\"" + new string('s', 70_000) + "\"}", Json, 413, "body.too_large", "60,000");

        // Edits of zones.
        string zone = "/api/zones/z-corpus";
        yield return new("zone drawn as a point", "PUT", zone, Role.Coordinator, Point(Zone), Geo, 422, "zone.invalid", "Polygon");
        yield return new("zone that ends before it starts", "PUT", zone, Role.Coordinator, Square(Zone + ",\"valid_to\":\"2023-12-01\""), Geo, 422, "zone.invalid", "valid_to");
        yield return new("zone that ends on a date that is not one", "PUT", zone, Role.Coordinator, Square(Zone + ",\"valid_to\":\"never\""), Geo, 422, "zone.invalid", "valid_to");
        yield return new("zone without an Arabic name", "PUT", zone, Role.Coordinator, Square("\"name_en\":\"Z\",\"valid_from\":\"2024-01-01\""), Geo, 422, "zone.invalid", "name_ar");
        yield return new("zone from a date that is not one", "PUT", zone, Role.Coordinator, Square("\"name_en\":\"Z\",\"name_ar\":\"ز\",\"valid_from\":\"2024-02-30\""), Geo, 422, "zone.invalid", "valid_from");
        yield return new("zone named with NUL", "PUT", zone, Role.Coordinator, Square("\"name_en\":\"Z\\u0000\",\"name_ar\":\"ز\",\"valid_from\":\"2024-01-01\""), Geo, 422, "zone.invalid", "name_en");
        yield return new("zone named with a lone surrogate", "PUT", zone, Role.Coordinator, Square("\"name_en\":\"Z\\ud800\",\"name_ar\":\"ز\",\"valid_from\":\"2024-01-01\""), Geo, 422, null, "surrogate");
        yield return new("zone as two features", "PUT", zone, Role.Coordinator, "{\"type\":\"FeatureCollection\",\"features\":[" + Square(Zone) + "," + Square(Zone) + "]}", Geo, 422, "edit.features", "found 2");
        yield return new("zone without geometry", "PUT", zone, Role.Coordinator, "{\"type\":\"Feature\",\"properties\":{" + Zone + "},\"geometry\":null}", Geo, 422, null, "geometry");
        yield return new("zone that is not UTF-8", "PUT", zone, Role.Coordinator, "@invalid-utf8.geojson", Geo, 400, "text.utf8", "byte");
        yield return new("zone sent as text/xml", "PUT", zone, Role.Coordinator, Square(Zone), "text/xml", 415, "body.media_type", "text/xml");

        // Edits of sites.
        string site = "/api/sites/s-corpus";
        yield return new("site drawn as a polygon", "PUT", site, Role.Coordinator, Square(Site), Geo, 422, "site.invalid", "Point");
        yield return new("site of an unknown kind", "PUT", site, Role.Coordinator, Point(Site.Replace("clinic", "casino", StringComparison.Ordinal)), Geo, 422, "site.invalid", "casino");
        yield return new("site whose status has no date", "PUT", site, Role.Coordinator, Point(Site.Replace("2024-01-01", "lately", StringComparison.Ordinal)), Geo, 422, "site.invalid", "status_since");
        yield return new("site named with NUL", "PUT", site, Role.Coordinator, Point(Site.Replace("Synthetic clinic", "Clinic\\u0000", StringComparison.Ordinal)), Geo, 422, "site.invalid", "name_en");
        yield return new("site named with a lone surrogate", "PUT", site, Role.Coordinator, Point(Site.Replace("Synthetic clinic", "Clinic\\udfff", StringComparison.Ordinal)), Geo, 422, null, "surrogate");
        yield return new("site with a status of control characters", "PUT", site, Role.Coordinator, Point(Site.Replace("\"open\"", "\"\\u001b[31m\"", StringComparison.Ordinal)), Geo, 422, "site.invalid", "status");
        yield return new("site at coordinates off the globe", "PUT", site, Role.Coordinator, Point(Site).Replace("[34.31,31.41]", "[340.1,31.41]", StringComparison.Ordinal), Geo, 422, null, "longitude");
        yield return new("site of 70 KB", "PUT", site, Role.Coordinator, Point(Site.Replace("Synthetic clinic", new string('c', 70_000), StringComparison.Ordinal)), Geo, 413, "body.too_large", "60,000");

        // Publishing, keys, the audit log.
        yield return new("publish as of a date that is not one", "POST", "/api/publications", Role.Coordinator, "{\"asOf\":\"2024-13-01\"}", Json, 400, "query.as_of", "asOf");
        yield return new("publish with a body that is not JSON", "POST", "/api/publications", Role.Coordinator, "{\"asOf\":", Json, 400, "publish.body", "JSON");
        yield return new("publish with a text/plain body", "POST", "/api/publications", Role.Coordinator, "asOf=2024-01-01", "text/plain", 415, "body.media_type", "text/plain");
        yield return new("a key of no role", "POST", "/api/keys", Role.Admin, "{\"role\":\"root\"}", Json, 422, "key.role", "root");
        yield return new("a key name of 300 characters", "POST", "/api/keys", Role.Admin, "{\"role\":\"analyst\",\"name\":\"" + new string('k', 300) + "\"}", Json, 422, "key.name", "name");
        yield return new("a key name with a control character", "POST", "/api/keys", Role.Admin, "{\"role\":\"analyst\",\"name\":\"bell\\u0007\"}", Json, 422, "text.control", "name");
        yield return new("a key request that is not JSON", "POST", "/api/keys", Role.Admin, "{\"role\":", Json, 400, null, "NewKeyRequest");
        yield return new("a key request sent as text/plain", "POST", "/api/keys", Role.Admin, "role=analyst", "text/plain", 415, null, "");
        yield return new("revoking a key that does not exist", "DELETE", "/api/keys/nosuchkey", Role.Admin, null, null, 404, "key.not_found", "nosuchkey");
        yield return new("the audit log with a limit of 0", "GET", "/api/audit?limit=0", Role.Admin, null, null, 400, "query.limit", "limit");
        yield return new("the audit log with a limit in words", "GET", "/api/audit?limit=ten", Role.Admin, null, null, 400, null, "limit");
        yield return new("the audit log in XML", "GET", "/api/audit?format=xml", Role.Admin, null, null, 400, "query.format", "xml");

        // Assessments over HTTP.
        string run = "/api/assessments";
        foreach (var (body, names) in new[]
        {
            ("{\"stack\":\"../../../etc/passwd\",\"event\":\"2023-10-07\",\"inference\":[\"2023-10-15\"]}", "leaves the input folder"),
            ("{\"stack\":\"/etc/passwd\",\"event\":\"2023-10-07\",\"inference\":[\"2023-10-15\"]}", "stack"),
            ("{\"event\":\"2023-10-07\",\"inference\":[\"2023-10-15\"]}", "stack"),
            ("{\"stack\":\"no-such.csv\",\"event\":\"2023-10-07\",\"inference\":[\"2023-10-15\"]}", "no-such.csv"),
            ("{\"stack\":\"stack.csv\",\"event\":\"someday\",\"inference\":[\"2023-10-15\"]}", "event"),
            ("{\"stack\":\"stack.csv\",\"event\":\"2023-10-07\",\"inference\":[\"2023-01-01\"]}", "inference"),
            ("{\"stack\":\"stack.csv\",\"event\":\"2023-10-07\",\"inference\":[]}", "inference"),
            ("{\"stack\":\"stack.csv\",\"event\":\"2023-10-07\",\"inference\":[\"2023-10-15\"],\"threshold\":\"NaN\"}", "threshold"),
            ("{\"stack\":\"stack.csv\",\"event\":\"2023-10-07\",\"inference\":[\"2023-10-15\"],\"method\":\"guess\"}", "method"),
            ("{\"stack\":\"stack.csv\",\"event\":\"2023-10-07\",\"inference\":[\"2023-10-15\"],\"buildings\":\"../haven.db\"}", "buildings"),
        })
        {
            yield return new($"assessment {body}", "POST", run, Role.Analyst, body, Json, 422, null, names);
        }

        yield return new("assessment request that is not JSON", "POST", run, Role.Analyst, "{\"stack\":", Json, 400, null, "JSON");
        yield return new("assessment request sent as text/plain", "POST", run, Role.Analyst, "stack=stack.csv", "text/plain", 415, "body.media_type", "text/plain");
    }

    public static TheoryData<string> Names() => [.. All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_request_gets_its_4xx_problem_with_a_code_and_a_detail_naming_it_and_changes_nothing(string name)
    {
        var c = All().Single(x => x.Name == name);
        var before = await fixture.Store.GetContentsAsync();
        int audit = (await fixture.Store.GetAuditAsync()).Count;

        using var response = await fixture.Client(c.Role).SendAsync(Request(c));
        string text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == c.Status, $"{c.Name}: {(int)response.StatusCode}, expected {c.Status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        string code = problem.RootElement.GetProperty("code").GetString()!;
        if (c.Code is not null)
        {
            Assert.Equal(c.Code, code);
        }

        string detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        Assert.Contains(c.Names, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Factory.DataDirectory, text, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Store.GetContentsAsync());
        Assert.Equal(audit, (await fixture.Store.GetAuditAsync()).Count);
    }

    [Fact]
    public void The_corpus_holds_at_least_a_hundred_requests_with_distinct_names()
    {
        var names = All().Select(c => c.Name).ToList();
        Assert.True(names.Count >= 100, $"{names.Count} cases");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static HttpRequestMessage Request(BadRequest c)
    {
        var request = new HttpRequestMessage(new HttpMethod(c.Method), new Uri(c.Path, UriKind.Relative));
        if (c.Body is not null)
        {
            byte[] bytes = c.Body.StartsWith('@') ? File.ReadAllBytes(Path.Combine(HttpBadInputFixture.Corpus, c.Body[1..])) : Encoding.UTF8.GetBytes(c.Body);
            request.Content = new ByteArrayContent(bytes);
            if (c.ContentType is not null)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(c.ContentType);
            }
        }

        return request;
    }
}
