using System.Globalization;
using System.Text.RegularExpressions;

namespace Haven.Workflows.Importers;

/// <summary>
/// Reads the values real exports write in many ways: integers as numbers, floats ("661.0") or strings;
/// instants as epoch milliseconds, RFC 1123 text ("Mon, 01 Jul 2024 15:03:00 GMT"), ISO 8601, or dates with
/// Hebrew month names ("28 בדצמ׳ 2023, 11:41", local time). Each read says which form it met, so an
/// import can report the quirks it handled.
/// </summary>
public static partial class QuirkyValues
{
    /// <summary>Hebrew month names and their usual abbreviations (with or without the geresh).</summary>
    private static readonly (string Name, int Month)[] HebrewMonths =
    [
        ("ינואר", 1), ("ינו", 1), ("פברואר", 2), ("פבר", 2), ("מרץ", 3), ("מרס", 3), ("אפריל", 4), ("אפר", 4),
        ("מאי", 5), ("יוני", 6), ("יולי", 7), ("אוגוסט", 8), ("אוג", 8), ("ספטמבר", 9), ("ספט", 9),
        ("אוקטובר", 10), ("אוק", 10), ("נובמבר", 11), ("נוב", 11), ("דצמבר", 12), ("דצמ", 12),
    ];

    private static readonly Lazy<TimeZoneInfo?> Gaza = new(() =>
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Gaza");
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    });

    /// <summary>An integer written as a number, a whole float, or a string of either ("661", "661.0"); the form is "number" or "string".</summary>
    public static bool TryInteger(object? value, out long result, out string form)
    {
        form = value is string ? "string" : "number";
        switch (value)
        {
            case long l:
                result = l;
                return true;
            case int i:
                result = i;
                return true;
            case double d when double.IsFinite(d) && Math.Abs(d - Math.Round(d)) < 1e-9 && Math.Abs(d) < 1e15:
                result = (long)Math.Round(d);
                form = "float";
                return true;
            case string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed):
                result = parsed;
                return true;
            case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                && double.IsFinite(d) && Math.Abs(d - Math.Round(d)) < 1e-9 && Math.Abs(d) < 1e15:
                result = (long)Math.Round(d);
                return true;
            default:
                result = 0;
                return false;
        }
    }

    /// <summary>A number written as a number or a string.</summary>
    public static bool TryNumber(object? value, out double result)
    {
        switch (value)
        {
            case long l:
                result = l;
                return true;
            case double d when double.IsFinite(d):
                result = d;
                return true;
            case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && double.IsFinite(parsed):
                result = parsed;
                return true;
            default:
                result = double.NaN;
                return false;
        }
    }

    /// <summary>
    /// An instant in any of the forms above. Forms reported: "epoch-ms", "rfc1123", "iso8601", "hebrew".
    /// Text without a zone (the Hebrew form, ISO without offset) is Gaza local time.
    /// </summary>
    public static bool TryInstant(object? value, out DateTimeOffset instant, out string form)
    {
        instant = default;
        form = string.Empty;
        switch (value)
        {
            case long ms when ms > 0 && ms < 32503680000000:
                instant = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                form = "epoch-ms";
                return true;
            case double msd when double.IsFinite(msd) && msd > 0 && msd < 32503680000000:
                instant = DateTimeOffset.FromUnixTimeMilliseconds((long)msd);
                form = "epoch-ms";
                return true;
            case string text:
                return TryInstantText(text.Trim(), out instant, out form);
            default:
                return false;
        }
    }

    private static bool TryInstantText(string text, out DateTimeOffset instant, out string form)
    {
        form = "rfc1123";
        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant))
        {
            return true;
        }

        form = "epoch-ms";
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms) && ms > 100_000_000_000)
        {
            return TryInstant(ms, out instant, out _);
        }

        form = "iso8601";
        string[] zoned = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"];
        if (DateTimeOffset.TryParseExact(text, zoned, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant) && HasZone(text))
        {
            return true;
        }

        string[] local = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];
        if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
        {
            instant = FromGazaLocal(plain);
            return true;
        }

        form = "hebrew";
        var m = HebrewDate().Match(text);
        if (m.Success)
        {
            string month = m.Groups["month"].Value.TrimEnd('\u05F3', '\'', '׳');
            // "בדצמ" is "in December": drop the prefix bet when the rest is a month.
            int number = MonthNumber(month) ?? (month.StartsWith('ב') ? MonthNumber(month[1..]) : null) ?? 0;
            if (number > 0 && int.TryParse(m.Groups["day"].Value, CultureInfo.InvariantCulture, out int day)
                && int.TryParse(m.Groups["year"].Value, CultureInfo.InvariantCulture, out int year)
                && day <= DateTime.DaysInMonth(year, number))
            {
                int hour = m.Groups["hour"].Success ? int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture) : 0;
                int minute = m.Groups["minute"].Success ? int.Parse(m.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
                if (hour < 24 && minute < 60)
                {
                    instant = FromGazaLocal(new DateTime(year, number, day, hour, minute, 0, DateTimeKind.Unspecified));
                    return true;
                }
            }
        }

        form = string.Empty;
        instant = default;
        return false;
    }

    private static bool HasZone(string text) => text.EndsWith('Z') || Regex.IsMatch(text, @"[+-]\d\d:?\d\d$");

    private static int? MonthNumber(string name)
    {
        foreach (var (n, month) in HebrewMonths)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return month;
            }
        }

        return null;
    }

    /// <summary>The calendar date of an instant in Gaza (Asia/Gaza; UTC+2 when the system has no time-zone data).</summary>
    public static DateOnly GazaDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(Gaza.Value is { } zone ? TimeZoneInfo.ConvertTime(instant, zone).DateTime : instant.ToOffset(TimeSpan.FromHours(2)).DateTime);

    private static DateTimeOffset FromGazaLocal(DateTime local)
    {
        var offset = Gaza.Value is { } zone && !zone.IsInvalidTime(local) ? zone.GetUtcOffset(local) : TimeSpan.FromHours(2);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
    }

    [GeneratedRegex(@"^(?<day>\d{1,2})\s+(?<month>[\u05D0-\u05EA]+[\u05F3']?)\s+(?<year>\d{4})(?:,?\s+(?<hour>\d{1,2}):(?<minute>\d{2}))?$")]
    private static partial Regex HebrewDate();
}
