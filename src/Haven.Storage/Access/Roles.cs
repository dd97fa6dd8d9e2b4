namespace Haven.Storage.Access;

/// <summary>
/// Who may do what. Roles are ordered: each includes the ones below it. Anonymous callers look things up
/// and read what is published; analysts also run assessments and imports; coordinators also edit zones,
/// sites and orders and publish; admins also manage keys and read the audit log.
/// </summary>
public enum Role
{
    Anonymous = 0,
    Analyst = 1,
    Coordinator = 2,
    Admin = 3,
}

public static class Roles
{
    public static string ToCode(this Role role) => role switch
    {
        Role.Analyst => "analyst",
        Role.Coordinator => "coordinator",
        Role.Admin => "admin",
        _ => "anonymous",
    };

    /// <summary>A role a key can hold (analyst, coordinator or admin), case-insensitively.</summary>
    public static bool TryParseKeyRole(string? text, out Role role)
    {
        role = text?.Trim().ToLowerInvariant() switch
        {
            "analyst" => Role.Analyst,
            "coordinator" => Role.Coordinator,
            "admin" => Role.Admin,
            _ => Role.Anonymous,
        };
        return role != Role.Anonymous;
    }

    /// <summary>The role and every role it includes, for role claims.</summary>
    public static IEnumerable<Role> AndBelow(this Role role) => Enum.GetValues<Role>().Where(r => r != Role.Anonymous && r <= role);
}
