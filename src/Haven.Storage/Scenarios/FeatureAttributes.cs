using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;

namespace Haven.Storage.Scenarios;

/// <summary>
/// Typed reads of GeoJSON properties, whatever shape the JSON reader gave them (primitive or JsonElement).
/// Each read names the layer, feature index and property when it fails.
/// </summary>
internal sealed class FeatureAttributes(IFeature feature, string layer, int index)
{
    public string Where => $"{layer} feature {index}";

    public string String(string name) => OptionalString(name) ?? throw Missing(name, "a string");

    public string? OptionalString(string name) =>
        Haven.Geo.Text.TextCheck.Problem(RawString(name), name) is { } bad ? throw new ScenarioFormatException($"{Where}: {bad.Message}") : RawString(name);

    private string? RawString(string name) => Raw(name) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    public long Long(string name) => Raw(name) switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out long l) => l,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        IConvertible c and not string and not double and not float and not decimal => c.ToInt64(CultureInfo.InvariantCulture),
        var v when long.TryParse(v?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) => n,
        _ => throw Missing(name, "an integer"),
    };

    public double Double(string name) => Raw(name) switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        IConvertible c and not string => c.ToDouble(CultureInfo.InvariantCulture),
        _ => throw Missing(name, "a number"),
    };

    public DateOnly Date(string name) =>
        DateOnly.TryParseExact(String(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw Missing(name, "a date YYYY-MM-DD");

    public DateOnly? OptionalDate(string name) => OptionalString(name) is null ? null : Date(name);

    public IReadOnlyList<int> IntList(string name) => Raw(name) switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } e => [.. e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out int i) ? i : throw Missing(name, "an array of integers"))],
        IEnumerable<object> items => [.. items.Select(x => x switch
        {
            JsonElement j when j.ValueKind == JsonValueKind.Number && j.TryGetInt32(out int i) => i,
            int i => i,
            long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
            double d when d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
            _ => throw Missing(name, "an array of integers"),
        })],
        _ => throw Missing(name, "an array of integers"),
    };

    private object? Raw(string name) =>
        feature.Attributes is { } a && a.Exists(name) ? a[name] : null;

    private ScenarioFormatException Missing(string name, string expected) =>
        new($"{Where}: property '{name}' must be {expected}.");
}

/// <summary>A scenario file that does not hold what the format says; the message names the file and feature.</summary>
public sealed class ScenarioFormatException(string message) : Exception(message);
