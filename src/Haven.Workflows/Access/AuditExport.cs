using System.Globalization;
using System.Text;
using System.Text.Json;
using Haven.Geo.Tabular;
using Haven.Storage.Access;

namespace Haven.Workflows.Access;

/// <summary>The audit log written out: CSV (one row per write) or JSON (an array of objects).</summary>
public static class AuditExport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string CsvHeader = "seq,at,actor,action,target,before_sha256,after_sha256,detail";

    public static string Csv(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sb = new StringBuilder(CsvHeader).Append('\n');
        foreach (var e in entries)
        {
            sb.Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(',')
                .AppendJoin(',', new[] { e.Actor, e.Action, e.Target, e.Before ?? "", e.After ?? "", e.Detail }.Select(CsvText.Quote)).Append('\n');
        }

        return sb.ToString();
    }

    public static byte[] Json(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return JsonSerializer.SerializeToUtf8Bytes(entries.Select(e => new
        {
            seq = e.Sequence,
            at = e.At.ToUniversalTime(),
            actor = e.Actor,
            action = e.Action,
            target = e.Target,
            before_sha256 = e.Before,
            after_sha256 = e.After,
            detail = e.Detail,
        }), Indented);
    }
}
