using Haven.Workflows.Layers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Haven.Geo.IO;
using Haven.Geo.Tabular;
using Haven.Protection.Bulletins;
using Haven.Protection.Lookup;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven lookup`: where a place stands as of a date, by coordinates, block, place name, or a CSV of points.</summary>
public static class LookupCommand
{
    public static Command Create(TimeProvider time)
    {
        var lat = new Option<double?>("--lat") { Description = "Latitude (WGS 84 degrees)." };
        var lon = new Option<double?>("--lon") { Description = "Longitude (WGS 84 degrees)." };
        var block = new Option<int?>("--block") { Description = "Block number." };
        var place = new Option<string?>("--place") { Description = "Place name in Arabic or English (spelling-tolerant)." };
        var asOf = new Option<string?>("--as-of") { Description = "Date (YYYY-MM-DD); default today." };
        var points = new Option<FileInfo?>("--points") { Description = "Points: a CSV with lon and lat columns, or a GeoJSON, GeoPackage or Shapefile layer of points in any CRS it declares; one answer row per point, in order." };
        var output = new Option<FileInfo?>("--out") { Description = "CSV to write the batch answers to (with --points)." };
        var lang = new Option<string>("--lang") { Description = "Language of the plain-language answer: en or ar.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "ar");
        var command = new Command("lookup", "Where a place stands as of a date: block, areas, protected zone, evacuation order, nearest services.")
        {
            lat, lon, block, place, asOf, points, output, lang,
        };
        command.SetAction(async (parse, ct) =>
        {
            var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            if (parse.GetValue(asOf) is string text && !CommandLineInput.TryDate(text, "--as-of", out date))
            {
                return ExitCodes.BadInput;
            }

            int modes = (parse.GetValue(lat) is not null || parse.GetValue(lon) is not null ? 1 : 0) + (parse.GetValue(block) is not null ? 1 : 0)
                + (parse.GetValue(place) is not null ? 1 : 0) + (parse.GetValue(points) is not null ? 1 : 0);
            if (modes != 1)
            {
                Console.Error.WriteLine("Give exactly one of --lat with --lon, --block, --place, or --points with --out.");
                return ExitCodes.BadInput;
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            if ((await store.GetBlocksAsync(ct)).Count == 0 && (await store.GetAreasAsync(ct)).Count == 0)
            {
                Console.Error.WriteLine("The store has no blocks or areas: import data first (haven import DIR).");
                return ExitCodes.Failure;
            }

            var lookup = await store.LoadLookupAsync(ct);
            if (parse.GetValue(points) is FileInfo file)
            {
                return Batch(lookup, file.FullName, parse.GetValue(output)?.FullName, date);
            }

            LookupAnswer? answer;
            string? label = null;
            if (parse.GetValue(block) is int number)
            {
                answer = lookup.ByBlock(number, date);
                if (answer is null)
                {
                    Console.Error.WriteLine($"--block {number}: no such block.");
                    return ExitCodes.BadInput;
                }
            }
            else if (parse.GetValue(place) is string name)
            {
                var found = lookup.ByPlace(name, date);
                if (found is null)
                {
                    Console.Error.WriteLine($"--place '{name}': no place of that name.");
                    return ExitCodes.BadInput;
                }

                (label, answer) = found.Value;
            }
            else
            {
                if (parse.GetValue(lat) is not double y || parse.GetValue(lon) is not double x || !double.IsFinite(y) || !double.IsFinite(x) || Math.Abs(y) > 90 || Math.Abs(x) > 180)
                {
                    Console.Error.WriteLine("--lat and --lon must both be given, latitude within ±90 and longitude within ±180.");
                    return ExitCodes.BadInput;
                }

                answer = lookup.ByPoint(x, y, date);
            }

            Print(answer, label);
            var language = parse.GetValue(lang) == "ar" ? Language.Arabic : Language.English;
            Console.WriteLine();
            Console.WriteLine(Bulletin.ForAnswer(answer, language));
            string sms = Bulletin.SmsForAnswer(answer, language);
            var fit = SmsText.Fit(sms);
            Console.WriteLine();
            Console.WriteLine($"SMS ({fit.Units} {fit.Encoding} characters, {fit.Parts} message{(fit.Parts == 1 ? string.Empty : "s")}): {sms}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(LookupAnswer a, string? place)
    {
        var table = new Table().AddColumns("", "").HideHeaders();
        if (place is not null)
        {
            table.AddRow("place", Markup.Escape(place));
        }

        table.AddRow("as of", a.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow("position", string.Create(CultureInfo.InvariantCulture, $"{a.Latitude:F5} N, {a.Longitude:F5} E"));
        if (a.Coverage == LookupCoverage.Outside)
        {
            table.AddRow("coverage", "[yellow]outside the area Haven covers: nothing is known here[/]"
                + (a.Swapped is { } p ? Markup.Escape(string.Create(CultureInfo.InvariantCulture, $" (the other way round, {p.Latitude:F5} N, {p.Longitude:F5} E, is inside)")) : string.Empty));
            AnsiConsole.Write(table);
            return;
        }

        table.AddRow("block", a.Block?.ToString(CultureInfo.InvariantCulture) ?? "none (outside every block)");
        foreach (var area in a.Areas)
        {
            table.AddRow($"area (level {area.Level})", Markup.Escape($"{area.NameEn} / {area.NameAr} ({area.Pcode})"));
        }

        table.AddRow("evacuation order", a.UnderOrder is { } o
            ? $"[red]under order {Markup.Escape(o.Id)} since {o.Since:yyyy-MM-dd}[/]: {Markup.Escape(o.StatusEn)}"
            : a.Coverage == LookupCoverage.OutsideBlocks ? "[yellow]not known: outside every numbered block[/]"
            : !a.OrdersRecorded ? "[yellow]not known: no evacuation order is recorded[/]"
            : "[green]no order in force[/]");
        table.AddRow("protected zone", a.InZone is { } z
            ? $"[green]inside {Markup.Escape(z.NameEn)} since {z.Since:yyyy-MM-dd}[/]"
            : a.NearestZone is { } n ? Markup.Escape($"outside; nearest: {n.NameEn}, {Bulletin.Distance(n.DistanceMetres, Language.English)} {Compass.En(n.BearingDegrees)}") : "none in force");
        foreach (var (what, site) in new[] { ("nearest hospital or clinic", a.NearestHealth), ("nearest water point", a.NearestWater), ("nearest shelter", a.NearestShelter) })
        {
            table.AddRow(what, site is null ? "none known" : Markup.Escape($"{site.NameEn} / {site.NameAr}: "
                + (site.DistanceMetres < 5 ? "here" : $"{Bulletin.Distance(site.DistanceMetres, Language.English)} {site.DirectionEn}")));
        }

        AnsiConsole.Write(table);
    }

    private static int Batch(ProtectionLookup lookup, string path, string? output, DateOnly date)
    {
        if (output is null)
        {
            Console.Error.WriteLine("--points needs --out FILE for the answers.");
            return ExitCodes.BadInput;
        }

        var format = Haven.Geo.Vector.VectorFormats.Recognise(Haven.Geo.Vector.VectorReader.Split(path).Path);
        if (!format.Succeeded)
        {
            Console.Error.WriteLine(format.Problem!.Message);
            return ExitCodes.BadInput;
        }

        if (format.Value != Haven.Geo.Vector.VectorFormat.Csv)
        {
            return BatchOfFeatures(lookup, path, output, date);
        }

        var read = CsvTable.Read(path);
        if (!read.Succeeded)
        {
            Console.Error.WriteLine(read.Problem!.Message);
            return ExitCodes.BadInput;
        }

        var csv = read.Value;
        int lonColumn = csv.Column("lon"), latColumn = csv.Column("lat");
        if (lonColumn < 0 || latColumn < 0)
        {
            Console.Error.WriteLine($"{path}: expected columns 'lon' and 'lat'; found {string.Join(", ", csv.Header)}.");
            return ExitCodes.BadInput;
        }

        var sb = new StringBuilder(BatchHeader);
        var refused = new List<string>();
        foreach (var row in csv.Rows)
        {
            bool ok = double.TryParse(row[lonColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                & double.TryParse(row[latColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double y);
            if (!ok || !double.IsFinite(x) || !double.IsFinite(y) || Math.Abs(x) > 180 || Math.Abs(y) > 90)
            {
                sb.Append(CsvText.Quote(row[lonColumn])).Append(',').Append(CsvText.Quote(row[latColumn])).Append(new string(',', 19))
                  .Append(CsvText.Quote($"line {row.Line}: lon and lat must be numbers within ±180 and ±90")).Append('\n');
                refused.Add($"{path} line {row.Line}: lon '{row[lonColumn]}' and lat '{row[latColumn]}' must be numbers within ±180 and ±90");
                continue;
            }

            AppendAnswer(sb, lookup.ByPoint(x, y, date), x, y);
        }

        AtomicFile.Write(output, stream => stream.Write(new UTF8Encoding(false).GetBytes(sb.ToString())));
        AnsiConsole.MarkupLine($"Wrote {csv.Rows.Count:N0} answers to [bold]{Markup.Escape(output)}[/] (as of {date:yyyy-MM-dd}).");
        foreach (string r in refused)
        {
            // Each row that could not be answered is named here too, and its row in the output says why.
            Console.Error.WriteLine(r);
        }

        return csv.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }

    private const string BatchHeader = "lon,lat,coverage,block,areas,under_order,order_since,in_zone,zone_since,nearest_zone,nearest_zone_m,"
        + "health,health_m,health_direction,water,water_m,water_direction,shelter,shelter_m,shelter_direction,error\n";

    private static void AppendAnswer(StringBuilder sb, LookupAnswer a, double x, double y)
    {
        string Site(SiteRef? s) => s is null ? ",," : $"{CsvText.Quote(s.NameEn)},{s.DistanceMetres:F0},{s.DirectionEn}";
        sb.Append(CultureInfo.InvariantCulture, $"{x},{y},{a.Coverage},{a.Block},{CsvText.Quote(string.Join("; ", a.Areas.Select(r => r.Pcode)))},")
          .Append(CultureInfo.InvariantCulture, $"{a.UnderOrder?.Id},{a.UnderOrder?.Since:yyyy-MM-dd},{a.InZone?.Id},{a.InZone?.Since:yyyy-MM-dd},")
          .Append(CultureInfo.InvariantCulture, $"{a.NearestZone?.Id},{a.NearestZone?.DistanceMetres:F0},")
          .Append(Site(a.NearestHealth)).Append(',').Append(Site(a.NearestWater)).Append(',').Append(Site(a.NearestShelter)).Append(",\n");
    }

    /// <summary>
    /// Points from a GeoJSON, GeoPackage or Shapefile layer (in whatever CRS it declares), answered in file order; a
    /// feature that is not a readable point gets a row saying why, and the command exits 2.
    /// </summary>
    private static int BatchOfFeatures(ProtectionLookup lookup, string path, string output, DateOnly date)
    {
        var read = Haven.Geo.Vector.VectorReader.Read(path, new Haven.Geo.GeoJson.GeoJsonReadOptions { AllowedGeometryTypes = new HashSet<string>(StringComparer.Ordinal) { "Point" } });
        if (!read.Succeeded)
        {
            Console.Error.WriteLine(read.Problem!.Message);
            return ExitCodes.BadInput;
        }

        var sb = new StringBuilder(BatchHeader);
        var answered = read.Value.Features.ToDictionary(f => f.Index, f => f.Feature.Geometry.Coordinate);
        var refused = read.Value.Problems.ToDictionary(p => p.FeatureIndex);
        for (int i = 0; i < read.Value.FeatureCount; i++)
        {
            if (answered.TryGetValue(i, out var point))
            {
                AppendAnswer(sb, lookup.ByPoint(point.X, point.Y, date), point.X, point.Y);
            }
            else if (refused.TryGetValue(i, out var problem))
            {
                sb.Append(',').Append(new string(',', 19)).Append(CsvText.Quote($"feature {i}: {problem.Message}")).Append('\n');
            }
        }

        AtomicFile.Write(output, stream => stream.Write(new UTF8Encoding(false).GetBytes(sb.ToString())));
        AnsiConsole.MarkupLine($"Wrote {read.Value.FeatureCount:N0} answers to [bold]{Markup.Escape(output)}[/] (as of {date:yyyy-MM-dd}; points read from {Markup.Escape(read.Value.Format)} in {Markup.Escape(read.Value.Crs)}).");
        foreach (var problem in read.Value.Problems)
        {
            Console.Error.WriteLine(problem.ToString());
        }

        return read.Value.IsClean ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
