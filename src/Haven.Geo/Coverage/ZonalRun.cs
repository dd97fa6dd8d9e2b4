using System.Globalization;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.GeoTiff;
using Haven.Geo.Vector;

namespace Haven.Geo.Coverage;

/// <summary>
/// What <c>haven zonal</c> is asked: rasters and their bands, polygons (any vector format Haven reads, a layer
/// named or not), statistics by exactextract's names, an optional weights raster, the id field, the polygons'
/// attributes to carry over and whether to carry their geometry.
/// </summary>
public sealed record ZonalRequest(
    IReadOnlyList<string> Rasters,
    IReadOnlyList<int> Bands,
    string Polygons,
    IReadOnlyList<ZonalStatistic> Statistics,
    string? Layer = null,
    string? Weights = null,
    int WeightsBand = 1,
    string? IdField = null,
    IReadOnlyList<string>? IncludeColumns = null,
    bool IncludeGeometry = false);

/// <summary>
/// Zonal statistics as a table: one row per polygon, in file order, with its id, the attributes asked for, and a
/// column per statistic and raster band. With one raster band, columns are the statistics' names (exactextract's
/// "mean", "quantile_25"); with several, "{raster}_{stat}" or, with several bands, "{raster}_b{band}_{stat}".
/// <c>frac</c> gives a column per distinct value ("frac_3"); <c>cell_id</c>, <c>coverage</c> and <c>values</c>
/// give arrays.
/// </summary>
public static class ZonalRun
{
    public static Outcome<FeatureTable> Run(ZonalRequest request, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Rasters.Count == 0 || request.Bands.Count == 0)
        {
            return Outcome<FeatureTable>.Failure("zonal.raster", "no raster or band given; expected at least one --raster and band.");
        }

        var statistics = request.Statistics;
        if (statistics.Any(s => s.NeedsWeights) && request.Weights is null)
        {
            return Outcome<FeatureTable>.Failure("zonal.weights", "weighted_mean and weighted_sum need a weights raster (--weights FILE).");
        }

        // Polygons stay in their file's CRS: when the raster is in the same one (a UTM GeoPackage over a UTM
        // raster), no coordinate is moved at all.
        var read = VectorReader.Read(request.Polygons, GeoJsonReadOptions.Polygons with { KeepCrs = true }, request.Layer);
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        if (!read.Value.IsClean)
        {
            var problems = read.Value.Problems;
            return Outcome<FeatureTable>.Failure("zonal.polygons", string.Join(Environment.NewLine, problems.Take(20))
                + (problems.Count > 20 ? $"{Environment.NewLine}... and {problems.Count - 20} more" : string.Empty));
        }

        var features = read.Value.Features;
        if (request.IncludeColumns?.FirstOrDefault(c => !features.Any(f => f.Feature.Attributes.Exists(c))) is string missing && features.Count > 0)
        {
            return Outcome<FeatureTable>.Failure("zonal.include_cols", $"{request.Polygons}: no polygon has the column '{missing}' (--include-cols); its columns are {string.Join(", ", features[0].Feature.Attributes.GetNames())}.");
        }

        var files = new List<GeoTiffFile>();
        try
        {
            foreach (string path in request.Rasters.Append(request.Weights).OfType<string>())
            {
                var open = GeoTiffFile.Open(path);
                if (!open.Succeeded)
                {
                    return open.Problem!;
                }

                files.Add(open.Value);
            }

            var weights = request.Weights is null ? null : new GeoTiffRasterSource(files[^1]);
            if (weights is not null && (request.WeightsBand < 1 || request.WeightsBand > weights.BandCount))
            {
                return Outcome<FeatureTable>.Failure("zonal.band", $"--weights-band {request.WeightsBand}: {request.Weights} has {weights.BandCount} band(s).");
            }

            bool several = request.Rasters.Count > 1 || request.Bands.Count > 1;
            var columns = new List<string> { "id" };
            columns.AddRange(request.IncludeColumns ?? []);
            // The statistics' columns, one array of values per column, joined into rows once all are computed.
            var statisticColumns = new List<object?[]>();
            int passes = request.Rasters.Count * request.Bands.Count, pass = 0;
            for (int r = 0; r < request.Rasters.Count; r++)
            {
                var source = new GeoTiffRasterSource(files[r]);
                var project = ToRaster(read.Value.SourceCrs, source.Grid.Epsg, request.Rasters[r]);
                if (!project.Succeeded)
                {
                    return project.Problem!;
                }

                var shapes = new CoverageShape[features.Count];
                for (int i = 0; i < shapes.Length; i++)
                {
                    shapes[i] = CoverageShape.From(project.Value(features[i].Feature.Geometry));
                }

                foreach (int band in request.Bands)
                {
                    if (band < 1 || band > source.BandCount)
                    {
                        return Outcome<FeatureTable>.Failure("zonal.band", $"--band {band}: {request.Rasters[r]} has {source.BandCount} band(s).");
                    }

                    string prefix = !several ? string.Empty
                        : request.Bands.Count > 1 ? $"{Path.GetFileNameWithoutExtension(request.Rasters[r])}_b{band}_"
                        : $"{Path.GetFileNameWithoutExtension(request.Rasters[r])}_";
                    var scaled = progress is null ? null : new Progress<WorkProgress>(p => progress.Report(p with { Done = pass * p.Total + p.Done, Total = passes * p.Total }));
                    var stats = ZonalStatistics.Compute(source, band, shapes, new ZonalOptions(statistics.Any(s => s.NeedsCells), weights, request.WeightsBand), scaled);
                    pass++;
                    if (!stats.Succeeded)
                    {
                        return stats.Problem!;
                    }

                    AddColumns(statistics, prefix, stats.Value, columns, statisticColumns);
                }
            }

            var include = request.IncludeColumns ?? [];
            var rows = new object?[features.Count][];
            for (int i = 0; i < rows.Length; i++)
            {
                var attributes = features[i].Feature.Attributes;
                var row = rows[i] = new object?[columns.Count];
                row[0] = Id(features[i].Index, features[i].Feature, read.Value.FeatureIds, request.IdField);
                for (int c = 0; c < include.Count; c++)
                {
                    row[1 + c] = attributes.Exists(include[c]) ? attributes[include[c]] : null;
                }

                for (int c = 0; c < statisticColumns.Count; c++)
                {
                    row[1 + include.Count + c] = statisticColumns[c][i];
                }
            }

            return new FeatureTable("zonal", columns, rows,
                request.IncludeGeometry ? [.. features.Select(f => read.Value.SourceCrs.ToWgs84(f.Feature.Geometry))] : null);
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }

