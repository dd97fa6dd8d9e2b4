using System.Text.Json;
using System.Text.Json.Serialization;

using Haven.Storage;
using Haven.Storage.Access;
using Haven.Storage.Importers;
using Haven.Storage.Assessments;
using Haven.Storage.Scenarios;
using Haven.Workflows.Access;
using Haven.Workflows.Importers;
using Haven.Workflows.Assessments;
using Haven.Workflows.Publications;
using Haven.Workflows.Layers;

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
