namespace Haven.Geo.Tabular;

/// <summary>
/// Finds columns by HXL hashtag the way HDX tools do: a pattern such as <c>#affected+idps</c> matches a column
/// tagged with the same hashtag and at least those attributes, in any order (<c>#affected+f+idps</c> matches).
/// A pattern may also name a column header. Patterns are tried in order, so put the most specific first.
/// </summary>
public static class Hxl
{
    /// <summary>The first column any pattern matches, or -1.</summary>
    public static int Find(CsvTable table, params string[] patterns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (string pattern in patterns)
        {
            if (!pattern.StartsWith('#'))
            {
                int byName = table.Column(pattern);
                if (byName >= 0)
                {
                    return byName;
                }

                continue;
            }

            var (tag, attributes) = Split(pattern);
            for (int i = 0; table.HxlTags is not null && i < table.HxlTags.Count; i++)
            {
                var (t, a) = Split(table.HxlTags[i]);
                if (string.Equals(t, tag, StringComparison.OrdinalIgnoreCase) && attributes.IsSubsetOf(a))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static (string Tag, HashSet<string> Attributes) Split(string hxl)
    {
        var parts = hxl.Trim().Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (parts.Length > 0 ? parts[0] : string.Empty, new HashSet<string>(parts.Skip(1), StringComparer.OrdinalIgnoreCase));
    }
}
