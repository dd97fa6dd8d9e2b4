using Haven.Storage;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Layers;

/// <summary>Where a store's data lies, so that new features far outside it whose (latitude, longitude) would fall inside are reported as swapped.</summary>
public static class StoredExtent
{
    /// <summary>Margin around the stored areas and blocks, in degrees (about 50 km): a new layer may reach beyond what is stored, not across the world.</summary>
    public const double MarginDegrees = 0.5;

    /// <summary>The envelope of the stored areas and blocks grown by <see cref="MarginDegrees"/>; null for a store that holds neither.</summary>
    public static async Task<Envelope?> OfAsync(IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var env = new Envelope();
        foreach (var a in await store.GetAreasAsync(cancellationToken))
        {
            env.ExpandToInclude(a.Boundary.EnvelopeInternal);
        }

        foreach (var b in await store.GetBlocksAsync(cancellationToken))
        {
            env.ExpandToInclude(b.Boundary.EnvelopeInternal);
        }

        if (env.IsNull)
        {
            return null;
        }

        env.ExpandBy(MarginDegrees);
        return env;
    }
}
