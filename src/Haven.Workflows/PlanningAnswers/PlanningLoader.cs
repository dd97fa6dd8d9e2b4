using Haven.Workflows.Assessments;
using Haven.Damage.Aggregation;
using Haven.Damage.Buildings;
using Haven.Damage.Timeline;
using Haven.Geo;
using Haven.Planning;
using Haven.Planning.Capacity;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Protection.Registry;
using Haven.Protection.Sites;
using Haven.Storage;

namespace Haven.Workflows.PlanningAnswers;

/// <summary>What the planning questions are asked of, read from a store as of a date.</summary>
public sealed record PlanningInputs(PlanningScene Scene, PopulationLedger Population, PlanningData Data, string? AssessmentId);

/// <summary>Reads a <see cref="PlanningScene"/> for a date from a store: the same for the command line and the server.</summary>
public static class PlanningLoader
{
    public static async Task<Outcome<PlanningInputs>> LoadAsync(IHavenStore store, DateOnly asOf, SphereStandards? standards = null, CancellationToken cancellationToken = default)
    {
        if (standards?.Validate() is string invalid)
        {
            return Outcome<PlanningInputs>.Failure("planning.standards", invalid);
        }

        var source = await PlanningSource.LoadAsync(store, cancellationToken);
        return source.Succeeded ? source.Value.On(asOf, standards) : source.Problem!;
    }
}

