using System.Text.Json;

namespace Haven.Storage.Scenarios;

/// <summary>scenario.json: what the folder holds and how it was made.</summary>
public sealed record ScenarioManifest(
    string Name,
    bool Synthetic,
    string Description,
    ulong Seed,
    int ProjectedEpsg,
    string EventDate,
    string Source,
    ScenarioCounts Counts,
    int RadarWidth,
    int RadarHeight,
    double RadarPixelSize,
    double RadarLooks)
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

public sealed record ScenarioCounts(
    int Areas, int Blocks, int Buildings, int Sites, int Zones, int Orders, int PopulationRecords,
    int DestroyedBuildings, int RadarImages);
