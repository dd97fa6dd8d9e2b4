using Haven.Storage;
using Haven.Storage.Access;

namespace Haven.Workflows.Access;

/// <summary>
/// Writes that record themselves in the audit log. The write and its audit row run in one store transaction
/// (<see cref="IHavenStore.InTransactionAsync{T}"/>): both commit, or neither does, whatever kills the process.
/// </summary>
public static class Audited
{
    /// <summary>The actor for writes made from the command line on this machine.</summary>
    public static string CommandLineActor => $"cli:{Environment.UserName}";

    /// <summary>
    /// Runs a write that can touch any layer (an import), with digests of every layer before and after it,
    /// and records it; returns the write's result and its audit sequence number. A write that fails, or whose
    /// <paramref name="detail"/> is null (it declined to write), is not recorded (sequence 0): it changed nothing.
    /// </summary>
    public static Task<(T Result, long Sequence)> LayersAsync<T>(IHavenStore store, TimeProvider time, string actor, string action, string target,
        Func<Task<T>> write, Func<T, string?> detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(detail);
        return store.InTransactionAsync(async () =>
        {
            string before = await AuditDigest.LayersAsync(store, cancellationToken);
            var result = await write();
            if (detail(result) is not { } note)
            {
                return (result, 0L);
            }

            string after = await AuditDigest.LayersAsync(store, cancellationToken);
            long sequence = await store.AppendAuditAsync(new AuditEntry(0, time.GetUtcNow(), actor, action, target, before, after, note), cancellationToken);
            return (result, sequence);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs a write that reports its own before and after states as canonical text (null where there was none)
    /// and records it; a write whose <see cref="AuditedWrite{T}.Detail"/> is null changed nothing and is not recorded (sequence 0).
    /// </summary>
    public static Task<(T Result, long Sequence)> WriteAsync<T>(IHavenStore store, TimeProvider time, string actor, string action, string target,
        Func<Task<AuditedWrite<T>>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(write);
        return store.InTransactionAsync(async () =>
        {
            var w = await write();
            if (w.Detail is null)
            {
                return (w.Result, 0L);
            }

            long sequence = await store.AppendAuditAsync(
                new AuditEntry(0, time.GetUtcNow(), actor, action, target, AuditDigest.Of(w.Before), AuditDigest.Of(w.After), w.Detail), cancellationToken);
            return (w.Result, sequence);
        }, cancellationToken);
    }
}

/// <summary>What an audited write did: its result, the state before and after as canonical text, and a plain note (null: nothing changed).</summary>
public sealed record AuditedWrite<T>(T Result, string? Before, string? After, string? Detail);