/// <summary>
/// Everything planning reads from a store, read once, from which a scene for any date is made without going back
/// to the store: scenes on different dates share one building index and one land union.
/// </summary>
public sealed class PlanningSource
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, Lazy<object>> _memo = new();
    private PlanningScene? _ground;

    private PlanningSource(IReadOnlyList<Area> areas, IReadOnlyList<Block> blocks, IReadOnlyList<Building> buildings, IReadOnlyList<Site> sites,
        IReadOnlyDictionary<string, IReadOnlyList<SiteState>> siteHistory, ProtectionRegistry registry, PopulationLedger population, PlanningData data,
        AssessmentSummary? assessment, DamageTimeline damage, IReadOnlyList<AreaDamage> areaDamage, IReadOnlyList<Haven.Damage.Unosat.LayerDamageSite> damageSites)
    {
        DamageSites = damageSites;
        Areas = areas;
        Blocks = blocks;
        Buildings = buildings;
        Sites = sites;
        SiteHistory = siteHistory;
        Registry = registry;
        Population = population;
        Data = data;
        Assessment = assessment;
        Damage = damage;
        AreaDamage = areaDamage;
    }

    public IReadOnlyList<Area> Areas { get; }

    public IReadOnlyList<Block> Blocks { get; }

    /// <summary>Blocks of the other editions of the block map, for the orders that name them.</summary>
    public IReadOnlyList<Block> EditionBlocks { get; private init; } = [];

    public IReadOnlyList<Building> Buildings { get; }

    public IReadOnlyList<Site> Sites { get; }

    /// <summary>Earlier states of sites whose status changed, by site id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SiteState>> SiteHistory { get; }

    public ProtectionRegistry Registry { get; }

    public PopulationLedger Population { get; }

    public PlanningData Data { get; }

    /// <summary>The newest stored assessment, or null when none is stored.</summary>
    public AssessmentSummary? Assessment { get; }

    /// <summary>The newest assessment's building calls, as a time line.</summary>
    public DamageTimeline Damage { get; }

    /// <summary>The newest assessment's damaged share per area and inference date, with intervals.</summary>
    public IReadOnlyList<AreaDamage> AreaDamage { get; }

    /// <summary>The stored UNOSAT damage sites, of every layer.</summary>
    public IReadOnlyList<Haven.Damage.Unosat.LayerDamageSite> DamageSites { get; }

    public static async Task<Outcome<PlanningSource>> LoadAsync(IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var data = await store.GetPlanningDataAsync(cancellationToken);
        var ledger = PopulationLedger.Build(await store.GetPopulationAsync(cancellationToken), data.Movements);
        if (!ledger.Succeeded)
        {
            return ledger.Problem!;
        }

        var registry = new ProtectionRegistry(await store.GetZonesAsync(cancellationToken), await store.GetOrdersAsync(cancellationToken));
        var sites = await store.GetSitesAsync(cancellationToken);
        var history = new Dictionary<string, IReadOnlyList<SiteState>>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            var states = await store.GetSiteHistoryAsync(site.Id, cancellationToken);
            if (states.Count > 0)
            {
                history[site.Id] = states;
            }
        }

        var (newest, damage) = await store.GetNewestDamageAsync(cancellationToken);
        var areaDamage = newest is null ? [] : await store.GetAssessmentAreasAsync(newest.Id, cancellationToken);
        return new PlanningSource(await store.GetAreasAsync(cancellationToken), await store.GetBlocksAsync(cancellationToken),
            await store.GetBuildingsAsync(null, cancellationToken), sites, history, registry, ledger.Value, data, newest, damage, areaDamage,
            await store.GetDamageSitesAsync(cancellationToken)) { EditionBlocks = await store.GetBlockEditionsAsync(cancellationToken) };
    }

    /// <summary>The inputs as they stood on <paramref name="asOf"/>.</summary>
    public PlanningInputs On(DateOnly asOf, SphereStandards? standards = null)
    {
        var underOrder = Registry.BlocksUnderOrderAsOf(asOf).Keys.ToHashSet();

        // Damage: the newest assessment's calls on its latest inference date on or before asOf (unknown when none is that old).
        var damaged = Damage.DamagedOn(asOf);
        var assessed = Damage.AssessedOn(asOf);

        // Sites as they stood on the date: a site whose status changed after it is read from its history.
        var sites = Sites.Select(s => SiteState.SiteOn(s, SiteHistory.GetValueOrDefault(s.Id), asOf)).OfType<Site>().ToList();

        var otherEditions = EditionBlocks.Where(b => Registry.OrderFor(b.Edition, b.Number, asOf) is not null).ToList();
        var scene = new PlanningScene(asOf, Areas, Blocks, underOrder, Buildings, damaged, assessed, sites, Population, Data.Services, standards, Volatile.Read(ref _ground), otherEditions);
        Interlocked.CompareExchange(ref _ground, scene, null);

        return new PlanningInputs(scene, Population, Data, damaged is null ? null : Assessment!.Id);
    }

    /// <summary>
    /// A result computed once from this source and kept with it (answers made from the same data are the same), so
    /// that many readers asking the same question share one computation.
    /// </summary>
    public T Memo<T>(object key, Func<T> make)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(make);
        if (_memo.Count >= 64)
        {
            _memo.Clear(); // many different questions: keep memory bounded, recompute on demand
        }

        return (T)_memo.GetOrAdd(key, _ => new Lazy<object>(make)).Value;
    }

    /// <summary>The newest assessment's latest inference date on or before <paramref name="asOf"/>, or null.</summary>
    public DateOnly? DamageDate(DateOnly asOf) => Damage.EpochOn(asOf);

    /// <summary>
    /// The dates on which something planning reads changes: population counts, movements, evacuation orders,
    /// protected zones, assessment dates and the dates UNOSAT read its sites; sorted, without repeats.
    /// </summary>
    public IReadOnlyList<DateOnly> ChangeDates() =>
        [.. Population.Dates
            .Concat(Registry.Orders.Select(o => o.EffectiveFrom))
            .Concat(Registry.Orders.Where(o => o.LiftedOn is not null).Select(o => o.LiftedOn!.Value))
            .Concat(Registry.Zones.Select(z => z.ValidFrom))
            .Concat(Assessment?.InferenceDates ?? [])
            .Concat(Haven.Damage.Unosat.DamageSites.ReadingDates(DamageSites.Select(s => s.Site)))
            .Distinct().Order()];
}
