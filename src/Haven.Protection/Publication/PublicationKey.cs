using System.Security.Cryptography;
using NSec.Cryptography;

namespace Haven.Protection.Publication;

/// <summary>
/// The Ed25519 key that signs publications (NSec.Cryptography). Kept as two files: the private key (raw
/// 32-byte seed, base64) created readable by its owner only (0600), and the public key (base64) that
/// anyone may have. Shown to people as a short fingerprint of the public key.
/// </summary>
public sealed class PublicationKey : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private PublicationKey(Key key)
    {
        _key = key;
        PublicKeyBase64 = Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public string PublicKeyBase64 { get; }

    public string FingerprintText => Fingerprint(PublicKeyBase64);

    public byte[] Sign(byte[] data) => Ed25519.Sign(_key, data);

    /// <summary>
    /// The first 64 bits of the public key's SHA-256 in four groups of four hex digits ("3f9a-07c2-...");
    /// short enough to print on a leaflet and read over the phone.
    /// </summary>
    public static string Fingerprint(string publicKeyBase64)
    {
        string hex = Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(publicKeyBase64)))[..16];
        return string.Join('-', Enumerable.Range(0, 4).Select(i => hex.Substring(4 * i, 4)));
    }

    /// <summary>Loads the key from <paramref name="privateKeyPath"/>, or creates it (and its .pub beside it) on first use.</summary>
    public static PublicationKey LoadOrCreate(string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPath);
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        if (File.Exists(privateKeyPath))
        {
            byte[] seed = Convert.FromBase64String(File.ReadAllText(privateKeyPath).Trim());
            return new PublicationKey(Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey, parameters));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(privateKeyPath))!);
        var key = Key.Create(Ed25519, parameters);
        string text = Convert.ToBase64String(key.Export(KeyBlobFormat.RawPrivateKey)) + "\n";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(privateKeyPath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        var result = new PublicationKey(key);
        File.WriteAllText(PublicKeyPath(privateKeyPath), result.PublicKeyBase64 + "\n");
        return result;
    }

    public static string PublicKeyPath(string privateKeyPath) => privateKeyPath + ".pub";

    public void Dispose() => _key.Dispose();
}
