using System.Text;
using Haven.Protection.Orders;
using Haven.Protection.Publication;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using NetTopologySuite.Geometries;

namespace Haven.Protection.Tests.Publication;

public sealed class LedgerTests : IDisposable
{
    private static readonly GeometryFactory F = new(new PrecisionModel(), 4326);
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-ledger-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Synthetic records: one zone, one order, one site (labelled synthetic; not real places).</summary>
    private static byte[] Content(DateOnly asOf) => PublicationContent.Serialise(asOf,
        [new Zone("z1", 1, "protected", "Synthetic zone", "منطقة تجريبية", new DateOnly(2024, 1, 1), null,
            F.CreatePolygon([new(34.30, 31.40), new(34.31, 31.40), new(34.31, 31.41), new(34.30, 31.40)]), "synthetic")],
        [new EvacuationOrder("o1", new DateTimeOffset(2024, 2, 1, 6, 0, 0, TimeSpan.Zero), new DateOnly(2024, 2, 1), null, [12, 7], "Evacuation order", "أمر إخلاء", "synthetic")],
        [new Site("s1", SiteKind.Hospital, "Synthetic hospital", "مستشفى تجريبي", F.CreatePoint(new Coordinate(34.305, 31.405)), "open", new DateOnly(2024, 1, 1), "synthetic")]);

    private (PublicationKey Key, byte[] Export) TwoEntries()
    {
        var key = PublicationKey.LoadOrCreate(Path.Combine(_dir, "keys", "publication.key"));
        var first = Ledger.Append(null, Content(new DateOnly(2024, 3, 1)), new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero), key);
        var second = Ledger.Append(first, Content(new DateOnly(2024, 3, 2)), new DateTimeOffset(2024, 3, 2, 8, 0, 0, TimeSpan.Zero), key);
        return (key, Ledger.Export(second, [first]));
    }

    [Fact]
    public void The_canonical_content_is_the_same_bytes_whatever_order_the_records_come_in()
    {
        var a = Content(new DateOnly(2024, 3, 1));
        var b = Content(new DateOnly(2024, 3, 1));

        Assert.Equal(a, b);
        Assert.Contains("\"blocks\":[7,12]", Encoding.UTF8.GetString(a), StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_verifies_with_its_public_key_and_not_with_another()
    {
        var (key, export) = TwoEntries();
        using var other = PublicationKey.LoadOrCreate(Path.Combine(_dir, "other.key"));

        var good = Ledger.Verify(export, key.PublicKeyBase64);
        var wrong = Ledger.Verify(export, other.PublicKeyBase64);

        Assert.True(good.Valid, good.Message);
        Assert.Equal(2, good.Sequence);
        Assert.False(wrong.Valid);
        Assert.Contains("signature does not verify", wrong.Message, StringComparison.Ordinal);
        key.Dispose();
    }

    [Fact]
    public void Changing_any_byte_of_an_export_makes_verification_fail_and_say_where()
    {
        var (key, export) = TwoEntries();
        for (int i = 0; i < export.Length; i++)
        {
            var tampered = (byte[])export.Clone();
            tampered[i] ^= 0x01;

            var result = Ledger.Verify(tampered, key.PublicKeyBase64);

            Assert.False(result.Valid, $"flipping byte {i} ('{(char)export[i]}') went unnoticed");
            Assert.False(string.IsNullOrWhiteSpace(result.Message));
        }

        key.Dispose();
    }

    [Fact]
    public void A_changed_content_is_reported_as_a_content_hash_mismatch_and_a_changed_link_as_a_broken_chain()
    {
        var (key, export) = TwoEntries();
        string text = Encoding.UTF8.GetString(export);
        var content = Encoding.UTF8.GetBytes(text.Replace("\"blocks\":[7,12]", "\"blocks\":[7,13]", StringComparison.Ordinal));
        var signatureGone = Encoding.UTF8.GetBytes(text.Replace("\"sequence\": 1", "\"sequence\": 3", StringComparison.Ordinal));

        Assert.Contains("content's SHA-256", Ledger.Verify(content, key.PublicKeyBase64).Message, StringComparison.Ordinal);
        Assert.Contains("chain skips", Ledger.Verify(signatureGone, key.PublicKeyBase64).Message, StringComparison.Ordinal);
        key.Dispose();
    }

    [Fact]
    public void The_private_key_is_created_once_readable_by_its_owner_only_and_has_a_short_fingerprint()
    {
        string path = Path.Combine(_dir, "k", "publication.key");
        string fingerprint;
        using (var key = PublicationKey.LoadOrCreate(path))
        {
            fingerprint = key.FingerprintText;
        }

        using var again = PublicationKey.LoadOrCreate(path);

        Assert.Equal(fingerprint, again.FingerprintText);
        Assert.Matches("^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$", fingerprint);
        Assert.Equal(again.PublicKeyBase64, File.ReadAllText(PublicationKey.PublicKeyPath(path)).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
