namespace Haven.Damage.Unosat;

/// <summary>
/// A UNOSAT damage-site layer as imported: its id (kept as given), the file it came from and that file's SHA-256,
/// when it was imported, and its sites. A dated damage source of its own (<see cref="DamageSites.Method"/>).
/// </summary>
public sealed record DamageSiteLayer(string Id, string File, string Sha256, DateTimeOffset ImportedAt, IReadOnlyList<DamageSite> Sites)
{
    /// <summary>Every date on which any of the layer's sites was read.</summary>
    public IReadOnlyList<DateOnly> Dates => DamageSites.ReadingDates(Sites);

    public DamageSiteLayerInfo Info => new(Id, File, Sha256, ImportedAt, Sites.Count, Dates);
}

/// <summary>What a stored damage-site layer is, without its sites.</summary>
public sealed record DamageSiteLayerInfo(string Id, string File, string Sha256, DateTimeOffset ImportedAt, int Sites, IReadOnlyList<DateOnly> Dates)
{
    public string Method { get; } = DamageSites.Method;
}

/// <summary>A stored damage site and the layer it belongs to.</summary>
public sealed record LayerDamageSite(string Layer, DamageSite Site);
