using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Workflows.PlanningAnswers;

/// <summary>How planning results are written as JSON: camelCase, enums as words, no NaN.</summary>
public static class PlanningJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
