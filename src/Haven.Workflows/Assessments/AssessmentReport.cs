using System.Globalization;
using System.Net;
using System.Text;
using Haven.Storage.Access;
using Haven.Storage.Assessments;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Assessments;

/// <summary>
/// The assessment as one self-contained HTML page that opens offline: a map of building damage and a chart
/// of each area's damaged share over the inference dates, both inline SVG (no scripts, fonts or images to
/// fetch), then the tables behind them.
/// </summary>
public static class AssessmentReport
{
    private const int MapWidth = 720;
    private const int MapMaxHeight = 720;
    private const int ChartWidth = 720;
    private const int ChartHeight = 320;
    private static readonly string[] Palette = ["#1b4965", "#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#6d597a", "#b56576", "#355070"];

    public static string Html(AssessmentRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var r = run.Result;
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Damage assessment ")
          .Append(E(run.Id)).Append("</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#1b1b1b}")
          .Append("table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}")
          .Append("th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}.legend span{display:inline-block;width:1rem;height:.8rem;margin:0 .3rem 0 1rem}")
          .Append("</style></head><body>");
        sb.Append("<h1>Building damage assessment</h1><p>")
          .Append(CultureInfo.InvariantCulture, $"Method {E(run.Method.ToUpperInvariant())}{(run.Method == "pwtt" ? " (Ballinger 2025)" : " (coherence loss)")}, event {run.EventDate:yyyy-MM-dd}, ")
          .Append(CultureInfo.InvariantCulture, $"inference {string.Join(", ", r.Dates.Select(d => d.Inference.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}. ")
          .Append(CultureInfo.InvariantCulture, $"Damaged means a building score above {run.Threshold}; damage is cumulative over the dates.</p>");
        if (run.Synthetic)
        {
            sb.Append("<p style=\"background:#ffb703;padding:.3rem .6rem;display:inline-block\"><strong>Synthetic demo data</strong>: simulated radar over an invented place.</p>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<h2>Map of building damage, {r.Dates[^1].Inference:yyyy-MM-dd}</h2>");
        sb.Append(Map(run, MaxFootprintsDrawn));
        sb.Append("<h2>Damaged share per area over time</h2>").Append(Chart(run));
        sb.Append("<h2>Areas</h2><table><tr><th>area</th><th>date</th><th>structures</th><th>assessed</th><th>damaged (map)</th><th>share</th><th>95% interval</th></tr>");
        foreach (var a in r.Areas)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(a.Name)} ({E(a.Code)})</td><td>{a.Inference:yyyy-MM-dd}</td><td>{a.Structures:N0}</td><td>{a.Scored:N0}</td><td>{a.Damaged:N0}</td>")
              .Append(double.IsFinite(a.Share) && double.IsFinite(a.Lower) && double.IsFinite(a.Upper)
                  ? string.Create(CultureInfo.InvariantCulture, $"<td>{a.Share:P1}</td><td>{a.Lower:P1} – {a.Upper:P1}</td></tr>")
                  : "<td>unknown</td><td>unknown</td></tr>");
        }

        sb.Append("</table>");
        if (r.Areas.Count > 0)
        {
            sb.Append("<p>Interval: ").Append(E(r.Areas[0].Method)).Append(".</p>");
        }

        if (r.Validation.Count > 0)
        {
            sb.Append("<h2>Validation against reference labels</h2><p>Area-weighted, as in the paper; a building is labelled damaged when a damaged label lies within 10 m of it. ")
              .Append(CultureInfo.InvariantCulture, $"The labels speak for {E(r.LabelExtent ?? "every building")} ({r.BuildingsInLabelExtent:N0} buildings); outside it buildings are unlabelled, and areas there are corrected with the detection rates measured inside it (see each area's method).</p>")
              .Append("<table><tr><th>date</th><th>buildings</th><th>ROC AUC</th><th>threshold</th><th>precision</th><th>recall</th><th>F1</th><th>best-F1 threshold</th><th>precision</th><th>recall</th><th>F1</th></tr>");
            foreach (var (date, m) in r.Validation)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{date:yyyy-MM-dd}</td><td>{m.Buildings:N0}</td><td>{m.RocAuc:F3}</td>")
                  .Append(CultureInfo.InvariantCulture, $"<td>{m.AtThreshold.Threshold:F2}</td><td>{m.AtThreshold.Precision:F3}</td><td>{m.AtThreshold.Recall:F3}</td><td>{m.AtThreshold.F1:F3}</td>")
                  .Append(CultureInfo.InvariantCulture, $"<td>{m.BestF1.Threshold:F2}</td><td>{m.BestF1.Precision:F3}</td><td>{m.BestF1.Recall:F3}</td><td>{m.BestF1.F1:F3}</td></tr>");
            }

