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

            var sources = files.Take(request.Rasters.Count).Select(f => new GeoTiffRasterSource(f)).ToList();
            var read = Polygons.Read(request, sources.Select(s => s.Grid.Epsg).Distinct().ToList());
            if (!read.Succeeded)
            {
                return read.Problem!;
            }

            var polygons = read.Value;
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
                var source = sources[r];
                var shapes = polygons.Shapes(source.Grid.Epsg, request.Rasters[r]);
                if (!shapes.Succeeded)
                {
                    return shapes.Problem!;
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
                    var stats = ZonalStatistics.Compute(source, band, shapes.Value, new ZonalOptions(statistics.Any(s => s.NeedsCells), weights, request.WeightsBand), scaled);
                    pass++;
                    if (!stats.Succeeded)
                    {
                        return stats.Problem!;
                    }

                    AddColumns(statistics, prefix, stats.Value, columns, statisticColumns);
                }
            }

            var rows = new object?[polygons.Ids.Length][];
            for (int i = 0; i < rows.Length; i++)
            {
                var row = rows[i] = new object?[columns.Count];
                row[0] = polygons.Ids[i];
                for (int c = 0; c < polygons.Included.Count; c++)
                {
                    row[1 + c] = polygons.Included[c][i];
                }

                for (int c = 0; c < statisticColumns.Count; c++)
                {
                    row[1 + polygons.Included.Count + c] = statisticColumns[c][i];
                }
            }

            return new FeatureTable("zonal", columns, rows, polygons.Geometries);
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }

    /// <summary>
    /// The polygons as zonal statistics needs them: their shapes in a raster's CRS, each one's id as given (the named
    /// field, else the feature's own id, else its "id" attribute, else its index in the file), the values of the
    /// columns asked for (null where a polygon lacks one) and, when asked for, their geometries in WGS 84.
    /// </summary>
    private sealed record Polygons(Func<int, string, Outcome<CoverageShape[]>> Shapes, object[] Ids, IReadOnlyList<object?[]> Included, IReadOnlyList<NetTopologySuite.Geometries.Geometry>? Geometries)
    {
        /// <summary>
        /// Reads the polygons. A GeoPackage in the CRS of every raster (<paramref name="rasterEpsgs"/>) is read straight
        /// into shapes (<see cref="GeoPackageLayers.ReadPolygons"/>), unless their geometries are to be written; any
        /// other layer is read as features and moved into each raster's CRS.
        /// </summary>
        public static Outcome<Polygons> Read(ZonalRequest request, List<int> rasterEpsgs)
        {
            var (path, suffixLayer) = VectorReader.Split(request.Polygons);
            var options = GeoJsonReadOptions.Polygons with { KeepCrs = true };
            var include = request.IncludeColumns ?? [];
            if (!request.IncludeGeometry && rasterEpsgs.Count == 1 && VectorFormats.Recognise(path) is { Succeeded: true, Value: VectorFormat.GeoPackage })
            {
                string rasterCrs = string.Create(CultureInfo.InvariantCulture, $"EPSG:{rasterEpsgs[0]}");
                string[] wanted = [request.IdField ?? "id", "id", .. include];
                var layer = GeoPackageLayers.ReadPolygons(path, request.Layer ?? suffixLayer, options, wanted, crs => crs.Label == rasterCrs);
                if (!layer.Succeeded)
                {
                    return layer.Problem!;
                }

                if (layer.Value is { } polygons)
                {
                    if (polygons.Problems.Count > 0)
                    {
                        return Problems(polygons.Problems);
                    }

                    var shapes = polygons.Shapes.Select(s => s!).ToArray();
                    object? Value(int column, int i) => polygons.Columns[column][i] == PolygonLayer.Absent ? null : polygons.Columns[column][i];
                    var ids = new object[shapes.Length];
                    for (int i = 0; i < ids.Length; i++)
                    {
                        ids[i] = Id(i, request.IdField is not null && polygons.Columns[0][i] != PolygonLayer.Absent, Value(0, i), polygons.OwnIds?[i],
                            polygons.Columns[1][i] != PolygonLayer.Absent, Value(1, i));
                    }

                    var included = new List<object?[]>();
                    for (int c = 0; c < include.Count; c++)
                    {
                        if (polygons.Columns[2 + c].All(v => v == PolygonLayer.Absent) && shapes.Length > 0)
                        {
                            return MissingColumn(request, include[c], polygons.AttributeNames);
                        }

                        included.Add([.. Enumerable.Range(0, shapes.Length).Select(i => Value(2 + c, i))]);
                    }

                    return new Polygons((_, _) => shapes, ids, included, null);
                }
            }

            // Polygons stay in their file's CRS: when the raster is in the same one (a UTM GeoPackage over a UTM
            // raster), no coordinate is moved at all.
            var read = VectorReader.Read(request.Polygons, options, request.Layer);
            if (!read.Succeeded)
            {
                return read.Problem!;
            }

            if (!read.Value.IsClean)
            {
                return Problems(read.Value.Problems);
            }

            var features = read.Value.Features;
            if (include.FirstOrDefault(c => !features.Any(f => f.Feature.Attributes.Exists(c))) is string missing && features.Count > 0)
            {
                return MissingColumn(request, missing, features[0].Feature.Attributes.GetNames());
            }

            var featureIds = new object[features.Count];
            for (int i = 0; i < featureIds.Length; i++)
            {
                var attributes = features[i].Feature.Attributes;
                bool hasField = request.IdField is not null && attributes.Exists(request.IdField), hasId = attributes.Exists("id");
                featureIds[i] = Id(features[i].Index, hasField, hasField ? attributes[request.IdField] : null,
                    read.Value.FeatureIds.TryGetValue(features[i].Index, out var own) ? own.Text : null, hasId, hasId ? attributes["id"] : null);
            }

            var columns = include.Select(c => features.Select(f => f.Feature.Attributes.Exists(c) ? f.Feature.Attributes[c] : null).ToArray()).ToList();
            Outcome<CoverageShape[]> ShapesIn(int epsg, string raster)
            {
                var project = ToRaster(read.Value.SourceCrs, epsg, raster);
                return project.Succeeded ? features.Select(f => CoverageShape.From(project.Value(f.Feature.Geometry))).ToArray() : project.Problem!;
            }

            return new Polygons(ShapesIn, featureIds, columns,
                request.IncludeGeometry ? [.. features.Select(f => read.Value.SourceCrs.ToWgs84(f.Feature.Geometry))] : null);
        }

        private static Outcome<Polygons> Problems(IReadOnlyList<GeoJsonIssue> problems) =>
            Outcome<Polygons>.Failure("zonal.polygons", string.Join(Environment.NewLine, problems.Take(20))
                + (problems.Count > 20 ? $"{Environment.NewLine}... and {problems.Count - 20} more" : string.Empty));

        private static Outcome<Polygons> MissingColumn(ZonalRequest request, string missing, IEnumerable<string> names) =>
            Outcome<Polygons>.Failure("zonal.include_cols", $"{request.Polygons}: no polygon has the column '{missing}' (--include-cols); its columns are {string.Join(", ", names)}.");

        /// <summary>A polygon's id as given: the named field, else the feature's own id, else its "id" attribute, else its index in the file.</summary>
        private static object Id(int index, bool hasField, object? field, string? own, bool hasId, object? id) =>
            hasField ? field ?? string.Empty
            : own is not null ? own
            : hasId ? id ?? string.Empty
            : (long)index;
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
}
