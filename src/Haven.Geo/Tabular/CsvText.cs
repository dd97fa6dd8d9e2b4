namespace Haven.Geo.Tabular;

/// <summary>Writing CSV fields per RFC 4180: a field holding a comma, a quote or a line break is quoted, quotes doubled.</summary>
public static class CsvText
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
