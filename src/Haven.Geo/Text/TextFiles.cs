using System.Text;

namespace Haven.Geo.Text;

/// <summary>Text files from users, read whole and checked to be UTF-8 before any parser sees them, so a file in another encoding is named, not half-read.</summary>
public static class TextFiles
{
    /// <summary>The file's text (a UTF-8 byte-order mark dropped), or a problem naming the file: missing, or not UTF-8 (with the byte offset).</summary>
    public static Outcome<string> ReadUtf8(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return Outcome<string>.Failure("file.not_found", $"{path}: file not found.");
        }

        var bytes = File.ReadAllBytes(path);
        return Decode(bytes, path);
    }

    /// <summary>The bytes as text, or a problem naming <paramref name="what"/> when they are not UTF-8.</summary>
    public static Outcome<string> Decode(ReadOnlySpan<byte> bytes, string what)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return TextCheck.Utf8(bytes, what) ?? new Problem("text.utf8", $"{what}: not valid UTF-8.");
        }

        // NUL never belongs in a text file (a binary file given by mistake); PostgreSQL could not store it either.
        if (bytes.IndexOf((byte)0) is int nul and >= 0)
        {
            return new Problem("text.control", FormattableString.Invariant($"{what}: byte {nul:N0} is NUL; expected a text file."));
        }

        var span = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        return Encoding.UTF8.GetString(span);
    }
}
