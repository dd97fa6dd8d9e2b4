namespace Haven.Geo.IO;

/// <summary>
/// Where Haven keeps what it can make again between runs: <c>$XDG_CACHE_HOME/haven</c>, else <c>~/.cache/haven</c>,
/// else (a service with no home) <c>haven-cache</c> in the temporary folder, never the working folder.
/// </summary>
public static class CacheFolders
{
    public static string Root()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "haven");
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return !string.IsNullOrEmpty(home) && Path.IsPathFullyQualified(home)
            ? Path.Combine(home, ".cache", "haven")
            : Path.Combine(Path.GetTempPath(), "haven-cache");
    }
}
