using System.Globalization;
using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Storage.Importers;

namespace Haven.Workflows.Importers;

/// <summary>Evacuation orders from the ArcGIS exports and per-date files, with their sub-blocks.</summary>
public static partial class ReferenceImporter
{
    private static void ReadOrders(GeoJsonReadResult file, LayerBatch batch)
    {
        var rows = new List<(string Id, DateTimeOffset Issued, bool Safe, int Block, string Source)>();
        foreach (var (index, f) in file.Features)
        {
            var a = f.Attributes;
            string? status = Text(a, "StatusText");
            bool? safe = status?.Trim().ToUpperInvariant() switch
            {
                "DISPLACED" or "1" or "EVACUATE" or "EVACUATION" => false,
                "SAFE" or "2" => true,
                _ => null,
            };
            int number;
            if (SubBlock(Raw(a, "Block")) is { } sub)
            {
                // "129.1": part of block 129. An evacuation of part of a block is shown on the whole block (the
                // cautious reading); part of a block declared safe says nothing about the rest, so it is left out.
                if (safe == true)
                {
                    batch.Problems.Add(new ImportProblem(file.File, index, $"sub-block {sub.Text} declared safe is only part of block {sub.Block}; not applied to the whole block."));
                    continue;
                }

                batch.Quirk("sub-blocks (129.1) under evacuation applied to their whole block");
                number = sub.Block;
                if (!BlockSize(file.File, index, f, a, "Area", number, batch))
                {
                    continue;
                }
            }
            else if (!BlockNumber(file.File, index, a, "Block", batch, out number) || !BlockSize(file.File, index, f, a, "Area", number, batch))
            {
                continue;
            }

            object? rawDate = Raw(a, "Date");
            if (rawDate is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"block {number}: no date (Date is null); an order needs the time it was issued."));
                continue;
            }

            if (!QuirkyValues.TryInstant(rawDate, out var issued, out string form))
            {
                batch.Problems.Add(new ImportProblem(file.File, index, $"block {number}: Date \"{rawDate}\" is not a date (expected epoch milliseconds, RFC 1123, ISO 8601 or a Hebrew date)."));
                continue;
            }

            batch.Quirk(form switch
            {
                "epoch-ms" => "dates as epoch milliseconds",
                "rfc1123" => "dates in RFC 1123",
                "hebrew" => "dates with Hebrew month names",
                _ => "dates in ISO 8601",
            });
            if (safe is null)
            {
                batch.Problems.Add(new ImportProblem(file.File, index,
                    status is null ? $"block {number}: no status (StatusText is null); expected Displaced/1 or Safe/2." : $"block {number}: unknown status \"{status}\"; expected Displaced/1 or Safe/2."));
                continue;
            }

            if (status is "1" or "2")
            {
                batch.Quirk("status as codes 1/2");
            }

            string source = Text(a, "Source") ?? Text(a, "GazaMaps") ?? Path.GetFileName(file.File);
            string? map = Raw(a, "Map") is { } m && QuirkyValues.TryInteger(m, out long mapNumber, out _) ? mapNumber.ToString(CultureInfo.InvariantCulture)
                : Text(a, "GazaMaps") is { } url && url.TrimEnd('/').Split('/')[^1] is { } last && last.All(char.IsAsciiDigit) ? last : null;
            string stamp = issued.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);
            string id = (map is null ? $"order-{stamp}-{Short(source)}" : $"map{map}-{stamp}") + (safe.Value ? "-safe" : string.Empty);
            rows.Add((id, issued, safe.Value, number, source));
        }

        foreach (var group in rows.GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            var first = group.First();
            bool safe = first.Safe;
            batch.Orders.Add(new EvacuationOrder(group.Key, first.Issued, QuirkyValues.GazaDate(first.Issued), null,
                [.. group.Select(r => r.Block).Distinct().Order()],
                safe ? "Declared safe" : "Evacuation order", safe ? "أُعلنت آمنة" : "أمر إخلاء", first.Source, safe));
        }
    }

    /// <summary>A sub-block written "129.1" (block 129, part 1), as the per-date files do; null for anything else.</summary>
    private static (int Block, string Text)? SubBlock(object? raw)
    {
        string? text = raw switch
        {
            string s => s.Trim(),
            double d when double.IsFinite(d) && Math.Abs(d - Math.Round(d)) > 1e-9 => d.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is null || text.Split('.') is not [var whole, var part] || part.Length == 0 || part.All(c => c == '0')
            || !whole.All(char.IsAsciiDigit) || !part.All(char.IsAsciiDigit) || !int.TryParse(whole, CultureInfo.InvariantCulture, out int block))
        {
            return null;
        }

        return (block, text);
    }
}
