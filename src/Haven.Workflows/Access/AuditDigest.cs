using System.Security.Cryptography;
using System.Text;
using Haven.Protection.Sites;
using Haven.Storage;

namespace Haven.Workflows.Access;

/// <summary>Digests of stored state for the audit log.</summary>
public static class AuditDigest
{
    /// <summary>SHA-256 (hex) of a state's canonical text; null for a state that does not exist.</summary>
    public static string? Of(string? canonical) =>
        canonical is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>A digest of the layers a write can touch: every record of each, in key order, geometry as WKB.</summary>
    public static async Task<string> LayersAsync(IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var wkb = new NetTopologySuite.IO.WKBWriter();
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        foreach (var a in await store.GetAreasAsync(cancellationToken))
        {
            Add($"area|{a.Pcode}|{a.NameEn}|{a.NameAr}|{a.Level}|{a.ParentPcode}|{a.Source}");
            hash.AppendData(wkb.Write(a.Boundary));
        }

        foreach (var b in await store.GetBlocksAsync(cancellationToken))
        {
            Add($"block|{b.Number}|{b.AreaPcode}|{b.Source}");
            hash.AppendData(wkb.Write(b.Boundary));
        }

        foreach (var b in await store.GetBlockEditionsAsync(cancellationToken))
        {
            Add($"block|{b.Edition}/{b.Number}|{b.AreaPcode}|{b.Source}");
            hash.AppendData(wkb.Write(b.Boundary));
        }

        foreach (var b in await store.GetBuildingsAsync(null, cancellationToken))
        {
            Add(FormattableString.Invariant($"building|{b.Id}|{b.Block}|{b.AreaPcode}|{b.AreaM2:R}"));
            hash.AppendData(wkb.Write(b.Footprint));
        }

        foreach (var s in await store.GetSitesAsync(cancellationToken))
        {
            Add(SiteText(s));
        }

        foreach (var z in await store.GetZonesAsync(cancellationToken))
        {
            Add(ZoneText(z));
        }

        foreach (var o in await store.GetOrdersAsync(cancellationToken))
        {
            Add(OrderText(o));
        }

        foreach (var p in await store.GetPlacesAsync(cancellationToken))
        {
            Add(FormattableString.Invariant($"place|{p.Id}|{p.Kind}|{p.NameEn}|{p.NameAr}|{p.Location.X:R}|{p.Location.Y:R}|{p.Source}"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string SiteText(Protection.Sites.Site s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return $"site|{s.Id}|{s.Kind.ToCode()}|{s.NameEn}|{s.NameAr}|{s.Status}|{s.StatusSince:yyyy-MM-dd}|{s.Location.AsText()}|{s.Source}";
    }

    public static string ZoneText(Protection.Zones.Zone z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return $"zone|{z.Id}|{z.Version}|{z.Kind}|{z.NameEn}|{z.NameAr}|{z.ValidFrom:yyyy-MM-dd}|{z.ValidTo:yyyy-MM-dd}|{z.Boundary.AsText()}|{z.Source}";
    }

    public static string OrderText(Protection.Orders.EvacuationOrder o)
    {
        ArgumentNullException.ThrowIfNull(o);
        // The edition is named only when it is not the main map, so that the digests of stores without editions are as they were.
        return $"order|{o.Id}|{o.IssuedAt.ToUniversalTime():O}|{o.EffectiveFrom:yyyy-MM-dd}|{o.LiftedOn:yyyy-MM-dd}|{string.Join(',', o.Blocks)}|{o.StatusEn}|{o.StatusAr}|{o.DeclaresSafe}|{o.Source}"
            + (o.Edition.Length > 0 ? $"|edition {o.Edition}" : "");
    }
}
