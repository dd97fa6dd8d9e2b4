using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Haven.Protection.Lookup;

namespace Haven.Protection.Bulletins;

/// <summary>A reply to an incoming SMS: its text, language, and how it travels.</summary>
public sealed record SmsReply(string Text, Language Language, SmsFit Fit, string Kind);

/// <summary>
/// The SMS protocol: "BLOCK 2317" (or "بلوك 2317", or just the number), "WHERE 31.45 34.37" (latitude then
/// longitude; "وين" or "أين" in Arabic), or a place name in either language. Arabic-Indic digits and the
/// Arabic decimal separator are read too. Anything else gets a one-message help reply in the sender's
/// language. Replies are in the sender's language and fit one message where they can.
/// </summary>
public static partial class SmsProtocol
{
    public const string HelpEnglish = "Haven: send BLOCK and a number (BLOCK 2317), WHERE with latitude and longitude (WHERE 31.45 34.37), or a place name.";

    public const string HelpArabic = "هيفن: أرسل بلوك ورقمه (بلوك 2317) أو وين 31.45 34.37 أو اسم المكان";

    public static SmsReply Reply(string message, ProtectionLookup lookup, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(lookup);
        var language = SmsText.IsArabic(message) ? Language.Arabic : Language.English;
        string text = Normalise(message);
        var block = BlockCommand().Match(text);
        if (block.Success && int.TryParse(block.Groups["n"].Value, CultureInfo.InvariantCulture, out int number))
        {
            return lookup.ByBlock(number, asOf) is { } answer
                ? Make(Bulletin.SmsForAnswer(answer, language), language, "block")
                : Make(language == Language.Arabic ? $"لا يوجد بلوك رقم {number} في السجل. {HelpArabic}" : $"No block {number} on record. {HelpEnglish}", language, "unknown-block");
        }

        var where = WhereCommand().Match(text);
        if (where.Success
            && double.TryParse(where.Groups["a"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double lat)
            && double.TryParse(where.Groups["b"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double lon)
            && Math.Abs(lat) <= 90 && Math.Abs(lon) <= 180)
        {
            return Make(Bulletin.SmsForAnswer(lookup.ByPoint(lon, lat, asOf), language), language, "where");
        }

        if (text.Length >= 2 && !where.Success && lookup.ByPlace(text, asOf) is { } place)
        {
            return Make(Bulletin.SmsForAnswer(place.Answer, language), language, "place");
        }

        return Make(language == Language.Arabic ? HelpArabic : HelpEnglish, language, "help");
    }

    private static SmsReply Make(string text, Language language, string kind) => new(text, language, SmsText.Fit(text), kind);

    /// <summary>ASCII digits for Arabic-Indic and Persian ones, "." for the Arabic decimal separator, single spaces.</summary>
    private static string Normalise(string message)
    {
        var sb = new StringBuilder(message.Length);
        foreach (char c in message.Trim())
        {
            sb.Append(c switch
            {
                >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
                '\u066B' => '.',
                '\u060C' => ',',
                _ => c,
            });
        }

        return Whitespace().Replace(sb.ToString(), " ");
    }

    [GeneratedRegex(@"^(?:(?:block|blk|بلوك|بلك|مربع)\s*#?\s*)?(?<n>\d{1,6})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockCommand();

    [GeneratedRegex(@"^(?:where|wen|وين|أين|اين)\s*(?<a>-?\d{1,3}(?:\.\d+)?)\s*[, ]\s*(?<b>-?\d{1,3}(?:\.\d+)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhereCommand();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
