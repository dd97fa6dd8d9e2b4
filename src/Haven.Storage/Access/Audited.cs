namespace Haven.Storage.Access;

/// <summary>Writes that record themselves in the audit log.</summary>
public static class Audited
{
    /// <summary>The actor for writes made from the command line on this machine.</summary>
    public static string CommandLineActor => $"cli:{Environment.UserName}";

    /// <summary>
    /// Runs a write that can touch any layer (an import), with digests of every layer before and after it,
    /// then records it; returns the write's result and its audit sequence number. A write that fails is not recorded: it changed nothing.
    /// </summary>
    public static async Task<(T Result, long Sequence)> LayersAsync<T>(IHavenStore store, TimeProvider time, string actor, string action, string target,
        Func<Task<T>> write, Func<T, string> detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(detail);
        string before = await AuditDigest.LayersAsync(store, cancellationToken);
        var result = await write();
        string after = await AuditDigest.LayersAsync(store, cancellationToken);
        long sequence = await store.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), actor, action, target, before, after, detail(result)), cancellationToken);
        return (result, sequence);
    }

    /// <summary>Records a write whose before and after states are given as canonical text (null where there was none).</summary>
    public static Task<long> RecordAsync(IHavenStore store, TimeProvider time, string actor, string action, string target,
        string? before, string? after, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        return store.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), actor, action, target, AuditDigest.Of(before), AuditDigest.Of(after), detail), cancellationToken);
    }
}
