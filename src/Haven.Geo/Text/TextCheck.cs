using System.Buffers;
using System.Text;

namespace Haven.Geo.Text;

/// <summary>
/// Checks on text that came from users: UTF-8 that decodes, and strings without NUL, other control
/// characters or unpaired surrogates. Both stores then keep exactly what was given (PostgreSQL refuses NUL in
/// text, SQLite would keep it), so such text is refused at the edge with the field named, never stored.
/// </summary>
public static class TextCheck
{
    /// <summary>A problem naming <paramref name="what"/> and the byte offset when the bytes are not valid UTF-8; else null.</summary>
    public static Problem? Utf8(ReadOnlySpan<byte> bytes, string what)
    {
        int offset = 0;
        while (offset < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                return new Problem("text.utf8", FormattableString.Invariant($"{what}: byte {offset:N0} is not valid UTF-8; save the file as UTF-8."));
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>A problem naming <paramref name="field"/> when the text holds NUL, a control character other than tab or line breaks, or an unpaired surrogate; else null.</summary>
    public static Problem? Problem(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return new Problem("text.surrogate", FormattableString.Invariant($"{field}: character {i + 1} is half of a UTF-16 surrogate pair (U+{(int)c:X4}), not a character."));
            }

            if (c < ' ' && c is not ('\t' or '\n' or '\r') || c == '\u007f')
            {
                return new Problem("text.control", FormattableString.Invariant($"{field}: character {i + 1} is the control character U+{(int)c:X4}; text may not hold it."));
            }
        }

        return null;
    }
}