    /// <summary>From the polygons' CRS to the raster's: nothing when they are one CRS, else through WGS 84.</summary>
    private static Outcome<Func<NetTopologySuite.Geometries.Geometry, NetTopologySuite.Geometries.Geometry>> ToRaster(SourceCrs crs, int epsg, string raster)
    {
        if (crs.Label == string.Create(CultureInfo.InvariantCulture, $"EPSG:{epsg}"))
        {
            return Outcome<Func<NetTopologySuite.Geometries.Geometry, NetTopologySuite.Geometries.Geometry>>.Success(g => g);
        }

        var fromWgs84 = Wgs84To.Crs(epsg, raster);
        if (!fromWgs84.Succeeded)
        {
            return fromWgs84.Problem!;
        }

        var project = fromWgs84.Value;
        return Outcome<Func<NetTopologySuite.Geometries.Geometry, NetTopologySuite.Geometries.Geometry>>.Success(g => project(crs.ToWgs84(g)));
    }

    /// <summary>Adds each statistic's column names to <paramref name="columns"/> and its values, one per polygon, to <paramref name="values"/>.</summary>
    private static void AddColumns(IReadOnlyList<ZonalStatistic> statistics, string prefix, IReadOnlyList<ZonalStats> stats, List<string> columns, List<object?[]> values)
    {
        void Column(string name, Func<int, object?> value)
        {
            columns.Add(name);
            var column = new object?[stats.Count];
            for (int i = 0; i < column.Length; i++)
            {
                column[i] = value(i);
            }

            values.Add(column);
        }

        foreach (var statistic in statistics)
        {
            switch (statistic.Name)
            {
                case "frac":
                    var fractions = stats.Select(s => s.Fractions()).ToList();
                    foreach (double value in fractions.SelectMany(f => f.Keys).Distinct().Order())
                    {
                        Column($"{prefix}frac_{value.ToString("R", CultureInfo.InvariantCulture)}", i => stats[i].TouchedCount == 0 ? double.NaN : fractions[i].GetValueOrDefault(value));
                    }

                    break;
                case "cell_id":
                    Column(prefix + statistic.Column, i => stats[i].Cells!.Select(c => c.CellId).ToArray());
                    break;
                case "coverage":
                    Column(prefix + statistic.Column, i => stats[i].Cells!.Select(c => c.Coverage).ToArray());
                    break;
                case "values":
                    Column(prefix + statistic.Column, i => stats[i].Cells!.Select(c => c.Value).ToArray());
                    break;
                case "touched_count" or "variety":
                    Column(prefix + statistic.Column, i => (long)stats[i].Get(statistic));
                    break;
                default:
                    Column(prefix + statistic.Column, i => stats[i].Get(statistic));
                    break;
            }
        }
    }

    /// <summary>A polygon's id as given: the named field, else the feature's own id, else its "id" attribute, else its index in the file.</summary>
    private static object Id(int index, NetTopologySuite.Features.IFeature feature, IReadOnlyDictionary<int, (string Text, bool Number)> own, string? field) =>
        field is not null && feature.Attributes.Exists(field) ? feature.Attributes[field] ?? string.Empty
        : own.TryGetValue(index, out var id) ? id.Text
        : feature.Attributes.Exists("id") ? feature.Attributes["id"] ?? string.Empty
        : (long)index;
}
