using Haven.Protection.Lookup;
using Haven.Storage;

namespace Haven.Server.Extensions;

/// <summary>
/// The protection lookup built from the store, rebuilt at most every <see cref="MaxAge"/> so that imports
/// made by the command line show up without a restart. Thread-safe; readers share one instance.
/// </summary>
public sealed class LookupCache(IHavenStore store, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ProtectionLookup Lookup, DateTimeOffset BuiltAt)? _current;

    public async Task<ProtectionLookup> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } c && time.GetUtcNow() - c.BuiltAt < MaxAge)
        {
            return c.Lookup;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && time.GetUtcNow() - again.BuiltAt < MaxAge)
            {
                return again.Lookup;
            }

            var lookup = await store.LoadLookupAsync(cancellationToken);
            _current = (lookup, time.GetUtcNow());
            return lookup;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the current lookup (after a write made by this process).</summary>
    public void Invalidate() => _current = null;

    public void Dispose() => _gate.Dispose();
}
