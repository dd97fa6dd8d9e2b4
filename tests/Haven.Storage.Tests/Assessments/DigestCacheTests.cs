using System.Security.Cryptography;
using Haven.Geo.IO;
using Haven.Geo.Tests.Support;
using Haven.Storage.Assessments;

namespace Haven.Storage.Tests.Assessments;

/// <summary>Digests kept between runs (<see cref="DigestCache"/>) under the file's identity (<see cref="FileIdentity"/>), on files written here.</summary>
public sealed class DigestCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-digests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Cache => Path.Combine(_dir, "cache");

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void An_unchanged_file_is_not_read_again_the_digest_kept_for_it_is_returned()
    {
        byte[] bytes = [1, 2, 3, 4, 5];
        string file = Write("a.tif", bytes);
        var cache = new DigestCache(Cache, TimeSpan.Zero);

        Assert.Equal(Sha256(bytes), cache.Sha256Of(file));
        string entry = Assert.Single(Directory.GetFiles(Cache));
        Assert.Equal(Sha256(bytes), cache.Find(file));

        // The kept digest is put in place of the true one: what comes back was not read from the file.
        var lines = File.ReadAllLines(entry);
        lines[^1] = new string('a', 64);
        File.WriteAllLines(entry, lines);
        Assert.Equal(new string('a', 64), cache.Sha256Of(file));
    }

    [SkippableFact]
    public void Every_real_opera_image_gets_its_true_digest_the_first_time_and_from_the_cache_the_second()
    {
        Skip.If(ReferenceData.OperaBurst is null, ReferenceData.NoS1Samples);
        var cache = new DigestCache(Cache, TimeSpan.FromSeconds(2));
        var images = Directory.GetFiles(ReferenceData.OperaBurst!, "*.tif");
        Assert.Equal(10, images.Length);

        foreach (string image in images)
        {
            string truth = Sha256(File.ReadAllBytes(image));
            Assert.Equal(truth, cache.Sha256Of(image));
            Assert.Equal(truth, cache.Find(image)); // the downloads have long settled, so each digest is kept
            Assert.Equal(truth, cache.Sha256Of(image));
        }

        Assert.Equal(10, Directory.GetFiles(Cache, "*.txt").Length);
    }

    [Fact]
    public void A_file_rewritten_with_the_same_size_and_modification_time_or_replaced_by_another_is_read_again()
    {
        string file = Write("a.tif", [1, 2, 3, 4, 5]);
        var modified = File.GetLastWriteTimeUtc(file);
        var cache = new DigestCache(Cache, TimeSpan.Zero);
        cache.Sha256Of(file);

        byte[] rewritten = [9, 9, 9, 9, 9];
        File.WriteAllBytes(file, rewritten);
        File.SetLastWriteTimeUtc(file, modified);
        Assert.Null(cache.Find(file));
        Assert.Equal(Sha256(rewritten), cache.Sha256Of(file));

        byte[] other = [7, 7, 7, 7, 7];
        string replacement = Write("b.tif", other);
        File.SetLastWriteTimeUtc(replacement, modified);
        File.Move(replacement, file, overwrite: true);
        Assert.Null(cache.Find(file));
        Assert.Equal(Sha256(other), cache.Sha256Of(file));
    }

    [Fact]
    public void A_file_changed_within_the_settle_time_is_hashed_but_its_digest_is_not_kept()
    {
        byte[] bytes = [1, 2, 3];
        string file = Write("fresh.tif", bytes);
        var cache = new DigestCache(Cache, TimeSpan.FromHours(1));

        Assert.Equal(Sha256(bytes), cache.Sha256Of(file));
        Assert.Null(cache.Find(file));
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void A_damaged_entry_is_a_miss_and_the_file_is_read_and_its_digest_kept_again()
    {
        byte[] bytes = [4, 5, 6];
        string file = Write("a.tif", bytes);
        var cache = new DigestCache(Cache, TimeSpan.Zero);
        cache.Sha256Of(file);
        string entry = Assert.Single(Directory.GetFiles(Cache));
        File.WriteAllText(entry, "not an entry");

        Assert.Null(cache.Find(file));
        Assert.Equal(Sha256(bytes), cache.Sha256Of(file));
        Assert.Equal(Sha256(bytes), cache.Find(file));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_made_leaves_the_digest_as_read()
    {
        byte[] bytes = [1, 1, 2, 3, 5, 8];
        string file = Write("a.tif", bytes);
        string blocker = Write("not-a-folder", [0]);
        var cache = new DigestCache(Path.Combine(blocker, "cache"), TimeSpan.Zero);

        Assert.Equal(Sha256(bytes), cache.Sha256Of(file));
        Assert.Null(cache.Find(file));
    }

    [Fact]
    public void A_folder_holding_more_entries_than_the_bound_keeps_the_half_written_last_when_a_cache_first_writes()
    {
        var first = new DigestCache(Cache, TimeSpan.Zero);
        var files = Enumerable.Range(0, 6).Select(i => Write($"{i}.tif", [(byte)i])).ToList();
        foreach (var f in files)
        {
            first.Sha256Of(f);
        }

        // Entries written an hour apart, the first file's longest ago.
        var entries = files.Select(f => Directory.GetFiles(Cache).Single(e => File.ReadAllLines(e)[1] == Path.GetFullPath(f))).ToList();
        for (int i = 0; i < entries.Count; i++)
        {
            File.SetLastWriteTimeUtc(entries[i], DateTime.UtcNow.AddHours(i - 10));
        }

        var bounded = new DigestCache(Cache, TimeSpan.Zero, maxEntries: 4);
        string seventh = Write("6.tif", [6]);
        bounded.Sha256Of(seventh);

        Assert.Equal(2, Directory.GetFiles(Cache).Length);
        Assert.NotNull(bounded.Find(seventh));
        Assert.NotNull(bounded.Find(files[5]));
        Assert.All(files.Take(5), f => Assert.Null(bounded.Find(f)));
    }

    [Fact]
    public void A_missing_file_is_refused_as_when_it_is_read()
    {
        var cache = new DigestCache(Cache, TimeSpan.Zero);

        Assert.Throws<FileNotFoundException>(() => cache.Sha256Of(Path.Combine(_dir, "missing.tif")));
    }

    [Fact]
    public void The_identity_of_a_file_holds_its_size_reads_back_from_text_and_changes_when_the_file_grows_and_a_folder_has_none()
    {
        string file = Write("a.tif", [1, 2, 3, 4]);

        var before = FileIdentity.Of(file);

        Assert.NotNull(before); // Linux, where tests run, has statx
        Assert.Equal(4, before.Value.Bytes);
        Assert.Equal(before, FileIdentity.Parse(before.Value.ToString()));
        File.AppendAllText(file, "x");
        var after = FileIdentity.Of(file)!.Value;
        Assert.Equal(5, after.Bytes);
        Assert.Equal(before.Value.Inode, after.Inode);
        Assert.NotEqual(before.Value, after);
        Assert.Null(FileIdentity.Of(_dir));
        Assert.Null(FileIdentity.Of(Path.Combine(_dir, "missing")));
        Assert.Null(FileIdentity.Parse("1 2 three 4 5"));
    }
}
