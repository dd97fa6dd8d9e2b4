using Haven.Server.Caches;
using Haven.Workflows.Assessments;
using Haven.Damage.Buildings;
using Haven.Damage.Timeline;
using Haven.Protection.Areas;
using Haven.Storage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Haven.Server.Tiles;

/// <summary>
/// What vector tiles are cut from, held in memory with spatial indexes: buildings with the damage calls of the
/// newest stored assessment, blocks, and UNOSAT damage sites. Kept by <see cref="TileCache"/>.
/// </summary>
public sealed class TileData
{
    private readonly DamageTimeline _damage;

    private TileData(IReadOnlyList<Building> buildings, IReadOnlyList<Block> blocks, DamageTimeline damage, string? assessmentId,
        IReadOnlyList<Haven.Damage.Unosat.LayerDamageSite> damageSites)
    {
        DamageSites = new STRtree<Haven.Damage.Unosat.LayerDamageSite>();
        foreach (var s in damageSites)
        {
            DamageSites.Insert(s.Site.Location.EnvelopeInternal, s);
        }

        DamageSites.Build();
        _siteReadings = Haven.Damage.Unosat.DamageSites.ReadingDates(damageSites.Select(s => s.Site));
        Buildings = new STRtree<Building>();
        foreach (var b in buildings)
        {
            Buildings.Insert(b.Footprint.EnvelopeInternal, b);
        }

        Buildings.Build();
        _byBlock = buildings.GroupBy(b => b.Block).ToDictionary(g => g.Key, g => g.Select(b => b.Id).ToArray());
        Blocks = new STRtree<Block>();
        foreach (var b in blocks)
        {
            Blocks.Insert(b.Boundary.EnvelopeInternal, b);
        }

        Blocks.Build();
        _damage = damage;
        AssessmentId = assessmentId;
    }

    private const int MaxEncodedTiles = 20_000;

    /// <summary>Tiles already encoded while this data is current, by layer, tile and the date that decides their content.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Layer, int Z, int X, int Y, DateOnly Epoch), byte[]> _encoded = new();

    /// <summary>An encoded tile from memory, or made once and kept (the cache is cleared when it grows past its cap).</summary>
    public byte[] Encoded(string layer, int z, int x, int y, DateOnly epoch, Func<byte[]> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        var key = (layer, z, x, y, epoch);
        if (_encoded.TryGetValue(key, out var bytes))
        {
            return bytes;
        }

        if (_encoded.Count >= MaxEncodedTiles)
        {
            _encoded.Clear();
        }

        return _encoded.GetOrAdd(key, _ => make());
    }

    /// <summary>The date that decides the damage shown as of <paramref name="asOf"/>: the latest inference date on or before it.</summary>
    public DateOnly DamageEpoch(DateOnly asOf) => _damage.EpochOn(asOf) ?? DateOnly.MinValue;

    private readonly Dictionary<int, string[]> _byBlock;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, IReadOnlyDictionary<int, BlockDamage>> _blockDamage = new();

    /// <summary>Per block, its structures and how many were assessed and called damaged as of the date (one count per damage epoch).</summary>
    public IReadOnlyDictionary<int, BlockDamage> BlockDamageAsOf(DateOnly asOf) => _blockDamage.GetOrAdd(DamageEpoch(asOf), epoch =>
        _byBlock.ToDictionary(kv => kv.Key, kv =>
        {
            int assessed = 0, damaged = 0;
            foreach (string id in kv.Value)
            {
                switch (DamageOf(id, epoch))
                {
                    case "damaged": assessed++; damaged++; break;
                    case "intact": assessed++; break;
                }
            }

            return new BlockDamage(kv.Value.Length, assessed, damaged);
        }));

    public STRtree<Building> Buildings { get; }

    public STRtree<Block> Blocks { get; }

    /// <summary>UNOSAT damage sites of every stored layer.</summary>
    public STRtree<Haven.Damage.Unosat.LayerDamageSite> DamageSites { get; }

    private readonly IReadOnlyList<DateOnly> _siteReadings;

    /// <summary>The date that decides the damage sites shown as of <paramref name="asOf"/>: the latest reading on or before it.</summary>
    public DateOnly DamageSiteEpoch(DateOnly asOf) => _siteReadings.LastOrDefault(d => d <= asOf, DateOnly.MinValue);

    /// <summary>The assessment damage comes from, or null when none is stored.</summary>
    public string? AssessmentId { get; }

    /// <summary>"damaged", "intact", or "not assessed" (no assessment, or none of its dates on or before <paramref name="asOf"/>).</summary>
    public string DamageOf(string building, DateOnly asOf) => DamageTimeline.Text(_damage.StateOn(building, asOf));

    public static async Task<TileData> LoadAsync(IHavenStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (newest, damage) = await store.GetNewestDamageAsync(ct);
        return new TileData(await store.GetBuildingsAsync(null, ct), await store.GetBlocksAsync(ct), damage, newest?.Id, await store.GetDamageSitesAsync(ct));
    }
}

/// <summary>A block's structures, how many an assessment covered by a date, and how many it called damaged.</summary>
public readonly record struct BlockDamage(int Structures, int Assessed, int Damaged)
{
    /// <summary>Damaged over assessed, or null when none was assessed.</summary>
    public double? Share => Assessed == 0 ? null : Damaged / (double)Assessed;
}
