namespace Haven.Protection.Bulletins;

/// <summary>How a text travels by SMS: its encoding, its length in that encoding and the number of messages it takes.</summary>
public sealed record SmsFit(string Encoding, int Units, int Parts, bool FitsOneMessage);

/// <summary>
/// SMS lengths (3GPP TS 23.038): text made only of the GSM 7-bit alphabet goes 160 characters to a message
/// (153 per part when split; characters of the extension table count twice); anything else is UCS-2, 70
/// characters to a message (67 per part). Arabic is always UCS-2.
/// </summary>
public static class SmsText
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "^{}\\[~]|€\f";

    public static SmsFit Fit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int septets = 0;
        bool gsm = true;
        foreach (char c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                gsm = false;
                break;
            }
        }

        if (gsm)
        {
            return new SmsFit("GSM-7", septets, septets <= 160 ? 1 : (septets + 152) / 153, septets <= 160);
        }

        // UCS-2 counts UTF-16 code units; characters outside the BMP take two.
        int units = text.Length;
        return new SmsFit("UCS-2", units, units <= 70 ? 1 : (units + 66) / 67, units <= 70);
    }

    /// <summary>True when the text has Arabic letters: the reply then goes in Arabic.</summary>
    public static bool IsArabic(string text) => text.Any(c => c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F');
}
