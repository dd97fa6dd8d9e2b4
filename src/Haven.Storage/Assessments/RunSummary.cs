using System.Reflection;
using System.Text.Json;
using Haven.Damage.Scoring;

namespace Haven.Storage.Assessments;

/// <summary>An assessment's summary.json document: what the run was, from what, with which parameters, and what it found.</summary>
public static class RunSummary
{
    public static string Version { get; } =
        typeof(RunSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };


    /// <summary>Each run's summary as JSON text, made once however many places need it (the summary file and the store).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AssessmentRun, Lazy<string>> Texts = [];

    /// <summary>The run's summary.json text, made once per run and shared by whoever writes it.</summary>
    public static string Json(AssessmentRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Texts.GetValue(run, r => new Lazy<string>(() => JsonSerializer.Serialize(Document(r), JsonOptions))).Value;
    }

    private static object Document(AssessmentRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var r = run.Result;
        return new
        {
            Id = run.Id,
            CreatedAt = run.CreatedAt,
            Version,
            Method = run.Method,
            Synthetic = run.Synthetic,
            MethodReference = run.Method == "pwtt"
                ? "Ballinger, Remote Sensing of Environment 331:115025, 2025 (arXiv 2405.06323)"
                : "coherent change detection: coherence loss gamma(pre, pre) - gamma(pre, post)",
            EventDate = run.EventDate,
            InferenceDates = r.Dates.Select(d => d.Inference),
            Parameters = run.Parameters,
            Inputs = run.Inputs,
            Windows = r.Pwtt.Windows,
            Warnings = r.Pwtt.Warnings.Concat(run.Alignment?.Warnings ?? []),
            Stack = run.Alignment is not { } a ? null : new
            {
                Aligned = a.Folder,
                a.FromCache,
                Images = a.Images.Select(i => new { i.Date, i.Track, Polarisation = i.Polarisation.ToString(), i.File, Coverage = Math.Round(i.Coverage, 4), Resampling = i.Resampling.ToString().ToLowerInvariant(), i.Dropped, i.Sources }),
                Skipped = a.Skipped.Select(s => new { s.Path, s.Reason }),
                a.Notes,
            },
            Grid = new { r.Pwtt.Grid.Width, r.Pwtt.Grid.Height, r.Pwtt.Grid.Epsg, PixelSize = r.Pwtt.Grid.Transform.PixelWidth },
            PixelSamples = r.Pwtt.PixelSamples,
            StageSeconds = run.StageSeconds,
            Buildings = new
            {
                Total = r.Dates[^1].Scores.Count,
                Scored = r.Dates[^1].Scores.Count(s => s.Scored),
                Outside = r.Dates[^1].Scores.Count(s => s.Flags.HasFlag(BuildingFlags.Outside)),
                Small = r.Dates[^1].Scores.Count(s => s.Flags.HasFlag(BuildingFlags.Small)),
                Damaged = r.Dates.Select(d => new { d.Inference, Cumulative = d.CumulativeDamaged.Count }),
            },
            Areas = r.Areas,
            Labels = r.LabelExtent is null ? null : new { Extent = r.LabelExtent, BuildingsInExtent = r.BuildingsInLabelExtent },
            Validation = r.Validation.Select(v => new { v.Inference, v.Metrics }),
        };
    }
}
