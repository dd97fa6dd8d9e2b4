
namespace Haven.Server.Apis;

/// <summary>What a write did: its action and target, records added, changed and unchanged, and its audit sequence number.</summary>
public sealed record WriteResult(string Action, string Target, int Added, int Changed, int Unchanged, long AuditSequence);
