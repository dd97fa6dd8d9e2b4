using Haven.Server.Tiles;
using Haven.Workflows.Layers;
using Haven.Workflows.PlanningAnswers;
using Haven.Protection.Lookup;
using Haven.Storage;

namespace Haven.Server.Caches;

/// <summary>
/// Something built from the store and kept, rebuilt at most every <see cref="MaxAge"/> so that imports made by
/// the command line show up without a restart. Thread-safe; readers share one instance.
/// </summary>
public abstract class StoreCache<T>(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (T Value, DateTimeOffset BuiltAt)? _current;

    protected abstract Task<T> BuildAsync(CancellationToken cancellationToken);

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } c && time.GetUtcNow() - c.BuiltAt < MaxAge)
        {
            return c.Value;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && time.GetUtcNow() - again.BuiltAt < MaxAge)
            {
                return again.Value;
            }

            var value = await BuildAsync(cancellationToken);
            _current = (value, time.GetUtcNow());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the current value (after a write made by this process).</summary>
    public void Invalidate() => _current = null;

    public void Dispose()
    {
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The protection lookup built from the store.</summary>
public sealed class LookupCache(IHavenStore store, TimeProvider time) : StoreCache<ProtectionLookup>(time)
{
    protected override Task<ProtectionLookup> BuildAsync(CancellationToken cancellationToken) => store.LoadLookupAsync(cancellationToken);
}

/// <summary>Buildings, blocks and damage calls for vector tiles.</summary>
public sealed class TileCache(IHavenStore store, TimeProvider time) : StoreCache<TileData>(time)
{
    protected override Task<TileData> BuildAsync(CancellationToken cancellationToken) => TileData.LoadAsync(store, cancellationToken);
}

/// <summary>What planning reads, so that each planning question does not read the whole store again.</summary>
public sealed class PlanningCache(IHavenStore store, TimeProvider time) : StoreCache<Haven.Geo.Outcome<PlanningSource>>(time)
{
    protected override Task<Haven.Geo.Outcome<PlanningSource>> BuildAsync(CancellationToken cancellationToken) => PlanningSource.LoadAsync(store, cancellationToken);
}

/// <summary>Every cache built from the store, to forget at once after a write made by this process.</summary>
public sealed class StoreCaches(LookupCache lookups, TileCache tiles, PlanningCache planning)
{
    public void Invalidate()
    {
        lookups.Invalidate();
        tiles.Invalidate();
        planning.Invalidate();
    }
}