            sb.Append("</table>");
        }

        if (run.Alignment is { } stack)
        {
            sb.Append("<h2>Radar images on the analysis grid</h2>").Append(Coverage(stack));
            if (stack.Skipped.Count > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<details><summary>{stack.Skipped.Count:N0} file(s) not used</summary><ul>");
                foreach (var skipped in stack.Skipped)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<li>{E(Path.GetFileName(skipped.Path))}: {E(skipped.Reason)}</li>");
                }

                sb.Append("</ul></details>");
            }

            foreach (string note in stack.Notes)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p>Note: {E(note)}</p>");
            }
        }

        sb.Append("<h2>Run</h2><table><tr><th>stage</th><th>seconds</th></tr>");
        foreach (var (stage, seconds) in run.StageSeconds)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(stage)}</td><td>{seconds:F2}</td></tr>");
        }

        sb.Append("</table><p>Inputs (SHA-256): ").Append(string.Join("; ", run.Inputs.Select(i => $"{E(i.Role)} {E(Path.GetFileName(i.Path))} {i.Sha256[..12]}…")))
          .Append("</p></body></html>");
        return sb.ToString();
    }

    /// <summary>Runs with more buildings than this are mapped as squares of damaged share, not footprint by footprint.</summary>
    public const int MaxFootprintsDrawn = 20_000;

    /// <summary>Side of the squares of a map of damaged share, in pixels.</summary>
    private const int SquarePixels = 4;

    private const string FootprintLegend = "<p class=\"legend\"><span style=\"background:#d62828\"></span>damaged<span style=\"background:#8d99ae\"></span>not damaged<span style=\"background:#fff;border:1px solid #4895ef\"></span>unknown: no radar data</p>";

    /// <summary>The share classes of a map of damaged share: the least share of each, its colour and its words.</summary>
    private static readonly (double From, string Colour, string Words)[] ShareClasses =
    [
        (0, "#8d99ae", "none damaged"),
        (double.Epsilon, "#f4a6a6", "under 25%"),
        (0.25, "#e5383b", "25% to 50%"),
        (0.5, "#a4161a", "50% or more"),
    ];

    /// <summary>
    /// The map of the last date, with its legend: every footprint, coloured by damage, when there are at most
    /// <paramref name="maxFootprints"/>; otherwise squares of a few pixels, each coloured by the share of the scored
    /// buildings whose centre lies in it that are damaged, so that the page stays small and quick to draw on a phone
    /// whatever the number of buildings.
    /// </summary>
    internal static string Map(AssessmentRun run, int maxFootprints)
    {
        var last = run.Result.Dates[^1];
        var extent = new Envelope();
        foreach (var g in run.FootprintsWgs84.Values)
        {
            extent.ExpandToInclude(g.EnvelopeInternal);
        }

        if (extent.IsNull)
        {
            return FootprintLegend + "<p>No buildings.</p>";
        }

        double k = Math.Cos(extent.Centre.Y * Math.PI / 180);
        double w = extent.Width * k, h = extent.Height;
        double scale = Math.Min(MapWidth / Math.Max(w, 1e-12), MapMaxHeight / Math.Max(h, 1e-12));
        int height = Math.Max(1, (int)Math.Ceiling(h * scale));
        int width = Math.Max(1, (int)Math.Ceiling(w * scale));
        var sb = new StringBuilder();
        bool squares = last.Scores.Count > maxFootprints;
        double metresPerPixel = 111_320 / scale;
        if (squares)
        {
            sb.Append("<p class=\"legend\">Share of the scored buildings damaged, in squares of ")
              .Append(CultureInfo.InvariantCulture, $"{metresPerPixel * SquarePixels:N0} m ({last.Scores.Count:N0} buildings, too many to draw one by one):");
            foreach (var (_, colour, words) in ShareClasses)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<span style=\"background:{colour}\"></span>{words}");
            }

            sb.Append("<span style=\"background:#fff;border:1px solid #4895ef\"></span>none scored</p>");
        }
        else
        {
            sb.Append(FootprintLegend);
        }

        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Map of building damage\"><rect width=\"100%\" height=\"100%\" fill=\"#f8f9fa\"/>");
        var groups = squares ? Squares(run, last, extent, k, scale, width, height) : Footprints(run, last, extent, k, scale);
        foreach (var (colour, d) in groups)
        {
            if (d.Length > 0)
            {
                sb.Append(colour == "none"
                    ? $"<path d=\"{d}\" fill=\"#fff\" stroke=\"#4895ef\" stroke-width=\"0.5\"/>"
                    : $"<path d=\"{d}\" fill=\"{colour}\"/>");
            }
        }

        int bar = NiceBar(metresPerPixel * 150);
        double barPixels = bar / metresPerPixel;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"10\" y1=\"{height - 12}\" x2=\"{10 + barPixels:0.#}\" y2=\"{height - 12}\" stroke=\"#000\" stroke-width=\"3\"/>")
          .Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{height - 18}\" font-size=\"11\">{(bar >= 1000 ? $"{bar / 1000} km" : $"{bar} m")}</text></svg>");
        return sb.ToString();
    }

    /// <summary>Every footprint's outline, in one path per colour: damaged, not damaged, unknown ("none": no radar data).</summary>
    private static Dictionary<string, StringBuilder> Footprints(AssessmentRun run, Haven.Damage.Assessment.DatedScores last, Envelope extent, double k, double scale)
    {
        var groups = new Dictionary<string, StringBuilder> { ["#d62828"] = new(), ["#8d99ae"] = new(), ["none"] = new() };
        foreach (var s in last.Scores)
        {
            string key = last.CallOf(s) switch { true => "#d62828", false => "#8d99ae", null => "none" };
            var path = groups[key];
            foreach (var polygon in Polygons(run.FootprintsWgs84[s.Id]))
            {
                var ring = polygon.ExteriorRing.CoordinateSequence;
                for (int i = 0; i < ring.Count; i++)
                {
                    path.Append(i == 0 ? 'M' : 'L');
                    Tenths(path, (ring.GetX(i) - extent.MinX) * k * scale);
                    path.Append(' ');
                    Tenths(path, (extent.MaxY - ring.GetY(i)) * scale);
                }

                path.Append('Z');
            }
        }

        return groups;
    }

    /// <summary>
    /// Squares of <see cref="SquarePixels"/> pixels holding at least one building's centre, in one path per share class;
    /// a square where no building was scored is "none".
    /// </summary>
    private static Dictionary<string, StringBuilder> Squares(AssessmentRun run, Haven.Damage.Assessment.DatedScores last, Envelope extent, double k, double scale, int width, int height)
    {
        int columns = (width + SquarePixels - 1) / SquarePixels, rows = (height + SquarePixels - 1) / SquarePixels;
        var buildings = new int[columns * rows];
        var scored = new int[columns * rows];
        var damaged = new int[columns * rows];
        foreach (var s in last.Scores)
        {
            var centre = run.FootprintsWgs84[s.Id].EnvelopeInternal.Centre;
            int column = Math.Clamp((int)((centre.X - extent.MinX) * k * scale / SquarePixels), 0, columns - 1);
            int row = Math.Clamp((int)((extent.MaxY - centre.Y) * scale / SquarePixels), 0, rows - 1);
            int at = row * columns + column;
            buildings[at]++;
            bool? call = last.CallOf(s);
            scored[at] += call is null ? 0 : 1;
            damaged[at] += call == true ? 1 : 0;
        }

        var groups = ShareClasses.ToDictionary(c => c.Colour, _ => new StringBuilder());
        groups["none"] = new StringBuilder();
        for (int at = 0; at < buildings.Length; at++)
        {
            if (buildings[at] == 0)
            {
                continue;
            }

            string key = scored[at] == 0 ? "none" : ShareClasses.Last(c => (double)damaged[at] / scored[at] >= c.From).Colour;
            groups[key].Append(CultureInfo.InvariantCulture, $"M{at % columns * SquarePixels} {at / columns * SquarePixels}h{SquarePixels}v{SquarePixels}h-{SquarePixels}Z");
        }

        return groups;
    }

    /// <summary>
    /// A pixel coordinate to a tenth, as the format "0.#" writes it (no ".0"), without a formatted string per number:
    /// a map of tens of thousands of footprints writes a million of them.
    /// </summary>
    private static void Tenths(StringBuilder sb, double value)
    {
        long tenths = (long)Math.Round(value * 10, MidpointRounding.AwayFromZero);
        if (tenths < 0)
        {
            sb.Append('-');
            tenths = -tenths;
        }

        sb.Append(tenths / 10);
        if (tenths % 10 != 0)
        {
            sb.Append('.').Append((char)('0' + (tenths % 10)));
        }
    }

    private static IEnumerable<Polygon> Polygons(Geometry g) => g switch
    {
        Polygon p => [p],
        MultiPolygon mp => mp.Geometries.OfType<Polygon>(),
        _ => [],
    };

    private static int NiceBar(double metres)
    {
        int[] steps = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
        return steps.LastOrDefault(s => s <= metres, 10);
    }

    /// <summary>A bar per aligned image (date, track, polarisation): the share of the grid it covers; dropped images hatched in grey.</summary>
    private static string Coverage(Haven.Damage.Stacks.AlignedStack stack)
    {
        var images = stack.Images;
        const int left = 55, topPad = 15, bottom = 70, rowGap = 2;
        double plotW = ChartWidth - left - 20, plotH = ChartHeight - topPad - bottom;
        double barW = Math.Max(2, plotW / Math.Max(1, images.Count) - rowGap);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" role=\"img\" aria-label=\"Share of the analysis grid each radar image covers\" font-size=\"11\">");
        for (int t = 0; t <= 4; t++)
        {
            double y = topPad + plotH * (1 - t / 4.0);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{ChartWidth - 20}\" y1=\"{y:F1}\" y2=\"{y:F1}\" stroke=\"#ddd\"/><text x=\"{left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{t * 25}%</text>");
        }

        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            double x = left + i * (barW + rowGap), h = plotH * image.Coverage;
            string colour = image.Dropped ? "#adb5bd" : image.Polarisation == Haven.Damage.Stacks.Polarisation.VV ? Palette[0] : Palette[1];
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{topPad + plotH - h:F1}\" width=\"{barW:F1}\" height=\"{h:F1}\" fill=\"{colour}\"><title>{image.Date:yyyy-MM-dd} track {image.Track} {image.Polarisation}: {image.Coverage * 100:F1}%{(image.Dropped ? ", left out" : string.Empty)}</title></rect>");
            if (i == 0 || images[i - 1].Date != image.Date)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({x + barW / 2:F1},{topPad + plotH + 8:F1}) rotate(60)\" font-size=\"10\">{image.Date:yyyy-MM-dd}</text>");
            }
        }

        var g = stack.Grid;
        sb.Append("</svg>").Append(CultureInfo.InvariantCulture,
            $"<p>Share of the {g.Width:N0} x {g.Height:N0} grid of {g.Transform.PixelWidth:G4} m cells (EPSG:{g.Epsg}) each image covers; VV dark, VH orange, images under the coverage floor grey (left out).</p>");
        return sb.ToString();
    }

    private static string Chart(AssessmentRun run)
    {
        var areas = run.Result.Areas;
        var dates = areas.Select(a => a.Inference).Distinct().Order().ToList();
        var codes = areas.Select(a => a.Code).Distinct().ToList();
        double top = Math.Max(0.05, areas.Where(a => double.IsFinite(a.Upper)).Select(a => a.Upper).DefaultIfEmpty(0).Max() * 1.1);
        const int left = 55, right = 160, topPad = 15, bottom = 40;
        double plotW = ChartWidth - left - right, plotH = ChartHeight - topPad - bottom;
        double X(int i) => left + (dates.Count == 1 ? plotW / 2 : i * plotW / (dates.Count - 1));
        double Y(double v) => topPad + plotH * (1 - v / top);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" role=\"img\" aria-label=\"Damaged share per area over time\" font-size=\"11\">");
        for (int t = 0; t <= 5; t++)
        {
            double v = top * t / 5;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#ddd\"/><text x=\"{left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:P0}</text>");
        }

        for (int i = 0; i < dates.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(i):0.#}\" y=\"{ChartHeight - bottom + 16}\" text-anchor=\"middle\">{dates[i]:yyyy-MM-dd}</text>");
        }

        for (int c = 0; c < codes.Count; c++)
        {
            string colour = Palette[c % Palette.Length];
            var series = dates.Select(d => areas.FirstOrDefault(a => a.Code == codes[c] && a.Inference == d)).ToList();
            var points = series.Select((a, i) => a is null || !double.IsFinite(a.Share) ? null : $"{X(i):0.#},{Y(a.Share):0.#}").Where(p => p is not null).ToList();
            if (points.Count > 1)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>");
            }

            for (int i = 0; i < series.Count; i++)
            {
                var a = series[i];
                if (a is null || !double.IsFinite(a.Share))
                {
                    continue;
                }

                double x = X(i) + (c - (codes.Count - 1) / 2.0) * 4;
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Y(a.Lower):0.#}\" y2=\"{Y(a.Upper):0.#}\" stroke=\"{colour}\" stroke-width=\"1.5\"/>")
                  .Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{Y(a.Share):0.#}\" r=\"3.5\" fill=\"{colour}\"><title>{E(a.Name)} {a.Inference:yyyy-MM-dd}: {a.Share:P1} ({a.Lower:P1}–{a.Upper:P1})</title></circle>");
            }

            var name = series.FirstOrDefault(a => a is not null)?.Name ?? codes[c];
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{ChartWidth - right + 15}\" y=\"{topPad + c * 18}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{ChartWidth - right + 32}\" y=\"{topPad + c * 18 + 10}\">{E(name)}</text>");
        }

        sb.Append("</svg><p>Dots: estimated damaged share; bars: 95% interval.</p>");
        return sb.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
