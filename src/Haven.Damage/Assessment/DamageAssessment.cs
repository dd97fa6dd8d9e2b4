using System.Diagnostics;
using Haven.Damage.Aggregation;
using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Validation;
using Haven.Geo;
using Haven.Geo.Spatial;

namespace Haven.Damage.Assessment;

/// <summary>
/// One damage assessment end to end: the PWTT maps, each building's score per inference date, cumulative
/// damage over the dates (a building once called damaged stays damaged), per-area damaged shares with 95%
/// intervals, and validation against reference labels when there are some. Pure: values in, values out.
/// </summary>
public static class DamageAssessment
{
    /// <summary>Label-corrected intervals need at least this many labelled buildings in an area; fewer use all labels.</summary>
    public const int MinimumAreaLabels = 30;

    public static Outcome<AssessmentResult> Run(AssessmentInput input, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Footprint coverage depends only on the grid: work it out while the t-test runs, filling idle cores.
        var scorer = Task.Run(() => new BuildingScorer(input.Buildings, input.Stack.Grid));
        var pwtt = PwttEngine.Run(input.Stack, input.EventDate, input.InferenceDates, input.Options, progress);
        return pwtt.Succeeded ? Evaluate(input, pwtt.Value, progress, scorer.GetAwaiter().GetResult()) : pwtt.Problem!;
    }

    /// <summary>Scores, aggregates and validates change maps made by any method (PWTT, CCD), with the input's threshold.</summary>
    public static AssessmentResult Evaluate(AssessmentInput input, ChangeMaps pwtt, IProgress<WorkProgress>? progress = null, BuildingScorer? scorer = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pwtt);
        var clock = Stopwatch.StartNew();
        progress?.Report(new WorkProgress("building scores", 0, 1));
        scorer ??= new BuildingScorer(input.Buildings, pwtt.Grid);
        var areaIndex = new PolygonIndex<int>(input.Areas.Select((a, i) => (i, a.Shape)));
        var areaOf = new int[input.Buildings.Count];
        Parallel.For(0, input.Buildings.Count, i =>
        {
            var c = input.Buildings[i].Shape.Centroid;
            areaOf[i] = areaIndex.TryLocate(c.X, c.Y, out int a) ? a : -1;
        });
        var buildingArea = new Dictionary<long, string>(input.Buildings.Count);
        for (int i = 0; i < input.Buildings.Count; i++)
        {
            if (areaOf[i] >= 0)
            {
                buildingArea[input.Buildings[i].Id] = input.Areas[areaOf[i]].Code;
            }
        }

        var dates = new List<DatedScores>();
        var cumulative = new HashSet<long>();
        foreach (var map in pwtt.Maps)
        {
            var scores = scorer.Score(map.T, input.Options.DamageThreshold, input.Options.SmallFootprintM2);
            foreach (var s in scores.Where(s => s.Damaged))
            {
                cumulative.Add(s.Id);
            }

            dates.Add(new DatedScores(map.Inference, scores, new HashSet<long>(cumulative)));
        }

        double scoring = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var areas = Aggregate(input, dates, areaOf);
        var validation = new List<(DateOnly, ValidationMetrics)>();
        if (input.Labels is { WithinDistance.Count: > 0 } labelSet)
        {
            var labels = labelSet.WithinDistance;
            var weight = input.Buildings.ToDictionary(b => b.Id, b => b.AreaM2);
            foreach (var d in dates)
            {
                var items = d.Scores.Where(s => s.Scored && labels.ContainsKey(s.Id))
                    .Select(s => (s.Score, labels[s.Id], weight[s.Id])).ToList();
                validation.Add((d.Inference, ValidationMetrics.Compute(items, input.Options.DamageThreshold, areaWeighted: true)));
            }
        }

        var seconds = new Dictionary<string, double>(pwtt.StageSeconds)
        {
            ["building_scores"] = scoring,
            ["aggregation_and_validation"] = clock.Elapsed.TotalSeconds,
        };
        return new AssessmentResult(pwtt, dates, buildingArea, areas, validation, seconds);
    }

    private static List<AreaDamage> Aggregate(AssessmentInput input, IReadOnlyList<DatedScores> dates, int[] areaOf)
    {
        var rows = new List<AreaDamage>();
        var labels = input.Labels?.Nearest;
        // Buildings per area, once for all dates.
        var idsByArea = Enumerable.Range(0, input.Areas.Count).Select(_ => new List<long>()).ToArray();
        for (int i = 0; i < input.Buildings.Count; i++)
        {
            if (areaOf[i] >= 0)
            {
                idsByArea[areaOf[i]].Add(input.Buildings[i].Id);
            }
        }

        foreach (var (d, di) in dates.Select((d, i) => (d, i)))
        {
            var scoreById = d.Scores.ToDictionary(s => s.Id);
            var allLabelled = labels is null ? [] : LabelledPairs(input.Buildings.Select(b => b.Id), scoreById, d.CumulativeDamaged, labels);
            for (int a = 0; a < input.Areas.Count; a++)
            {
                var ids = idsByArea[a];
                var scored = ids.Where(id => scoreById[id].Scored).ToList();
                int damaged = scored.Count(d.CumulativeDamaged.Contains);
                var area = input.Areas[a];
                if (labels is null || labels.Count == 0)
                {
                    var (share, lo, hi) = ShareEstimator.Wilson(damaged, scored.Count);
                    rows.Add(new AreaDamage(area.Code, area.Name, d.Inference, ids.Count, scored.Count, damaged, share, lo, hi,
                        "map share, Wilson 95% interval (sampling only; classification error not corrected)"));
                }
                else
                {
                    var local = LabelledPairs(ids, scoreById, d.CumulativeDamaged, labels);
                    bool enough = local.Count >= MinimumAreaLabels && local.Any(l => l.Mapped) && local.Any(l => !l.Mapped);
                    var (share, lo, hi) = ShareEstimator.Stratified(damaged, scored.Count, enough ? local : allLabelled, (ulong)(a * 1000 + di + 1));
                    rows.Add(new AreaDamage(area.Code, area.Name, d.Inference, ids.Count, scored.Count, damaged, share, lo, hi,
                        $"stratified estimate corrected with {(enough ? "this area's" : "all")} {(enough ? local.Count : allLabelled.Count)} labelled buildings, bootstrap 95% interval"));
                }
            }
        }

        return rows;
    }

    private static List<(bool Mapped, bool Reference)> LabelledPairs(IEnumerable<long> ids, Dictionary<long, BuildingScore> scores,
        IReadOnlySet<long> damaged, IReadOnlyDictionary<long, bool> labels) =>
        [.. ids.Where(id => scores[id].Scored && labels.ContainsKey(id)).Select(id => (damaged.Contains(id), labels[id]))];
}
