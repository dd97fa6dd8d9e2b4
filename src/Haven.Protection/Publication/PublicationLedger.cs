using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Haven.Protection.Publication;

/// <summary>
/// One ledger entry: a publication's canonical content, its SHA-256, the hash of the entry before it, the time
/// and an Ed25519 signature over the entry's header (format line, sequence, time, content hash, previous hash).
/// The entry's own hash is the SHA-256 of that header, so each entry fixes every one before it.
/// </summary>
public sealed record LedgerEntry(long Sequence, DateTimeOffset PublishedAt, string Content, string ContentSha256, string Previous, string Signature, string PublicKey)
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public string Header => Ledger.Header(Sequence, PublishedAt, ContentSha256, Previous);

    public string Hash => Ledger.Sha256(Encoding.UTF8.GetBytes(Header));
}

/// <summary>
/// Creates, exports and verifies signed, hash-chained publications. An export is a canonical JSON file holding
/// the entry with its content and the headers and signatures of every earlier entry, so it can be checked
/// offline with the public key alone. Verification says where a file fails: a byte that breaks the canonical
/// form (with its offset), the content hash, a signature, or a link of the chain.
/// </summary>
public static class Ledger
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    public static string Header(long sequence, DateTimeOffset publishedAt, string contentSha256, string previous) =>
        string.Create(CultureInfo.InvariantCulture,
            $"haven-publication/1\n{sequence}\n{publishedAt.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}\n{contentSha256}\n{previous}\n");

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The next entry after <paramref name="previous"/> (null for the first), signed with the key.</summary>
    public static LedgerEntry Append(LedgerEntry? previous, byte[] content, DateTimeOffset publishedAt, PublicationKey key)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(key);
        long sequence = (previous?.Sequence ?? 0) + 1;
        string contentHash = Sha256(content);
        string prev = previous?.Hash ?? LedgerEntry.Genesis;
        var when = new DateTimeOffset(publishedAt.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        string header = Header(sequence, when, contentHash, prev);
        string signature = Convert.ToBase64String(key.Sign(Encoding.UTF8.GetBytes(header)));
        return new LedgerEntry(sequence, when, Encoding.UTF8.GetString(content), contentHash, prev, signature, key.PublicKeyBase64);
    }

    /// <summary>The export of entry <paramref name="entry"/> with the earlier entries' headers: canonical JSON bytes.</summary>
    public static byte[] Export(LedgerEntry entry, IReadOnlyList<LedgerEntry> earlier)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(earlier);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", "haven-publication-export/1");
            w.WriteString("public_key", entry.PublicKey);
            w.WriteString("fingerprint", PublicationKey.Fingerprint(entry.PublicKey));
            w.WriteStartArray("chain");
            foreach (var e in earlier.OrderBy(e => e.Sequence))
            {
                WriteHeader(w, e);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WritePropertyName("entry");
            WriteHeader(w, entry);
            w.WritePropertyName("content");
            w.WriteRawValue(entry.Content, skipInputValidation: false);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteHeader(Utf8JsonWriter w, LedgerEntry e)
    {
        w.WriteStartObject();
        w.WriteNumber("sequence", e.Sequence);
        w.WriteString("published_at", e.PublishedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("content_sha256", e.ContentSha256);
        w.WriteString("previous", e.Previous);
        w.WriteString("signature", e.Signature);
    }

    /// <summary>Checks an exported file against a public key (base64 of the raw 32 bytes); the result says what holds or where it fails.</summary>
    public static VerificationResult Verify(byte[] file, string publicKeyBase64)
    {
        ArgumentNullException.ThrowIfNull(file);
        PublicKey key;
        try
        {
            key = PublicKey.Import(Ed25519, Convert.FromBase64String(publicKeyBase64.Trim()), KeyBlobFormat.RawPublicKey);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return VerificationResult.Fail("the public key is not a base64 Ed25519 key (32 bytes).");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(file);
        }
        catch (JsonException ex)
        {
            return VerificationResult.Fail($"not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line: the file was changed or cut.");
        }
        catch (ArgumentException)
        {
            return VerificationResult.Fail("not valid UTF-8 text: the file was changed or damaged.");
        }

        using (doc)
        {
            var root = doc.RootElement;
            try
            {
                var chain = root.GetProperty("chain").EnumerateArray().Select(ReadHeader).ToList();
                var entryElement = root.GetProperty("entry");
                var (seq, at, sha, prev, sig) = ReadHeader(entryElement);
                string content = entryElement.GetProperty("content").GetRawText();
                string stated = root.GetProperty("public_key").GetString()!;
                var entry = new LedgerEntry(seq, at, content, sha, prev, sig, stated);
                var earlier = chain.Select(h => new LedgerEntry(h.Sequence, h.At, string.Empty, h.Sha, h.Previous, h.Signature, stated)).ToList();

                // Any byte outside the canonical form is a change: rebuild the file and point at the first difference.
                var canonical = Export(entry, earlier);
                int differs = FirstDifference(file, canonical);
                if (differs >= 0)
                {
                    var (line, column) = LineAndColumn(file, differs);
                    return VerificationResult.Fail($"byte {differs} (line {line}, column {column}) differs from the canonical form of the publication: the file was changed.");
                }

                if (!string.Equals(stated, publicKeyBase64.Trim(), StringComparison.Ordinal))
                {
                    return VerificationResult.Fail($"the publication says it was signed by key {PublicationKey.Fingerprint(stated)}, not by the key given ({PublicationKey.Fingerprint(publicKeyBase64.Trim())}); the signature does not verify with the key given.");
                }

                string actual = Sha256(Encoding.UTF8.GetBytes(content));
                if (!string.Equals(actual, entry.ContentSha256, StringComparison.Ordinal))
                {
                    return VerificationResult.Fail($"entry {entry.Sequence}: the content's SHA-256 is {actual}, not the {entry.ContentSha256} the entry states: the content was changed.");
                }

                string expectedPrevious = LedgerEntry.Genesis;
                long expectedSequence = 1;
                foreach (var e in earlier.Append(entry))
                {
                    if (e.Sequence != expectedSequence)
                    {
                        return VerificationResult.Fail($"the chain skips from entry {expectedSequence - 1} to entry {e.Sequence}.");
                    }

                    if (!string.Equals(e.Previous, expectedPrevious, StringComparison.Ordinal))
                    {
                        return VerificationResult.Fail($"entry {e.Sequence}: its previous hash does not match entry {e.Sequence - 1}: the chain is broken there.");
                    }

                    if (!Ed25519.Verify(key, Encoding.UTF8.GetBytes(e.Header), Convert.FromBase64String(e.Signature)))
                    {
                        return VerificationResult.Fail($"entry {e.Sequence}: the signature does not verify with this key (fingerprint {PublicationKey.Fingerprint(publicKeyBase64.Trim())}).");
                    }

                    expectedPrevious = e.Hash;
                    expectedSequence++;
                }

                return VerificationResult.Success(entry.Sequence, entry.PublishedAt, entry.ContentSha256);
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return VerificationResult.Fail($"not a publication export ({ex.Message}).");
            }
        }
    }

    private static (long Sequence, DateTimeOffset At, string Sha, string Previous, string Signature) ReadHeader(JsonElement e) =>
        (e.GetProperty("sequence").GetInt64(),
            DateTimeOffset.ParseExact(e.GetProperty("published_at").GetString()!, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            e.GetProperty("content_sha256").GetString()!, e.GetProperty("previous").GetString()!, e.GetProperty("signature").GetString()!);

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        int i = a.AsSpan(0, n).CommonPrefixLength(b.AsSpan(0, n));
        return i < n || a.Length != b.Length ? i : -1;
    }

    private static (int Line, int Column) LineAndColumn(byte[] data, int offset)
    {
        int line = 1, column = 1;
        for (int i = 0; i < offset && i < data.Length; i++)
        {
            if (data[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}

/// <summary>What verification found: valid (with the entry checked) or not, and why.</summary>
public sealed record VerificationResult(bool Valid, string Message, long? Sequence, DateTimeOffset? PublishedAt, string? ContentSha256)
{
    public static VerificationResult Fail(string message) => new(false, message, null, null, null);

    public static VerificationResult Success(long sequence, DateTimeOffset at, string sha) =>
        new(true, string.Create(CultureInfo.InvariantCulture, $"publication {sequence} of {at:yyyy-MM-dd HH:mm} UTC is genuine: signature, content hash and chain all check out."), sequence, at, sha);
}
