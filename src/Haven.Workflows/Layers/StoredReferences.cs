using Haven.Storage;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Layers;

/// <summary>
/// What new records are checked against, read from the store once per write: the block numbers and area codes
/// it holds, and where its data lies (grown by <see cref="MarginDegrees"/>), so that features far outside it
/// whose (latitude, longitude) would fall inside are reported as swapped.
/// </summary>
public sealed record StoredReferences(IReadOnlySet<int> Blocks, IReadOnlySet<string> Areas, Envelope? Extent)
{
    /// <summary>The block numbers of the other editions of the block map, by edition.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<int>> EditionBlocks { get; init; } = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);

    /// <summary>Margin around the stored areas and blocks, in degrees (about 50 km): a new layer may reach beyond what is stored, not across the world.</summary>
    public const double MarginDegrees = 0.5;

    /// <summary>Reads the stored areas and blocks once; the extent is null for a store that holds neither.</summary>
    public static async Task<StoredReferences> LoadAsync(IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var areas = await store.GetAreasAsync(cancellationToken);
        var blocks = await store.GetBlocksAsync(cancellationToken);
        var env = new Envelope();
        foreach (var a in areas)
        {
            env.ExpandToInclude(a.Boundary.EnvelopeInternal);
        }

        foreach (var b in blocks)
        {
            env.ExpandToInclude(b.Boundary.EnvelopeInternal);
        }

        if (!env.IsNull)
        {
            env.ExpandBy(MarginDegrees);
        }

        var editions = (await store.GetBlockEditionsAsync(cancellationToken)).GroupBy(b => b.Edition, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(b => b.Number).ToHashSet(), StringComparer.Ordinal);
        return new StoredReferences(blocks.Select(b => b.Number).ToHashSet(), areas.Select(a => a.Pcode).ToHashSet(StringComparer.Ordinal), env.IsNull ? null : env)
        {
            EditionBlocks = editions,
        };
    }
}
