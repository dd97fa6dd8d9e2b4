using Haven.Storage.Sqlite;

namespace Haven.Cli.Tests.BadInputs;

/// <summary>
/// The bad-input corpus through the command line: every case exits with its code (2 for bad input), says what
/// is wrong naming the file, option, line or field, prints no stack trace, writes no output file, and leaves
/// the store and its audit log as they were.
/// </summary>
public sealed class CliBadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    /// <summary>A case: its arguments ({in} the corpus, {fx} the fixture folder, {strip} the Sample Strip's files, {db} the store, {out} a fresh output folder), the exit code and what the message must name.</summary>
    public sealed record BadCase(string Name, string Args, string Names, int Exit = ExitCodes.BadInput);

    private static readonly string[] GeoJsonKinds = ["governorates", "municipalities", "blocks", "orders", "health", "places", "zone", "areas", "buildings"];

    private static readonly string[] MalformedGeoJson = ["empty.geojson", "not-json.geojson", "truncated.geojson", "invalid-utf8.geojson", "wrong-root.geojson", "no-geometry.geojson", "deep-nesting.geojson"];

    private static readonly string[] PlanningKinds = ["population", "movements", "services", "trucks", "crossings", "access"];

    public static IEnumerable<BadCase> All()
    {
        // Every GeoJSON import kind, every malformed file.
        foreach (string kind in GeoJsonKinds)
        {
            foreach (string file in MalformedGeoJson)
            {
                yield return new($"import {kind} {file}", $"import {kind} {{in}}/{file} --db {{db}}", file);
            }
        }

        // Features that are well-formed GeoJSON but break a rule of their layer.
        yield return new("site name with a lone surrogate", "import health {in}/lone-surrogate-site.geojson --db {db}", "surrogate");
        yield return new("site name with NUL", "import health {in}/nul-site.geojson --db {db}", "name_en");
        yield return new("order lifted before it takes effect", "import orders {in}/order-lifted-before-effective.geojson --db {db}", "lifted_on");
        yield return new("order naming a block that does not exist", "import orders {in}/order-unknown-block.geojson --db {db}", "987654");
        yield return new("order in the year 9999", "import orders {in}/order-year-9999.geojson --db {db}", "issued_at");
        yield return new("zone that ends before it starts", "import zone {in}/zone-ends-before-start.geojson --db {db}", "valid_to");
        yield return new("building in a block that does not exist", "import buildings {in}/building-unknown-block.geojson --db {db}", "987654");
        yield return new("building with a negative area", "import buildings {in}/building-negative-area.geojson --db {db}", "area_m2");
        yield return new("area code with a control character", "import areas {in}/area-unknown-parent-text.geojson --db {db}", "pcode");
        yield return new("block numbered in words", "import blocks {in}/block-string-number.geojson --db {db}", "twelve");
        yield return new("negative block number", "import blocks {in}/block-negative.geojson --db {db}", "-4");
        yield return new("ArcGIS order with a date in words", "import orders {in}/arcgis-order-bad-date.geojson --db {db}", "the day after tomorrow");
        yield return new("ArcGIS order without status", "import orders {in}/arcgis-order-no-status.geojson --db {db}", "StatusText");
        yield return new("health facility of an unknown kind", "import health {in}/health-unknown-amenity.geojson --db {db}", "casino");
        yield return new("place without a name", "import places {in}/place-without-name.geojson --db {db}", "name");
        yield return new("governorate without a name", "import governorates {in}/governorate-without-name.geojson --db {db}", "adm2_name");
        yield return new("municipality drawn as a point", "import municipalities {in}/municipality-point.geojson --db {db}", "Point");
        yield return new("zone drawn as a point", "import zone {in}/zone-point.geojson --db {db}", "Point");
        yield return new("coordinates outside the globe", "import blocks {in}/out-of-range.geojson --db {db}", "out-of-range.geojson");
        yield return new("coordinates written as strings", "import places {in}/nan-coordinates.geojson --db {db}", "nan-coordinates.geojson");
        yield return new("an unknown kind", "import castles {in}/zone-point.geojson --db {db}", "castles");
        yield return new("a file that does not exist", "import blocks {in}/no-such-file.geojson --db {db}", "no-such-file.geojson");
        yield return new("a folder that does not exist", "import {in}/no-such-folder --db {db}", "no-such-folder");
        yield return new("a folder holding nothing Haven reads", "import {fx}/rasters --db {db}", "Nothing to import");
        yield return new("strict import of a file with a bad row", "import zone {in}/zone-bowtie-huge.geojson --strict --zone-id z1 --name-en Z --name-ar ز --as-of 2099-99-99 --db {db}", "--as-of");

        // Planning tables: empty, without tags, not UTF-8.
        foreach (string kind in PlanningKinds)
        {
            foreach (string file in new[] { "empty.csv", "header-only.csv", "invalid-utf8.csv" })
            {
                yield return new($"import {kind} {file}", $"import {kind} {{in}}/{file} --db {{db}}", file);
            }
        }

        yield return new("population for an area that does not exist", "import population {in}/population-unknown-pcode.csv --db {db}", "ZZ99");
        yield return new("population with a NUL byte", "import population {in}/population-nul.csv --db {db}", "NUL");
        yield return new("population below zero", "import population {in}/population-negative.csv --db {db}", "population-negative.csv");
        yield return new("population with a date that is not one", "import population {in}/population-bad-date.csv --db {db}", "population-bad-date.csv");
        yield return new("trucks counted in words", "import trucks {in}/trucks-bad-number.csv --db {db}", "trucks-bad-number.csv");
        yield return new("a crossing off the globe", "import crossings {in}/crossings-off-globe.csv --db {db}", "crossings-off-globe.csv");
        yield return new("population with an --as-of that is not a date", "import population {in}/population-unknown-pcode.csv --as-of soon --db {db}", "--as-of");

        // Aid records.
        foreach (string file in new[] { "empty.csv", "header-only.csv", "invalid-utf8.csv", "broken-shapefile.zip", "points-no-columns.csv", "no-such-file.csv" })
        {
            yield return new($"aid import {file}", $"aid import {{in}}/{file} --db {{db}}", file);
        }

        yield return new("aid deliveries to a region that does not say which", "aid import {in}/aid-period-without-region.csv --db {db}", "--region");
        yield return new("aid factors that are not UTF-8", "aid import {in}/aid-unrwa-one-row.csv --kcal {in}/invalid-utf8.csv --db {db}", "invalid-utf8.csv");
        yield return new("aid pallet weights without their columns", "aid import {in}/aid-unrwa-one-row.csv --pallets {in}/points-no-columns.csv --db {db}", "kg_pallet");
        yield return new("aid deliveries by fortnight", "aid deliveries --by fortnight --db {db}", "fortnight");
        yield return new("aid deliveries from a date that is not one", "aid deliveries --from 2024-02-30 --db {db}", "--from");
        yield return new("aid gap for a scope with no records", "aid gap --scope mars --db {db}", "mars");
        yield return new("aid gap by crossing", "aid gap --by crossing --db {db}", "--by");

        // Reading files: inspect and zonal.
        foreach (string file in new[] { "not-a-tiff.tif", "empty.tif", "header-only.tif" })
        {
            yield return new($"inspect {file}", $"inspect {{in}}/{file}", file);
            yield return new($"zonal over {file}", $"zonal --raster {{in}}/{file} --polygons {{strip}}/areas.geojson --out {{out}}/z.csv", file);
        }

        foreach (string bomb in new[] { "strip-bomb.tif", "tiled-bomb.tif", "bomb-65535.tif", "bomb-2g.tif" })
        {
            yield return new($"inspect {bomb}", $"inspect {{fx}}/rasters/{bomb}", bomb);
            yield return new($"zonal over {bomb}", $"zonal --raster {{fx}}/rasters/{bomb} --polygons {{strip}}/areas.geojson --out {{out}}/z.csv", bomb);
        }

        foreach (string file in new[] { "invalid-utf8.geojson", "not-json.geojson", "empty.geojson", "deep-nesting.geojson", "not-a-geopackage.gpkg", "broken-shapefile.zip" })
        {
            yield return new($"inspect {file}", $"inspect {{in}}/{file}", file);
            yield return new($"zonal with polygons {file}", $"zonal --raster {{fx}}/rasters/far_2023-08-01.tif --polygons {{in}}/{file} --out {{out}}/z.csv", file);
        }

        yield return new("inspect a CSV that is not UTF-8", "inspect {in}/invalid-utf8.csv", "invalid-utf8.csv");
        yield return new("zonal of band 0", "zonal --raster {fx}/rasters/far_2023-08-01.tif --polygons {strip}/areas.geojson --band 0 --out {out}/z.csv", "band");
        yield return new("zonal of band 9", "zonal --raster {fx}/rasters/far_2023-08-01.tif --polygons {strip}/areas.geojson --band 9 --out {out}/z.csv", "band 9");
        yield return new("zonal of a statistic that does not exist", "zonal --raster {fx}/rasters/far_2023-08-01.tif --polygons {strip}/areas.geojson --stats loudest --out {out}/z.csv", "loudest");

        // Assessments.
        string assess = "assess --event 2023-10-07 --inference 2023-10-15 --buildings {strip}/buildings.geojson --areas {strip}/areas.geojson --out {out}/run --db {db}";
        yield return new("assess without a manifest", $"{assess} --stack {{in}}/no-such-manifest.csv", "no-such-manifest.csv");
        yield return new("assess by coherence with a threshold above 1", $"{assess} --method ccd --threshold 1.5 --stack {{in}}/no-such-manifest.csv", "DamageThreshold");
        yield return new("assess an empty manifest", $"{assess} --stack {{in}}/manifest-empty.csv", "manifest-empty.csv");
        yield return new("assess a manifest with a date in words", $"{assess} --stack {{in}}/manifest-bad-date.csv", "yesterday");
        yield return new("assess a manifest naming a missing image", $"{assess} --stack {{in}}/manifest-missing-image.csv", "no-such-image.tif");
        yield return new("assess a manifest naming a text file", $"{assess} --stack {{in}}/manifest-not-tiff.csv", "not-a-tiff.tif");
        yield return new("assess a raster bomb", $"{assess} --stack {{fx}}/rasters/bomb-manifest.csv", "strip-bomb.tif");
        yield return new("assess a stack that covers no building", $"{assess} --stack {{fx}}/rasters/far-stack.csv", "none of the");
        yield return new("assess with a NaN threshold", $"{assess} --stack {{fx}}/rasters/far-stack.csv --threshold NaN", "threshold");
        yield return new("assess with an infinite threshold", $"{assess} --stack {{fx}}/rasters/far-stack.csv --threshold Infinity", "threshold");
        yield return new("assess with an event that is not a date", $"{assess.Replace("2023-10-07", "someday", StringComparison.Ordinal)} --stack {{fx}}/rasters/far-stack.csv", "--event");
        yield return new("assess an inference date before the event", $"{assess.Replace("2023-10-15", "2023-01-01", StringComparison.Ordinal)} --stack {{fx}}/rasters/far-stack.csv", "2023-01-01");
        yield return new("assess buildings that are not UTF-8", $"assess --event 2023-10-07 --inference 2023-10-15 --buildings {{in}}/invalid-utf8.geojson --areas {{strip}}/areas.geojson --stack {{fx}}/rasters/far-stack.csv --out {{out}}/run --db {{db}}", "invalid-utf8.geojson");
        yield return new("assess areas that are empty", $"assess --event 2023-10-07 --inference 2023-10-15 --buildings {{strip}}/buildings.geojson --areas {{in}}/empty.geojson --stack {{fx}}/rasters/far-stack.csv --out {{out}}/run --db {{db}}", "empty.geojson");
        yield return new("assess with labels that are not JSON", $"{assess} --stack {{fx}}/rasters/far-stack.csv --labels {{in}}/not-json.geojson", "not-json.geojson");
        yield return new("assess by an unknown method", $"{assess} --stack {{fx}}/rasters/far-stack.csv --method guess", "guess");
        yield return new("assess in tiles of 5 cells", $"{assess} --stack {{fx}}/rasters/far-stack.csv --tile-size 5", "tile size 5");
        yield return new("assess by coherence in tiles", $"{assess} --stack {{fx}}/rasters/far-stack.csv --method ccd --tile-size 64", "only PWTT runs in tiles");
        yield return new("assess distributed without tiles", $"{assess} --stack {{fx}}/rasters/far-stack.csv --distribute", "--distribute: distributing a run needs a tile size and a store in PostgreSQL");
        yield return new("assess distributed on SQLite", $"{assess} --stack {{fx}}/rasters/far-stack.csv --tile-size 64 --distribute", "--distribute: distributing a run needs a tile size and a store in PostgreSQL");

        // Lookups.
        yield return new("lookup at NaN", "lookup --lat NaN --lon 34.3 --db {db}", "--lat");
        yield return new("lookup at infinity", "lookup --lat 31.4 --lon Infinity --db {db}", "--lon");
        yield return new("lookup beyond the pole", "lookup --lat 95 --lon 34.3 --db {db}", "--lat");
        yield return new("lookup of points with NaN rows", "lookup --points {in}/points-nan.csv --out {out}/answers.csv --db {db}", "points-nan.csv line 2", ExitCodes.Success);
        yield return new("lookup of points without lon and lat", "lookup --points {in}/points-no-columns.csv --out {out}/answers.csv --db {db}", "points-no-columns.csv");
        yield return new("lookup of points that are not UTF-8", "lookup --points {in}/invalid-utf8.csv --out {out}/answers.csv --db {db}", "invalid-utf8.csv");
        yield return new("lookup on a date that is not one", "lookup --block 101 --as-of 2023-02-30 --db {db}", "--as-of");
        yield return new("lookup of a block number in words", "lookup --block one --db {db}", "--block");

        // Keys, publications, history, export, planning answers.
        yield return new("a key name of 2 MB", "keys create --role analyst --name " + new string('k', 2_000_000) + " --db {db}", "--name");
        yield return new("a key name with a control character", "keys create --role analyst --name bell\u0007 --db {db}", "--name");
        yield return new("a key of no role", "keys create --role root --db {db}", "--role");
        yield return new("revoking a key that does not exist", "keys revoke nosuchkey --db {db}", "nosuchkey", ExitCodes.Failure);
        yield return new("verify a file that is not a publication", "verify {in}/publication-garbage.json --key {in}/publication-garbage.json", "publication-garbage.json");
        yield return new("verify a binary file", "verify {in}/publication-not-json.json --key AAAA", "publication-not-json.json");
        yield return new("publish as of a date that is not one", "publish --as-of 2024-13-01 --db {db}", "--as-of");
        yield return new("export as of a date that is not one", "export zones --as-of yesterday --out {out}/zones.geojson --db {db}", "--as-of");
        yield return new("export of a layer that does not exist", "export castles --out {out}/castles.geojson --db {db}", "castles");
        yield return new("history of a block in words", "history --block many --db {db}", "--block");
        yield return new("capacity as of a date that is not one", "capacity --as-of 31-12-2023 --db {db}", "--as-of");
        yield return new("capacity of a zone with negative people", "capacity --zone SS-HZ-1 --people -5 --as-of 2023-11-10 --db {db}", "--people");
        yield return new("capacity of an area that does not exist", "capacity --area ZZ99 --as-of 2023-11-10 --db {db}", "ZZ99");
        yield return new("housing of an area that does not exist", "capacity --housing --area ZZ99 --as-of 2023-11-10 --db {db}", "ZZ99");
        yield return new("capacity with households of no one", "capacity --household-size 0 --as-of 2023-11-10 --db {db}", "--household-size");
        yield return new("return from an area that does not exist", "return --from ZZ98 --to SS01 --as-of 2023-11-10 --db {db}", "ZZ98");
        yield return new("return of negative people", "return --from SS01 --to SS02 --people -3 --as-of 2023-11-10 --db {db}", "--people");
        yield return new("an aid plan of NaN tonnes", "aid plan --available NaN --as-of 2023-11-10 --db {db}", "--available");
        yield return new("an aid plan of an unknown commodity", "aid plan --commodity gold --as-of 2023-11-10 --db {db}", "gold");
    }

    public static TheoryData<string> Names() => [.. All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_input_gets_its_exit_code_and_a_message_naming_it_with_no_stack_trace_no_output_and_the_store_unchanged(string name)
    {
        var c = All().Single(x => x.Name == name);
        string work = Directory.CreateTempSubdirectory("haven-bad-case-").FullName;
        try
        {
            string db = Path.Combine(work, "haven.db"), output = Path.Combine(work, "out");
            File.Copy(fixture.Template, db);
            var store = new SqliteStore(db);
            var contents = await store.GetContentsAsync();
            int audit = (await store.GetAuditAsync()).Count;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            string Expand(string s) => s.Replace("{in}", BadInputFixture.Corpus, StringComparison.Ordinal).Replace("{fx}", fixture.Folder, StringComparison.Ordinal)
                .Replace("{strip}", fixture.Strip, StringComparison.Ordinal).Replace("{db}", db, StringComparison.Ordinal).Replace("{out}", output, StringComparison.Ordinal);
            string[] args = [.. c.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Expand)];

            var (exit, stderr) = await Support.CapturedHaven.RunAsync(TimeProvider.System, args);

            Assert.True(exit == c.Exit, $"{c.Name}: exit {exit}, expected {c.Exit}; said: {stderr}");
            Assert.Contains(Expand(c.Names), stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
            if (c.Exit != ExitCodes.Success)
            {
                Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories).Any(), $"{c.Name}: wrote output");
            }

            Assert.Equal(contents, await store.GetContentsAsync());
            Assert.Equal(audit, (await store.GetAuditAsync()).Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void The_corpus_holds_at_least_a_hundred_command_line_cases_with_distinct_names()
    {
        var names = All().Select(c => c.Name).ToList();
        Assert.True(names.Count >= 100, $"{names.Count} cases");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }
}
