using Haven.Geo;
using Haven.Damage.Aggregation;
using Haven.Damage.Buildings;
using Haven.Planning;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Publication;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Access;
using Haven.Storage.Assessments;
using Haven.Storage.Importers;
using Haven.Storage.Scenarios;
using NetTopologySuite.Geometries;

namespace Haven.Storage;

/// <summary>
/// The store contract: what Haven keeps, whichever database holds it. Writes are transactional: a scenario
/// lands whole or not at all. Implementations are thread-safe (one connection per call).
/// </summary>
public interface IHavenStore
{
    /// <summary>Where the store is, fit for messages and logs: a file path, or a database address without credentials.</summary>
    string Location { get; }

    /// <summary>Creates or upgrades the schema in place; returns the schema version now in force.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The loaded scenario, or null when the store is empty.</summary>
    Task<ScenarioInfo?> GetScenarioAsync(CancellationToken cancellationToken = default);

    /// <summary>What the store holds, counted by kind.</summary>
    Task<StoreContents> GetContentsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a scenario in one transaction into an empty store. A store that already holds this scenario (same
    /// name, seed and source) is left as it is. A store holding anything else is refused (code store.not_empty,
    /// naming what it holds) unless <paramref name="replace"/> is set: then every layer is deleted and the
    /// scenario loaded in its place, an act the caller audits.
    /// </summary>
    Task<Outcome<ScenarioLoad>> ImportScenarioAsync(Scenario scenario, bool replace = false, IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Area>> GetAreasAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Block>> GetBlocksAsync(CancellationToken cancellationToken = default);

    /// <summary>The blocks of the other editions of the block map (<see cref="Block.Edition"/> not the main one), by edition and number.</summary>
    Task<IReadOnlyList<Block>> GetBlockEditionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Buildings whose bounding boxes meet the envelope (WGS 84), or all when it is null.</summary>
    Task<IReadOnlyList<Building>> GetBuildingsAsync(Envelope? within = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Site>> GetSitesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every version of every zone; pick the ones valid on a date with the protection registry.</summary>
    Task<IReadOnlyList<Zone>> GetZonesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<EvacuationOrder>> GetOrdersAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PopulationRecord>> GetPopulationAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or updates records of real layers in one transaction, by their keys: areas by P-code, blocks by
    /// number, sites and places by id, zones as a new version when anything differs, orders by id with their
    /// blocks accumulated. Importing the same records again changes nothing.
    /// </summary>
    Task<UpsertCounts> UpsertLayersAsync(IReadOnlyList<LayerBatch> batches, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Place>> GetPlacesAsync(CancellationToken cancellationToken = default);

    /// <summary>A site's earlier states, oldest first, then its current one; empty for an unknown site.</summary>
    Task<IReadOnlyList<SiteState>> GetSiteHistoryAsync(string siteId, CancellationToken cancellationToken = default);

    /// <summary>Ledger entries, oldest first (with their content when asked).</summary>
    Task<IReadOnlyList<LedgerEntry>> GetPublicationsAsync(bool withContent = false, CancellationToken cancellationToken = default);

    /// <summary>Appends an entry; refused unless it follows the latest one (sequence and previous hash).</summary>
    Task AppendPublicationAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Adds an API key record (its salted hash; the secret is never stored).</summary>
    Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>The key with this public id, revoked or not; null when there is none.</summary>
    Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every key, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a key from now on; false when there is no such key or it was already revoked.</summary>
    Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction: every read and write it makes through this store on the
    /// same async flow commits together when it returns, or not at all when it throws. Calls nest (an inner call joins).
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>Appends a write to the audit log; returns its sequence number. Audited writes go through the workflows' Audited, in one transaction with their change.</summary>
    Task<long> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Audit entries in order, after a sequence number, at most <paramref name="limit"/> of them.</summary>
    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long after = 0, int limit = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>The planning tables (movements, services, trucks, crossings, access); empty ones when none were loaded.</summary>
    Task<PlanningData> GetPlanningDataAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces one planning table (see <see cref="PlanningTables.Kinds"/>) with the given CSV, after checking it reads.</summary>
    Task SavePlanningTableAsync(string kind, string csv, CancellationToken cancellationToken = default);

    /// <summary>Adds population records, replacing any for the same area and date, in one transaction; returns how many were written.</summary>
    Task<int> UpsertPopulationAsync(IReadOnlyList<PopulationRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Stores a finished assessment (its building scores and area results) in one transaction.</summary>
    Task SaveAssessmentAsync(AssessmentRun run, CancellationToken cancellationToken = default);

    /// <summary>Assessments stored, newest first.</summary>
    Task<IReadOnlyList<AssessmentSummary>> ListAssessmentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Each scored building's cumulative damage call in one assessment, by inference date then building id.</summary>
    Task<IReadOnlyList<BuildingDamage>> GetBuildingDamageAsync(string assessmentId, CancellationToken cancellationToken = default);

    /// <summary>Area results of one assessment, by inference date and area code.</summary>
    Task<IReadOnlyList<AreaDamage>> GetAssessmentAreasAsync(string assessmentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a damage-site layer (UNOSAT) under its id, in one transaction. A layer already stored under that id is
    /// kept and nothing is written (false), unless <paramref name="replace"/> asks for it to be replaced.
    /// </summary>
    Task<bool> SaveDamageSiteLayerAsync(Damage.Unosat.DamageSiteLayer layer, bool replace = false, CancellationToken cancellationToken = default);

    /// <summary>The stored damage-site layers, oldest import first.</summary>
    Task<IReadOnlyList<Damage.Unosat.DamageSiteLayerInfo>> ListDamageSiteLayersAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored damage site, by layer and site index.</summary>
    Task<IReadOnlyList<Damage.Unosat.LayerDamageSite>> GetDamageSitesAsync(CancellationToken cancellationToken = default);
}

/// <summary>One building's damage call on one inference date of an assessment, and its score (NaN when it could not be scored).</summary>
public readonly record struct BuildingDamage(DateOnly Inference, string BuildingId, bool Damaged, double Score = double.NaN)
{
    /// <summary>The stored call read by the one rule: damaged, intact, or null where the date's map did not score the building.</summary>
    public bool? Call => Haven.Damage.Timeline.DamageCall.Of(Damaged, Score);
}

/// <summary>A stored assessment, as listed.</summary>
public sealed record AssessmentSummary(string Id, DateTimeOffset CreatedAt, string Method, DateOnly EventDate, IReadOnlyList<DateOnly> InferenceDates);
