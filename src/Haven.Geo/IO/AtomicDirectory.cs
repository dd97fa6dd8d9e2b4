using System.Globalization;

namespace Haven.Geo.IO;

/// <summary>
/// Builds an output folder under a temporary name beside its target and moves it into place only when
/// complete, so a failed run leaves nothing half-written. An existing folder is replaced only when it holds
/// what the isOurs check recognises; any other non-empty folder is left alone.
/// </summary>
public static class AtomicDirectory
{
    public static void Write(string directory, Func<string, bool> isOurs, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(isOurs);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(directory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !isOurs(target))
        {
            throw new IOException($"{target}: the folder exists and holds other files; refusing to overwrite it.");
        }

        string temp = target + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(temp, target);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
