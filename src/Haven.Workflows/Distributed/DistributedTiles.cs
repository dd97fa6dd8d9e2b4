using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Haven.Damage.Assessment;
using Haven.Damage.Pwtt;
using Haven.Geo;
using Haven.Geo.Rasters;

namespace Haven.Workflows.Distributed;

/// <summary>
/// A PWTT run cut into tiles and handed to Hangfire workers (<c>haven worker</c>) that share only the PostgreSQL
/// connection and access to the images. The run is keyed by its stack, dates, options and tile size: tiles already
/// stored are not queued again, so a run stopped halfway resumes. Progress reports tiles done of all; a tile whose
/// retries are spent fails the run with its reason.
/// </summary>
public static class DistributedTiles
{
    /// <summary>A tile runner for <see cref="Assessments.AssessmentRequest.TileRunner"/>: queue the tiles, wait for them, put their cores together.</summary>
    public static Func<AssessmentInput, IProgress<WorkProgress>?, Outcome<ChangeMaps>> Runner(string connection, TimeSpan? poll = null) =>
        (input, progress) => Run(connection, input, poll ?? TimeSpan.FromMilliseconds(250), progress);

    /// <summary>The key of a run: the same stack, dates, options and tiles always give the same key.</summary>
    public static string RunKey(AssessmentInput input, int tileSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = new StringBuilder()
            .Append(Haven.Storage.Assessments.InputFile.Sha256Of(input.Stack.Manifest)).Append('|')
            .Append(input.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('|')
            .Append(string.Join(',', input.InferenceDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))).Append('|')
            .Append(JsonSerializer.Serialize(input.Options)).Append('|')
            .Append(tileSize.ToString(CultureInfo.InvariantCulture));
        return "pwtt-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static Outcome<ChangeMaps> Run(string connection, AssessmentInput input, TimeSpan poll, IProgress<WorkProgress>? progress)
    {
        int tileSize = input.TileSize ?? throw new ArgumentException("A distributed run needs a tile size.", nameof(input));
        var stack = input.Stack;
        var grid = stack.Grid;
        var tiles = PwttTiles.Plan(grid, tileSize, PwttTiles.Halo(input.Options, grid.Transform.PixelWidth));
        var windows = PwttEngine.Windows(stack, input.EventDate, input.InferenceDates, input.Options);
        if (!windows.Succeeded)
        {
            return windows.Problem!;
        }

        string run = RunKey(input, tileSize);
        TileResults.EnsureAsync(connection).GetAwaiter().GetResult();
        var storage = TileJob.Storage(connection);
        var client = new BackgroundJobClient(storage);
        string dates = string.Join(',', input.InferenceDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        string options = JsonSerializer.Serialize(input.Options);
        string eventDate = input.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string manifest = Path.GetFullPath(stack.Manifest);
        string manifestText = File.ReadAllText(manifest);
        var done = TileResults.DoneAsync(connection, run, input.InferenceDates.Count).GetAwaiter().GetResult();
        foreach (var tile in tiles.Where(t => !done.Contains(t.Index)))
        {
            int index = tile.Index;
            client.Create(Job.FromExpression(() => TileJob.Run(run, manifest, manifestText, tileSize, index, eventDate, dates, options)), new EnqueuedState(TileJob.Queue));
        }

        var monitor = storage.GetMonitoringApi();
        while (true)
        {
            done = TileResults.DoneAsync(connection, run, input.InferenceDates.Count).GetAwaiter().GetResult();
            progress?.Report(new WorkProgress("tiles (haven worker)", done.Count, tiles.Count));
            if (done.Count == tiles.Count)
            {
                break;
            }

            // A tile whose retries are spent has failed for good: say which and why.
            foreach (var (_, failed) in monitor.FailedJobs(0, 1000))
            {
                if (failed.Job?.Args is [string r, _, _, int t, ..] && r == run && !done.Contains(t))
                {
                    return Outcome<ChangeMaps>.Failure("distributed.tile", $"tile {t} of run {run} failed after its retries: {failed.ExceptionMessage}");
                }
            }

            Thread.Sleep(poll);
        }

        var whole = input.InferenceDates.Select(_ => new float[grid.CellCount]).ToArray();
        foreach (var (tileIndex, inference, t) in TileResults.ReadAsync(connection, run).GetAwaiter().GetResult())
        {
            var core = tiles[tileIndex].Core;
            int i = input.InferenceDates.ToList().IndexOf(inference);
            for (int y = 0; y < core.Height; y++)
            {
                t.AsSpan(y * core.Width, core.Width).CopyTo(whole[i].AsSpan(((core.Row + y) * grid.Width) + core.Column));
            }
        }

        var maps = input.InferenceDates.Select((d, i) => new ChangeMap(d, new Raster<float>(grid, whole[i], float.NaN))).ToList();
        return new ChangeMaps(grid, maps, windows.Value.Windows, windows.Value.Warnings, new Dictionary<string, double>(), 0);
    }
}
