using System.Reflection;
using System.Text.Json;
using Haven.Damage.Scoring;

namespace Haven.Storage.Assessments;

/// <summary>An assessment's summary.json document: what the run was, from what, with which parameters, and what it found.</summary>
public static class RunSummary
{
    public static string Version { get; } =
        typeof(RunSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Each run's summary as JSON text, made once however many places need it (the summary file and the store).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AssessmentRun, Lazy<string>> Texts = [];

    /// <summary>The run's summary.json text, made once per run and shared by whoever writes it.</summary>
    public static string Json(AssessmentRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Texts.GetValue(run, r => new Lazy<string>(() => SummaryWriter.Write(Document(r)))).Value;
    }

    /// <summary>The document, section by section, as <see cref="SummaryWriter"/> writes it.</summary>
    internal static SummaryDocument Document(AssessmentRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var r = run.Result;
        return new SummaryDocument(
            run.Id,
            run.CreatedAt,
            Version,
            run.Method,
            run.Synthetic,
            run.Method == "pwtt"
                ? "Ballinger, Remote Sensing of Environment 331:115025, 2025 (arXiv 2405.06323)"
                : "coherent change detection: coherence loss gamma(pre, pre) - gamma(pre, post)",
            run.EventDate,
            [.. r.Dates.Select(d => d.Inference)],
            Parameters(run.Parameters),
            run.Inputs,
            r.Pwtt.Windows,
            [.. r.Pwtt.Warnings.Concat(run.Alignment?.Warnings ?? [])],
            run.Alignment is not { } a ? null : new StackSection(
                a.Folder,
                a.FromCache,
                [.. a.Images.Select(i => new AlignedImageSection(i.Date, i.Track, i.Polarisation.ToString(), i.File, Math.Round(i.Coverage, 4), i.Resampling.ToString().ToLowerInvariant(), i.Dropped, i.Sources,
                    i.Masked is double m ? Math.Round(m, 4) : null))],
                a.Skipped,
                a.Notes),
            new GridSection(r.Pwtt.Grid.Width, r.Pwtt.Grid.Height, r.Pwtt.Grid.Epsg, r.Pwtt.Grid.Transform.PixelWidth),
            r.Pwtt.PixelSamples,
            run.StageSeconds,
            new BuildingsSection(
                r.Dates[^1].Scores.Count,
                r.Dates[^1].Scores.Count(s => s.Scored),
                r.Dates[^1].Scores.Count(s => s.Flags.HasFlag(BuildingFlags.Outside)),
                r.Dates[^1].Scores.Count(s => s.Flags.HasFlag(BuildingFlags.Small)),
                [.. r.Dates.Select(d => new DamagedSection(d.Inference, d.CumulativeDamaged.Count))]),
            r.Areas,
            r.LabelExtent is null ? null : new LabelsSection(r.LabelExtent, r.BuildingsInLabelExtent),
            [.. r.Validation.Select(v => new ValidationSection(v.Inference, v.Metrics))]);
    }

    /// <summary>The method's parameters with every list of numbers as an array.</summary>
    private static SortedDictionary<string, object> Parameters(IReadOnlyDictionary<string, object> parameters)
    {
        var copy = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            copy[name] = value switch
            {
                double[] or int[] => value,
                IEnumerable<double> numbers => numbers.ToArray(),
                IEnumerable<int> numbers => numbers.ToArray(),
                _ => value,
            };
        }

        return copy;
    }
}

/// <summary>summary.json, section by section, in the order it is written (snake_case names, by <see cref="SummaryWriter"/>).</summary>
internal sealed record SummaryDocument(
    string Id,
    DateTimeOffset CreatedAt,
    string Version,
    string Method,
    bool Synthetic,
    string MethodReference,
    DateOnly EventDate,
    IReadOnlyList<DateOnly> InferenceDates,
    IReadOnlyDictionary<string, object> Parameters,
    IReadOnlyList<InputFile> Inputs,
    IReadOnlyList<Haven.Damage.Pwtt.PwttWindowUse> Windows,
    IReadOnlyList<string> Warnings,
    StackSection? Stack,
    GridSection Grid,
    long PixelSamples,
    IReadOnlyDictionary<string, double> StageSeconds,
    BuildingsSection Buildings,
    IReadOnlyList<Haven.Damage.Aggregation.AreaDamage> Areas,
    LabelsSection? Labels,
    IReadOnlyList<ValidationSection> Validation);

internal sealed record StackSection(string Aligned, bool FromCache, IReadOnlyList<AlignedImageSection> Images, IReadOnlyList<Haven.Damage.Stacks.Products.SkippedFile> Skipped, IReadOnlyList<string> Notes);

internal sealed record AlignedImageSection(DateOnly Date, int Track, string Polarisation, string? File, double Coverage, string Resampling, bool Dropped, IReadOnlyList<string> Sources,
    double? Masked);

internal sealed record GridSection(int Width, int Height, int Epsg, double PixelSize);

internal sealed record BuildingsSection(int Total, int Scored, int Outside, int Small, IReadOnlyList<DamagedSection> Damaged);

internal sealed record DamagedSection(DateOnly Inference, int Cumulative);

internal sealed record LabelsSection(string Extent, int BuildingsInExtent);

internal sealed record ValidationSection(DateOnly Inference, Haven.Damage.Validation.ValidationMetrics Metrics);
