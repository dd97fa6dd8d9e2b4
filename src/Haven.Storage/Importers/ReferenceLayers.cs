using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Sites;
using Haven.Protection.Zones;

namespace Haven.Storage.Importers;

/// <summary>The kinds of real-world layer Haven imports, as named on the command line (`haven import KIND FILE`).</summary>
public enum ReferenceLayerKind
{
    Governorates,
    Municipalities,
    Blocks,
    Orders,
    Health,
    Places,
    Zone,

    /// <summary>Haven's own areas layer (pcode, names, level, parent, source), as exported.</summary>
    Areas,

    /// <summary>Haven's own buildings layer (id, block, pcode, area_m2), as exported.</summary>
    Buildings,
}

/// <summary>A row (feature) left out of an import, with where it is and why.</summary>
public sealed record ImportProblem(string File, int? Feature, string Reason)
{
    public override string ToString() => Feature is int f ? $"{File}: feature {f}: {Reason}" : $"{File}: {Reason}";
}

/// <summary>What one file gave: the records it holds, the rows left out and the quirks handled on the way.</summary>
public sealed class LayerBatch
{
    public LayerBatch(string file, ReferenceLayerKind kind)
    {
        File = file;
        Kind = kind;
    }

    public string File { get; }

    public ReferenceLayerKind Kind { get; }

    public int FeatureCount { get; set; }

    public List<Area> Areas { get; } = [];

    public List<Block> Blocks { get; } = [];

    public List<EvacuationOrder> Orders { get; } = [];

    public List<Site> Sites { get; } = [];

    public List<Place> Places { get; } = [];

    public List<Zone> Zones { get; } = [];

    public List<Haven.Damage.Buildings.Building> Buildings { get; } = [];

    public List<ImportProblem> Problems { get; } = [];

    /// <summary>True when the orders were typed as rows of (date, block): a row naming an unknown block is left out, not its whole order.</summary>
    public bool OrderRows { get; init; }

    /// <summary>Quirks met and handled, counted ("block numbers written as strings: 12").</summary>
    public SortedDictionary<string, int> Quirks { get; } = new(StringComparer.Ordinal);

    public int RecordCount => Areas.Count + Blocks.Count + Orders.Count + Sites.Count + Places.Count + Zones.Count + Buildings.Count;

    public void Quirk(string what) => Quirks[what] = Quirks.GetValueOrDefault(what) + 1;
}

/// <summary>What an upsert changed: records added, changed (a new version or new values) and already there unchanged.</summary>
public sealed record UpsertCounts(int Added, int Changed, int Unchanged)
{
    public static UpsertCounts operator +(UpsertCounts a, UpsertCounts b) =>
        new(a.Added + b.Added, a.Changed + b.Changed, a.Unchanged + b.Unchanged);

    public static UpsertCounts Add(UpsertCounts a, UpsertCounts b) => a + b;
}
