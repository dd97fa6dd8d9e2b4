namespace Haven.Storage;

/// <summary>One state of a site: what it was, and when that state was replaced (null for the current one).</summary>
public sealed record SiteState(DateTimeOffset? ReplacedAt, string Kind, string NameEn, string NameAr, string Status, DateOnly StatusSince, string Source);
