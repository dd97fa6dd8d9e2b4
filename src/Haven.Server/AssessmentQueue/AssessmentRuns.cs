using Haven.Server.Caches;
using Haven.Server.Extensions;
using Haven.Workflows.Assessments;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Haven.Geo;
using Haven.Storage;
using Microsoft.Extensions.Options;

namespace Haven.Server.AssessmentQueue;

/// <summary>Where a submitted assessment stands.</summary>
public enum RunState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A snapshot of one assessment run: its state, the stage it is in and how far along, and how it ended.</summary>
public sealed record RunStatus(
    string Id,
    RunState State,
    string Method,
    DateTimeOffset SubmittedAt,
    string? SubmittedBy,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    string? Stage = null,
    int Done = 0,
    int Total = 0,
    Problem? Error = null,
    IReadOnlyList<DateOnly>? InferenceDates = null)
{
    /// <summary>Where the tiles stand, in a run cut into tiles (the last report kept once the run has moved on).</summary>
    public TileProgress? Tiles { get; init; }

    /// <summary>Every stage the run has been in, in order: a client polling now and then still sees what it went through.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>This status moved to <paramref name="stage"/>, which joins <see cref="Stages"/> when new.</summary>
    public RunStatus InStage(string stage) => this with { Stage = stage, Stages = Stages.Contains(stage) ? Stages : [.. Stages, stage] };

    /// <summary>Share of the work done, 0 to 1 (1 once finished).</summary>
    public double Progress => State is RunState.Succeeded or RunState.Failed ? 1 : Total <= 0 ? 0 : Math.Round((double)Done / Total, 4);
}

/// <summary>
/// The assessments submitted over HTTP: a bounded queue that one background worker takes them from, in order
/// (each uses both cores), and the status of each run this process has seen. A finished run lives on in the
/// store; a run queued or running when the process stops is lost whole and must be submitted again.
/// </summary>
public sealed class AssessmentRuns
{
    public const int QueueCapacity = 8;
    private const int KeptRuns = 500;

    private readonly Channel<(AssessmentRequest Request, string Id)> _queue =
        Channel.CreateBounded<(AssessmentRequest, string)>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });

    private readonly ConcurrentDictionary<string, RunStatus> _runs = new(StringComparer.Ordinal);
    private readonly Lock _submitLock = new();

    public ChannelReader<(AssessmentRequest Request, string Id)> Pending => _queue.Reader;

    /// <summary>Queues a request under a new id (the method, the time and the stack's hash, made unique); null when the queue is full.</summary>
    public RunStatus? Submit(AssessmentRequest request, string manifestSha256, DateTimeOffset now, string actor, ISet<string> storedIds)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(storedIds);
        lock (_submitLock)
        {
            string baseId = Assessor.IdFor(request.Method, now, manifestSha256);
            string id = baseId;
            for (int n = 2; _runs.ContainsKey(id) || storedIds.Contains(id); n++)
            {
                id = FormattableString.Invariant($"{baseId}-{n}");
            }

            var status = new RunStatus(id, RunState.Queued, request.Method, now, actor, InferenceDates: request.InferenceDates);
            _runs[id] = status;
            if (!_queue.Writer.TryWrite((request, id)))
            {
                _runs.TryRemove(id, out _);
                return null;
            }

            Trim();
            return status;
        }
    }

    public RunStatus? Get(string id) => _runs.TryGetValue(id, out var s) ? s : null;

    public IReadOnlyList<RunStatus> All => [.. _runs.Values];

    internal void Update(string id, Func<RunStatus, RunStatus> change) => _runs.AddOrUpdate(id, _ => throw new KeyNotFoundException(id), (_, s) => change(s));

    /// <summary>Forgets the oldest finished runs beyond <see cref="KeptRuns"/> (they stay in the store).</summary>
    private void Trim()
    {
        int excess = _runs.Count - KeptRuns;
        if (excess <= 0)
        {
            return;
        }

        foreach (var old in _runs.Values.Where(s => s.State is RunState.Succeeded or RunState.Failed).OrderBy(s => s.SubmittedAt).Take(excess))
        {
            _runs.TryRemove(old.Id, out _);
        }
    }
}

