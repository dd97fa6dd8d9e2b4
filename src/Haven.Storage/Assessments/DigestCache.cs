using System.Security.Cryptography;
using System.Text;
using Haven.Geo.IO;

namespace Haven.Storage.Assessments;

/// <summary>
/// The SHA-256 of local files kept between runs, each under the file's <see cref="FileIdentity"/>, so that a file
/// not changed since it was hashed is not read again: running again over a folder of products or a stack costs a
/// look-up per file instead of reading every byte. A digest is kept only when the file's identity was the same
/// before and after it was read, and its last change was at least <see cref="Settle"/> before the read began (a
/// write within the file system's timestamp resolution could otherwise leave the identity as it was). An entry is
/// one small file named after the path; anything unreadable in the folder is a miss, and a folder that cannot be
/// written leaves the files hashed as before. Without <c>statx</c> (not Linux) every file is read. The folder is kept
/// to <paramref name="maxEntries"/>: the first entry a cache writes, when the folder holds more, removes the entries
/// written longest ago down to half that (files deleted since leave entries behind; a file whose entry went is read again).
/// </summary>
public sealed class DigestCache(string folder, TimeSpan settle, int maxEntries = 20_000)
{
    private const string Header = "haven file digest 1";
    private int _pruned;

    /// <summary>The folder of entries.</summary>
    public string Folder { get; } = folder;

    /// <summary>How long a file must have been left unchanged before its digest is kept.</summary>
    public TimeSpan Settle { get; } = settle;

    /// <summary>
    /// The cache Haven uses: <c>digests</c> under <see cref="CacheFolders.Root"/>, or none when the environment
    /// variable <c>HAVEN_DIGEST_CACHE</c> is <c>off</c> (every file read on every run).
    /// </summary>
    public static DigestCache? Default { get; } =
        string.Equals(Environment.GetEnvironmentVariable("HAVEN_DIGEST_CACHE"), "off", StringComparison.OrdinalIgnoreCase)
            ? null
            : new DigestCache(Path.Combine(CacheFolders.Root(), "digests"), TimeSpan.FromSeconds(2));

    /// <summary>The file's SHA-256 as lower-case hex: from the cache when its identity is unchanged, else read (and kept).</summary>
    public string Sha256Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        var before = FileIdentity.Of(full);
        if (before is { } known && Find(full, known) is { } cached)
        {
            return cached;
        }

        var started = DateTimeOffset.UtcNow;
        string digest = InputFile.Compute(full);
        if (before is { } b && started - b.LastChange >= Settle && FileIdentity.Of(full) == b)
        {
            Keep(full, b, digest);
        }

        return digest;
    }

    /// <summary>The digest kept for the file as it is now, or null.</summary>
    public string? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        return FileIdentity.Of(full) is { } identity ? Find(full, identity) : null;
    }

    private string? Find(string full, FileIdentity identity)
    {
        try
        {
            var lines = File.ReadAllLines(Entry(full), Encoding.UTF8);
            return lines.Length == 4 && lines[0] == Header && lines[1] == full && FileIdentity.Parse(lines[2]) == identity && IsDigest(lines[3])
                ? lines[3]
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Keep(string full, FileIdentity identity, string digest)
    {
        string entry = Entry(full);
        string temp = entry + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(temp, string.Join('\n', Header, full, identity.ToString(), digest) + "\n", new UTF8Encoding(false));
            File.Move(temp, entry, overwrite: true);
            if (Interlocked.Exchange(ref _pruned, 1) == 0)
            {
                Prune();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the digest was worked out and is returned all the same.
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Removes the entries written longest ago when there are more than the bound, and temporary files a killed run left.</summary>
    private void Prune()
    {
        var folder = new DirectoryInfo(Folder);
        foreach (var stale in folder.EnumerateFiles("*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
        {
            stale.Delete();
        }

        var entries = folder.GetFiles("*.txt");
        if (entries.Length <= maxEntries)
        {
            return;
        }

        foreach (var old in entries.OrderBy(f => f.LastWriteTimeUtc).Take(entries.Length - maxEntries / 2))
        {
            old.Delete();
        }
    }

    private string Entry(string full) =>
        Path.Combine(Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..32] + ".txt");

    private static bool IsDigest(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);
}
