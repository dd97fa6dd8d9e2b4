using Haven.Geo.Text;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Storage;
using Haven.Storage.Importers;
using Haven.Workflows.Layers;

namespace Haven.Workflows.Importers;

/// <summary>
/// The rules every record obeys before any write path stores it (imports from files and over HTTP, and edits):
/// text without NUL, control characters or broken Unicode; orders and zones by their domain rules; orders
/// naming only blocks that exist in the store or in the same import. A record that breaks one is taken out of
/// its batch and listed as a problem naming the file, the record and the field.
/// </summary>
public static class LayerChecks
{
    /// <summary>Checks every batch against the rules, the blocks and areas the store holds and those the batches bring; returns how many records were refused.</summary>
    public static int Apply(IReadOnlyList<LayerBatch> batches, StoredReferences stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Apply(batches, stored.Blocks, stored.Areas, stored.EditionBlocks);
    }

    /// <summary>Checks every batch against the rules and the blocks known (in the store and in the batches); returns how many records were refused.</summary>
    public static int Apply(IReadOnlyList<LayerBatch> batches, IEnumerable<int> storedBlocks, IEnumerable<string>? storedAreas = null,
        IReadOnlyDictionary<string, IReadOnlySet<int>>? storedEditions = null)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(storedBlocks);
        // Block numbers known per edition of the block map: an order's numbers are checked against its own edition's.
        var editions = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal) { [Block.MainEdition] = [.. storedBlocks] };
        foreach (var (edition, numbers) in storedEditions ?? new Dictionary<string, IReadOnlySet<int>>())
        {
            editions[edition] = [.. numbers];
        }

        var areas = new HashSet<string>(storedAreas ?? [], StringComparer.Ordinal);
        foreach (var b in batches)
        {
            foreach (var block in b.Blocks)
            {
                (editions.TryGetValue(block.Edition, out var set) ? set : editions[block.Edition] = []).Add(block.Number);
            }

            areas.UnionWith(b.Areas.Select(x => x.Pcode));
        }

        var known = editions[Block.MainEdition];
        HashSet<int> Known(string edition) => editions.GetValueOrDefault(edition) ?? [];

        string? Area(string? pcode) => pcode is null || areas.Contains(pcode) ? null : $"pcode: area {pcode} does not exist; import the areas first";

        int refused = 0;
        foreach (var batch in batches)
        {
            if (batch.OrderRows)
            {
                // Orders typed as rows of (date, block): a row naming a block its map does not have is left out, not the whole order.
                DropUnknownRows(batch, Known);
            }

            refused += Keep(batch, batch.Areas, a => $"area {a.Pcode}", a => Text(("pcode", a.Pcode), ("name_en", a.NameEn), ("name_ar", a.NameAr), ("source", a.Source)));
            refused += Keep(batch, batch.Blocks, b => $"block {b.Number}", b => b.Number < 0 ? "block: not a block number (whole numbers from 0)" : Area(b.AreaPcode) ?? Text(("source", b.Source)));
            refused += Keep(batch, batch.Buildings, b => $"building {b.Id}", b => !known.Contains(b.Block) ? $"block: block {b.Block} does not exist; import the blocks first"
                : !double.IsFinite(b.AreaM2) || b.AreaM2 <= 0 ? $"area_m2: {b.AreaM2} is not a positive area" : Area(b.AreaPcode));
            refused += Keep(batch, batch.Places, p => $"place {p.Id}", p => Text(("id", p.Id), ("name_en", p.NameEn), ("name_ar", p.NameAr), ("kind", p.Kind), ("source", p.Source)));
            refused += Keep(batch, batch.Sites, s => $"site {s.Id}", s => Text(("id", s.Id), ("name_en", s.NameEn), ("name_ar", s.NameAr), ("status", s.Status), ("source", s.Source)));
            refused += Keep(batch, batch.Zones, z => $"zone {z.Id}", z => z.Check() ?? Text(("id", z.Id), ("kind", z.Kind), ("name_en", z.NameEn), ("name_ar", z.NameAr), ("source", z.Source)));
            refused += Keep(batch, batch.Orders, o => $"order {o.Id}", o => OrderRules.Check(o)
                ?? Text(("id", o.Id), ("status_en", o.StatusEn), ("status_ar", o.StatusAr), ("source", o.Source))
                ?? (OrderRules.UnknownBlocks(o, Known(o.Edition)) is { Count: > 0 } unknown
                    ? $"blocks: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? $" and {unknown.Count - 10} more" : "")} do not exist in {Block.EditionName(o.Edition)}; import the blocks first"
                    : null));
        }

        return refused;
    }

    private static void DropUnknownRows(LayerBatch batch, Func<string, HashSet<int>> known)
    {
        for (int i = 0; i < batch.Orders.Count; i++)
        {
            var o = batch.Orders[i];
            var map = known(o.Edition);
            var unknown = o.Blocks.Where(b => !map.Contains(b)).Distinct().Order().ToList();
            if (unknown.Count == 0)
            {
                continue;
            }

            foreach (int b in unknown)
            {
                batch.Problems.Add(new ImportProblem(batch.File, null,
                    $"order {o.Id}: block {b} is not in {Block.EditionName(o.Edition)} ({map.Count} blocks); the row is left out."));
            }

            batch.Orders[i] = o with { Blocks = [.. o.Blocks.Where(map.Contains)] };
        }

        batch.Orders.RemoveAll(o => o.Blocks.Count == 0);
    }

    private static int Keep<T>(LayerBatch batch, List<T> records, Func<T, string> name, Func<T, string?> check)
    {
        int before = records.Count;
        records.RemoveAll(r =>
        {
            if (check(r) is not { } problem)
            {
                return false;
            }

            batch.Problems.Add(new ImportProblem(batch.File, null, $"{name(r)}: {problem}."));
            return true;
        });
        return before - records.Count;
    }

    private static string? Text(params (string Field, string? Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            if (TextCheck.Problem(value, field) is { } p)
            {
                return p.Message.TrimEnd('.');
            }
        }

        return null;
    }
}
