namespace Haven.Storage.Access;

/// <summary>
/// One write, as the audit log keeps it: who (a key id with its role, or the command line's user), when,
/// what (an action and its target), SHA-256 digests of the state before and after, and a plain note.
/// </summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Actor, string Action, string Target, string? Before, string? After, string Detail);
