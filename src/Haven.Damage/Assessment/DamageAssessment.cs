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

    /// <summary>An area counts as labelled when at least this share of its scored buildings lies in the labels' extent.</summary>
    public const double LabelledAreaShare = 0.95;

    /// <summary>
    /// PWTT over the input's stack (in tiles when it says so, or by <paramref name="maps"/>, which runs them
    /// elsewhere: on workers), then the scores, areas and validation.
    /// </summary>
    public static Outcome<AssessmentResult> Run(AssessmentInput input, IProgress<WorkProgress>? progress = null,
        Func<AssessmentInput, IProgress<WorkProgress>?, Outcome<ChangeMaps>>? maps = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Footprint coverage depends only on the grid: work it out while the t-test runs, filling idle cores.
        var scorer = Task.Run(() => new BuildingScorer(input.Buildings, input.Stack.Grid));
        var pwtt = maps is not null ? maps(input, progress)
            : input.TileSize is int tile ? PwttTiles.Run(input.Stack, input.EventDate, input.InferenceDates, tile, input.Options, progress)
            : PwttEngine.Run(input.Stack, input.EventDate, input.InferenceDates, input.Options, progress);
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
        var buildingArea = new Dictionary<string, string>(input.Buildings.Count);
        for (int i = 0; i < input.Buildings.Count; i++)
        {
            if (areaOf[i] >= 0)
            {
                buildingArea[input.Buildings[i].Id] = input.Areas[areaOf[i]].Code;
            }
        }

        var dates = new List<DatedScores>();
        var cumulative = new HashSet<string>();
        foreach (var map in pwtt.Maps)
        {
            var scores = scorer.Score(map.T, input.Options.DamageThreshold, input.Options.SmallFootprintM2);
            foreach (var s in scores.Where(s => s.Damaged))
            {
                cumulative.Add(s.Id);
            }

            dates.Add(new DatedScores(map.Inference, scores, new HashSet<string>(cumulative)));
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
        return new AssessmentResult(pwtt, dates, buildingArea, areas, validation, seconds)
        {
            LabelExtent = input.Labels?.Extent,
            BuildingsInLabelExtent = input.Labels?.Covered.Count ?? 0,
        };
    }

    private static List<AreaDamage> Aggregate(AssessmentInput input, IReadOnlyList<DatedScores> dates, int[] areaOf)
    {
        var rows = new List<AreaDamage>();
        var labels = input.Labels;
        // Buildings per area, once for all dates.
        var idsByArea = Enumerable.Range(0, input.Areas.Count).Select(_ => new List<string>()).ToArray();
        for (int i = 0; i < input.Buildings.Count; i++)
        {
            if (areaOf[i] >= 0)
            {
                idsByArea[areaOf[i]].Add(input.Buildings[i].Id);
            }
        }

        var neighbours = labels is null ? null : DamageDensity.Neighbours(input.Buildings);
        foreach (var (d, di) in dates.Select((d, i) => (d, i)))
        {
            var scoreById = d.Scores.ToDictionary(s => s.Id);
            var stratum = neighbours is null ? null : DamageDensity.Strata(input.Buildings, neighbours, scoreById, d.CumulativeDamaged);
            var rates = labels is null ? null : DamageDensity.Rates(input.Buildings, stratum!, scoreById, d.CumulativeDamaged, labels);
            var bounds = labels is null ? null : DamageDensity.Bounds(input.Buildings, neighbours!, scoreById, d.CumulativeDamaged, labels);
            var allLabelled = labels is null ? [] : LabelledPairs(labels.Covered, scoreById, d.CumulativeDamaged, labels.Nearest);
            for (int a = 0; a < input.Areas.Count; a++)
            {
                var ids = idsByArea[a];
                // Counted where the date's call is known: scored, or damaged on an earlier date (DamageCall).
                var scored = ids.Where(id => d.CallOf(scoreById[id]) is not null).ToList();
                int damaged = scored.Count(d.CumulativeDamaged.Contains);
                var area = input.Areas[a];
                AreaDamage Row(double share, double lo, double hi, string method) =>
                    new(area.Code, area.Name, d.Inference, ids.Count, scored.Count, damaged, share, lo, hi, method);
                if (labels is null)
                {
                    var (share, lo, hi) = ShareEstimator.Wilson(damaged, scored.Count);
                    rows.Add(Row(share, lo, hi, "map share, Wilson 95% interval (sampling only; classification error not corrected)"));
                    continue;
                }

                // Inside the labels' extent the labels speak for the area; outside it they do not, and their rates are carried over.
                int covered = scored.Count(labels.Covered.Contains);
                if (scored.Count > 0 && covered >= LabelledAreaShare * scored.Count)
                {
                    var local = LabelledPairs(ids, scoreById, d.CumulativeDamaged, labels.Nearest);
                    bool enough = local.Count >= MinimumAreaLabels && local.Any(l => l.Mapped) && local.Any(l => !l.Mapped);
                    var (share, lo, hi) = ShareEstimator.Stratified(damaged, scored.Count, enough ? local : allLabelled, (ulong)(a * 1000 + di + 1));
                    rows.Add(Row(share, lo, hi,
                        $"stratified estimate corrected with {(enough ? "this area's" : "the extent's")} {(enough ? local.Count : allLabelled.Count)} labelled buildings, bootstrap 95% interval"));
                    continue;
                }

                int strata = DamageDensity.Edges.Length + 1;
                var inStratum = new int[strata];
                var mappedInStratum = new int[strata];
                foreach (string id in scored)
                {
                    int k = stratum![id];
                    inStratum[k]++;
                    mappedInStratum[k] += d.CumulativeDamaged.Contains(id) ? 1 : 0;
                }

                var carried = ShareEstimator.Transported(inStratum, mappedInStratum, rates!, bounds!, (ulong)(a * 1000 + di + 1));
                if (!carried.Corrected)
                {
                    var (share, lo, hi) = ShareEstimator.Wilson(damaged, scored.Count);
                    rows.Add(Row(share, lo, hi, $"map share, uncorrected: no labels here, and the labels in {labels.Extent} are too few to measure how well the map detects damage; Wilson 95% interval (sampling only)"));
                    continue;
                }

                string best = bounds!.BestDamaged == 0 ? "perfect detection (the labels reach no dense damage)" : $"the best detection labelled ({bounds.BestSensitivity:P0})";
                rows.Add(Row(carried.Share, carried.Lower, carried.Upper, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"no labels here: map share corrected with detection rates of {rates!.LabelledCount} labelled buildings in {labels.Extent}, by density of mapped damage within {DamageDensity.RadiusMetres:0} m; PWTT detects more where damage is dense, so the interval runs from the correction with {best} to that with the detection of a damaged building among few damaged ones ({bounds.LoneSensitivity:P0}), bootstrap 95% ends")));
            }
        }

        return rows;
    }

    private static List<(bool Mapped, bool Reference)> LabelledPairs(IEnumerable<string> ids, Dictionary<string, BuildingScore> scores,
        IReadOnlySet<string> damaged, IReadOnlyDictionary<string, bool> labels) =>
        [.. ids.Where(id => scores[id].Scored && labels.ContainsKey(id)).Select(id => (damaged.Contains(id), labels[id]))];
}
