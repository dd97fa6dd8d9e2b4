using System.Text;

namespace Haven.Geo.Tabular;

/// <summary>
/// A CSV file read per RFC 4180 (quoted fields may hold commas, quotes and line breaks), with HXL hashtags
/// recognised on the second row (the HDX convention). Rows keep the line they started on, for messages.
/// </summary>
public sealed record CsvTable(
    string File,
    IReadOnlyList<string> Header,
    IReadOnlyList<string>? HxlTags,
    IReadOnlyList<CsvRow> Rows,
    IReadOnlyList<Problem> Problems)
{
    /// <summary>Index of a column by name (case-insensitive) or HXL tag (for example "#adm2+code"), or -1.</summary>
    public int Column(string nameOrTag)
    {
        for (int i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], nameOrTag, StringComparison.OrdinalIgnoreCase)
                || (HxlTags is not null && i < HxlTags.Count && string.Equals(HxlTags[i], nameOrTag, StringComparison.OrdinalIgnoreCase)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Reads a CSV file; file-level failures (missing, empty, no header) are problems, row problems are listed.</summary>
    public static Outcome<CsvTable> Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return Outcome<CsvTable>.Failure("csv.not_found", $"{path}: file not found.");
        }

        var text = Text.TextFiles.ReadUtf8(path);
        return text.Succeeded ? Parse(new StringReader(text.Value), path) : text.Problem!;
    }

    public static Outcome<CsvTable> Parse(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new List<(int Line, List<string> Cells)>();
        var problems = new List<Problem>();
        int line = 1;
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false, any = false;
        int startLine = 1;
        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        cell.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    cell.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    records.Add((startLine, cells));
                    cells = [];
                    line++;
                    startLine = line;
                    break;
                default:
                    cell.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            problems.Add(new Problem("csv.unterminated_quote", $"{file} line {startLine}: a quoted field is never closed."));
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((startLine, cells));
        }

        records.RemoveAll(r => r.Cells.Count == 1 && r.Cells[0].Length == 0);
        if (!any || records.Count == 0)
        {
            return Outcome<CsvTable>.Failure("csv.empty", $"{file}: the file is empty; expected a header row.");
        }

        var header = records[0].Cells.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        for (int i = 0; i < header.Count; i++)
        {
            if (header[i].Length == 0)
            {
                problems.Add(new Problem("csv.header", $"{file} line 1: column {i + 1} has no name."));
            }
            else if (header.IndexOf(header[i]) != i)
            {
                problems.Add(new Problem("csv.header", $"{file} line 1: column name '{header[i]}' appears twice."));
            }
        }

        List<string>? tags = null;
        int first = 1;
        if (records.Count > 1 && IsHxlRow(records[1].Cells))
        {
            tags = [.. records[1].Cells.Select(t => t.Trim())];
            first = 2;
        }

        var rows = new List<CsvRow>();
        foreach (var (rowLine, values) in records.Skip(first))
        {
            if (values.Count != header.Count)
            {
                problems.Add(new Problem("csv.columns", $"{file} line {rowLine}: {values.Count} fields; the header has {header.Count}."));
                continue;
            }

            rows.Add(new CsvRow(rowLine, values));
        }

        return new CsvTable(file, header, tags, rows, problems);
    }

    /// <summary>An HXL tag row: every non-empty cell is a hashtag (#name, optionally +attributes), and at least one is.</summary>
    private static bool IsHxlRow(List<string> cells) =>
        cells.Any(c => c.Trim().Length > 0) && cells.All(c => c.Trim().Length == 0 || c.Trim().StartsWith('#'));
}

/// <summary>One data row of a CSV file and the line it started on.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Cells)
{
    public string this[int column] => Cells[column];

    /// <summary>The cell as an ISO date (YYYY-MM-DD), surrounding spaces ignored.</summary>
    public bool TryDate(int column, out DateOnly date) =>
        DateOnly.TryParseExact(Cells[column].Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date);
}
