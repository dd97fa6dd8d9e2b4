namespace Haven.Geo.IO;

/// <summary>
/// Paths that must stay inside a folder: a relative name is resolved with every symbolic link along it followed,
/// and refused unless the real file lies inside the real folder. A server uses this for names its clients send,
/// so a link planted in its input folder cannot lead it to read (and quote from) files elsewhere.
/// Thread-safe (static, reads the file system only).
/// </summary>
public static class ConfinedPath
{
    private const int MaxLinks = 40;

    /// <summary>The real path of <paramref name="relative"/> inside <paramref name="root"/>, or null when it is rooted, leaves the folder or a link leads out of it.</summary>
    public static string? Resolve(string root, string relative)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative) || relative.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        string realRoot = RealPath(Path.GetFullPath(root));
        string real = RealPath(Path.GetFullPath(Path.Combine(realRoot, relative)));
        return Inside(realRoot, real) ? real : null;
    }

    /// <summary>True when <paramref name="path"/>, with its links followed, lies inside <paramref name="root"/> (its links followed too).</summary>
    public static bool IsInside(string root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        return Inside(RealPath(Path.GetFullPath(root)), RealPath(Path.GetFullPath(path)));
    }

    private static bool Inside(string root, string path) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link in it followed, component by component (a missing tail is kept as written).</summary>
    public static string RealPath(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        string current = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new Stack<string>(fullPath[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return next; // a loop: leave it for the caller's existence check to refuse
                }

                // Follow the link, then walk what it points to (it may itself hold links or '..').
                string resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                foreach (string p in Path.GetFullPath(resolved)[(Path.GetPathRoot(resolved)?.Length ?? 1)..]
                    .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(p);
                }

                current = Path.GetPathRoot(Path.GetFullPath(resolved)) ?? "/";
                continue;
            }

            current = next;
        }

        return current;
    }
}