/// <summary>Runs queued assessments one at a time with the same code as <c>haven assess</c>, reporting progress as it goes.</summary>
public sealed partial class AssessmentWorker(AssessmentRuns runs, IHavenStore store, StoreCaches caches, TimeProvider time, IOptions<HavenOptions> options,
    ILogger<AssessmentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (request, id) in runs.Pending.ReadAllAsync(stoppingToken))
        {
            await RunOneAsync(request, id, stoppingToken);
        }
    }

    private async Task RunOneAsync(AssessmentRequest request, string id, CancellationToken ct)
    {
        var status = runs.Get(id)!;
        runs.Update(id, s => s.InStage("starting") with { State = RunState.Running, StartedAt = time.GetUtcNow() });
        LogStarted(logger, id);
        try
        {
            var stored = request.Buildings is null || request.Areas is null ? await StoredLayers.ReadAsync(store, ct) : null;
            var progress = new SynchronousProgress<WorkProgress>(p => runs.Update(id, s => s.InStage(p.Stage) with { Done = p.Done, Total = p.Total, Tiles = p.Tiles ?? s.Tiles }));
            var result = await Task.Run(() => Assessor.Run(request, stored, status.SubmittedAt, progress, id), ct);
            if (!result.Succeeded)
            {
                Finish(id, Hide(result.Problem!));
                return;
            }

            runs.Update(id, s => s.InStage("storing"));
            await Assessor.StoreAsync(store, time, status.SubmittedBy ?? "server", result.Value, ct);
            caches.Invalidate();
            Finish(id, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Finish(id, new Problem("assess.stopped", "The server stopped before this run finished; nothing was stored. Submit it again."));
        }
#pragma warning disable CA1031 // A run that fails for any reason is reported on its status, and the worker goes on to the next.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, id);
            Finish(id, new Problem("assess.failed", Hide(new Problem("", ex.Message)).Message));
        }
    }

    private void Finish(string id, Problem? error)
    {
        runs.Update(id, s => (error is null ? s.InStage("stored") : s) with
        {
            State = error is null ? RunState.Succeeded : RunState.Failed,
            FinishedAt = time.GetUtcNow(),
            Done = error is null ? s.Total : s.Done,
            Error = error,
        });
        LogFinished(logger, id, error?.Message ?? "stored");
    }

    /// <summary>The problem with the input folder's own path taken out, so a status names files as they were submitted.</summary>
    private Problem Hide(Problem problem)
    {
        string root = AssessmentInputsFolder.Root(options.Value);
        string real = Haven.Geo.IO.ConfinedPath.RealPath(root);
        return problem with
        {
            Message = problem.Message.Replace(real + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
                .Replace(root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assessment {Id} started")]
    private static partial void LogStarted(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assessment {Id} finished: {Outcome}")]
    private static partial void LogFinished(ILogger logger, string id, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Assessment {Id} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string id);
}

/// <summary>The folder the files an HTTP assessment names are read from, and the check that a name stays inside it.</summary>
public static class AssessmentInputsFolder
{
    public static string Root(HavenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.InputDirectory ?? Path.Combine(options.DataDirectory, "inputs")));
    }

    /// <summary>The full path of <paramref name="name"/> inside the folder (a file, or with <paramref name="folder"/> also a folder), or why it is refused.</summary>
    public static (string? Path, string? Problem) Resolve(HavenOptions options, string field, string name, bool folder = false)
    {
        if (string.IsNullOrWhiteSpace(name) || System.IO.Path.IsPathRooted(name))
        {
            return (null, $"'{field}' must be a file name relative to the input folder, such as sample-strip/radar/stack.csv; got '{name}'.");
        }

        string root = Root(options);
        // Links are followed before the check: a link planted in the folder cannot lead outside it.
        if (Haven.Geo.IO.ConfinedPath.Resolve(root, name) is not { } full)
        {
            return (null, $"'{field}': '{name}' leaves the input folder.");
        }

        return File.Exists(full) || (folder && Directory.Exists(full)) ? (full, null)
            : (null, $"'{field}': there is no {(folder ? "file or folder" : "file")} '{name}' in the input folder.");
    }
}
