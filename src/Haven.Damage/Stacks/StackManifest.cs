using System.Globalization;
using System.Text;
using Haven.Geo;

namespace Haven.Damage.Stacks;

/// <summary>
/// The image stack manifest of DESIGN.md: a CSV with header <c>path,date,orbit,polarisation</c>, one
/// co-registered GeoTIFF per row, paths relative to the manifest. An optional fifth column <c>scale</c>
/// (<c>linear</c>, <c>db</c> or <c>amplitude</c>; empty is linear) says how a row's cells hold backscatter.
/// </summary>
public static class StackManifest
{
    public const string Header = "path,date,orbit,polarisation";

    public const string HeaderWithScale = Header + ",scale";

    public static string Format(IEnumerable<StackEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        bool scaled = list.Any(e => e.Scale != RadarScale.Linear);
        var sb = new StringBuilder(scaled ? HeaderWithScale : Header).Append('\n');
        foreach (var e in list)
        {
            sb.Append(e.Path).Append(',')
              .Append(e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
              .Append(e.Orbit.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(e.Polarisation);
            if (scaled)
            {
                sb.Append(',').Append(RadarValues.Name(e.Scale));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Parses manifest text; <paramref name="source"/> names the file in problems.</summary>
    public static Outcome<IReadOnlyList<StackEntry>> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        string header = lines.Length == 0 ? string.Empty : lines[0].Trim().TrimStart('\uFEFF');
        bool withScale = string.Equals(header, HeaderWithScale, StringComparison.OrdinalIgnoreCase);
        if (!withScale && !string.Equals(header, Header, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<IReadOnlyList<StackEntry>>.Failure("stack.header",
                $"{source} line 1: expected the header '{Header}' or '{HeaderWithScale}'.");
        }

        int columns = withScale ? 5 : 4;

        var entries = new List<StackEntry>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            string where = $"{source} line {i + 1}";
            if (cells.Length != columns)
            {
                return Outcome<IReadOnlyList<StackEntry>>.Failure("stack.columns", $"{where}: expected {columns} columns, found {cells.Length}.");
            }

            if (!DateOnly.TryParseExact(cells[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Outcome<IReadOnlyList<StackEntry>>.Failure("stack.date", $"{where}: date '{cells[1]}' is not YYYY-MM-DD.");
            }

            if (!int.TryParse(cells[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int orbit) || orbit < 0)
            {
                return Outcome<IReadOnlyList<StackEntry>>.Failure("stack.orbit", $"{where}: orbit '{cells[2]}' is not a non-negative integer.");
            }

            if (!Enum.TryParse<Polarisation>(cells[3], ignoreCase: true, out var pol) || !Enum.IsDefined(pol))
            {
                return Outcome<IReadOnlyList<StackEntry>>.Failure("stack.polarisation", $"{where}: polarisation '{cells[3]}' is not VV or VH.");
            }

            var scale = RadarScale.Linear;
            if (withScale && !RadarValues.TryParse(cells[4], out scale))
            {
                return Outcome<IReadOnlyList<StackEntry>>.Failure("stack.scale", $"{where}: scale '{cells[4]}' is not linear, db or amplitude.");
            }

            entries.Add(new StackEntry(cells[0], date, orbit, pol, scale));
        }

        return entries.Count == 0
            ? Outcome<IReadOnlyList<StackEntry>>.Failure("stack.empty", $"{source}: the manifest lists no images.")
            : entries;
    }
}
