using Haven.Protection.Publication;
using Haven.Protection.Registry;
using Haven.Storage;
using Haven.Storage.Access;

namespace Haven.Workflows.Publications;

/// <summary>Publishes what a store holds into its ledger, and exports entries with their chain.</summary>
public static class Publisher
{
    /// <summary>
    /// The key file beside a store: keys/publication.key in a SQLite store's folder, or in the working folder
    /// for a PostgreSQL store (the key never goes into the database).
    /// </summary>
    public static string DefaultKeyPath(string database) =>
        Path.Combine(Haven.Storage.Postgis.PostgisStore.IsConnectionString(database) ? Path.GetFullPath(".") : Path.GetDirectoryName(Path.GetFullPath(database))!,
            "keys", "publication.key");

    /// <summary>Signs the zones, orders and sites in force on <paramref name="asOf"/> as the next ledger entry.</summary>
    public static async Task<LedgerEntry> PublishAsync(IHavenStore store, PublicationKey key, DateOnly asOf, DateTimeOffset now, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        // The entry, and the audit row that records it, in one transaction: the ledger read, signed and appended together.
        return await store.InTransactionAsync(async () =>
        {
            var registry = new ProtectionRegistry(await store.GetZonesAsync(cancellationToken), await store.GetOrdersAsync(cancellationToken));
            var content = PublicationContent.Serialise(asOf, registry.ZonesAsOf(asOf), registry.OrdersAsOf(asOf), await store.GetSitesAsync(cancellationToken));
            var entries = await store.GetPublicationsAsync(false, cancellationToken);
            var entry = Ledger.Append(entries.Count == 0 ? null : entries[^1], content, now, key);
            await store.AppendPublicationAsync(entry, cancellationToken);
            await store.AppendAuditAsync(new AuditEntry(0, now, actor, "publish", $"publication {entry.Sequence}",
                entries.Count == 0 ? null : entries[^1].ContentSha256, entry.ContentSha256, $"zones, orders and sites in force on {asOf:yyyy-MM-dd}"), cancellationToken);
            return entry;
        }, cancellationToken);
    }

    /// <summary>The export of entry <paramref name="sequence"/>, or null when there is no such entry.</summary>
    public static async Task<byte[]?> ExportAsync(IHavenStore store, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = await store.GetPublicationsAsync(true, cancellationToken);
        var entry = entries.FirstOrDefault(e => e.Sequence == sequence);
        return entry is null ? null : Ledger.Export(entry, [.. entries.Where(e => e.Sequence < sequence)]);
    }
}
