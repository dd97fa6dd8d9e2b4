using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
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
        return JsonSerializer.SerializeToUtf8Bytes(entries.Select(AuditRow.Of), Indented);
    }
}

/// <summary>One audit entry as the JSON export writes it: the digests of the state before and after, in UTC.</summary>
public sealed record AuditRow(
    [property: JsonPropertyName("seq")] long Sequence,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("before_sha256")] string? BeforeSha256,
    [property: JsonPropertyName("after_sha256")] string? AfterSha256,
    [property: JsonPropertyName("detail")] string Detail)
{
    public static AuditRow Of(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Sequence, e.At.ToUniversalTime(), e.Actor, e.Action, e.Target, e.Before, e.After, e.Detail);
    }
}
