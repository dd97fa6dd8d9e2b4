namespace Haven.Protection.Sites;

/// <summary>One state of a site: what it was, and when that state was replaced (null for the current one).</summary>
public sealed record SiteState(DateTimeOffset? ReplacedAt, string Kind, string NameEn, string NameAr, string Status, DateOnly StatusSince, string Source)
{
    /// <summary>
    /// The site as it stood on <paramref name="date"/>: itself when its status dates from then or earlier, else its
    /// latest earlier state from <paramref name="history"/>; null when no known status is that old.
    /// </summary>
    public static Site? SiteOn(Site site, IEnumerable<SiteState>? history, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.StatusSince <= date)
        {
            return site;
        }

        var earlier = history?.Where(h => h.StatusSince <= date).MaxBy(h => h.StatusSince);
        return earlier is null ? null : site with { Status = earlier.Status, StatusSince = earlier.StatusSince };
    }
}
