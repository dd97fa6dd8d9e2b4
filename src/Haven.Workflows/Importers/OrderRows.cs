using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Storage.Importers;

namespace Haven.Workflows.Importers;

/// <summary>
/// Evacuation orders typed as rows of (date, block), as researchers transcribe OCHA's dashboard: the rows of a date
/// make one order, effective that day, naming blocks of the edition of the block map given (the 2025 orders name
/// the 2025 blocks). A row that cannot be read is listed with its line; one naming a block its map does not have
/// is left out by <see cref="LayerChecks"/>, naming the block.
/// </summary>
public static class OrderRows
{
    private static readonly string[] BlockColumns = ["block", "COD_mod", "number"];

    /// <summary>True for a CSV table with a date column and a block column.</summary>
    public static bool IsTable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path) || !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        using var reader = new StreamReader(path);
        string header = reader.ReadLine() ?? string.Empty;
        var cells = header.Split(',').Select(c => c.Trim().Trim('"')).ToList();
        return cells.Contains("date", StringComparer.OrdinalIgnoreCase) && BlockColumns.Any(b => cells.Contains(b, StringComparer.OrdinalIgnoreCase));
    }

    public static Outcome<LayerBatch> Read(string path, string edition)
    {
        var table = CsvTable.Read(path);
        if (!table.Succeeded)
        {
            return table.Problem!;
        }

        var t = table.Value;
        if (t.Problems.Count > 0)
        {
            return t.Problems[0];
        }

        int date = t.Column("date"), block = BlockColumns.Select(t.Column).FirstOrDefault(i => i >= 0, -1), source = t.Column("source");
        if (date < 0 || block < 0)
        {
            return Outcome<LayerBatch>.Failure("orders.columns", $"{path}: expected a date column and a block column ({string.Join(", ", BlockColumns)}).");
        }

        string file = Path.GetFileName(path);
        string stem = Path.GetFileNameWithoutExtension(path);
        var batch = new LayerBatch(path, ReferenceLayerKind.Orders) { FeatureCount = t.Rows.Count, OrderRows = true };
        var rows = new List<(DateOnly Date, int Block, string Source)>();
        foreach (var r in t.Rows)
        {
            if (!r.TryDate(date, out var on))
            {
                batch.Problems.Add(new ImportProblem(path, null, $"line {r.Line}: date '{r[date]}' is not a date; expected YYYY-MM-DD."));
                continue;
            }

            if (!int.TryParse(r[block].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                batch.Problems.Add(new ImportProblem(path, null, $"line {r.Line}: block '{r[block]}' is not a block number (a whole number from 0)."));
                continue;
            }

            rows.Add((on, number, source >= 0 && r[source].Trim().Length > 0 ? r[source].Trim() : $"{file}, rows of (date, block) on {Block.EditionName(edition)}"));
        }

        foreach (var day in rows.GroupBy(r => r.Date).OrderBy(g => g.Key))
        {
            var issued = new DateTimeOffset(day.Key.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            batch.Orders.Add(new EvacuationOrder($"{stem}-{day.Key:yyyy-MM-dd}", issued, day.Key, null, [.. day.Select(r => r.Block).Distinct().Order()],
                "Evacuation order", "أمر إخلاء", day.First().Source) { Edition = edition });
        }

        return batch;
    }
}
