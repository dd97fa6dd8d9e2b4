using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;

namespace Haven.Geo.Inspection;

/// <summary>Per-band statistics of valid cells (nodata and NaN left out).</summary>
public sealed record BandSummary(int Band, long ValidCells, double Min, double Max, double Mean);

/// <summary>What `haven inspect` says about a GeoTIFF: its layout and georeferencing, and statistics per band.</summary>
public sealed record RasterSummary(GeoTiffInfo Info, IReadOnlyList<BandSummary> Bands)
{
    /// <summary>Reads every band by blocks of rows (memory stays at one block) and summarises it.</summary>
    public static Outcome<RasterSummary> Compute(GeoTiffFile file, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var info = file.Info;
        var bands = new List<BandSummary>();
        int rowsPerRead = Math.Max(info.BlockHeight, 64);
        for (int band = 1; band <= info.BandCount; band++)
        {
            long n = 0;
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            for (int row = 0; row < info.Height; row += rowsPerRead)
            {
                progress?.Report(new WorkProgress($"band {band}", (band - 1) * info.Height + row, info.BandCount * info.Height));
                int rows = Math.Min(rowsPerRead, info.Height - row);
                var window = new RasterWindow(0, row, info.Width, rows);
                if (info.DataType.IsComplex())
                {
                    var complex = file.ReadComplexWindow(band, window);
                    if (!complex.Succeeded)
                    {
                        return complex.Problem!;
                    }

                    foreach (var z in complex.Value)
                    {
                        Add(z.Magnitude);
                    }
                }
                else
                {
                    var values = file.ReadWindow<double>(band, window);
                    if (!values.Succeeded)
                    {
                        return values.Problem!;
                    }

                    foreach (double v in values.Value)
                    {
                        Add(v);
                    }
                }
            }

            bands.Add(n == 0
                ? new BandSummary(band, 0, double.NaN, double.NaN, double.NaN)
                : new BandSummary(band, n, min, max, sum / n));

            void Add(double v)
            {
                if (double.IsNaN(v) || (info.NoData is double nd && v == nd))
                {
                    return;
                }

                n++;
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return new RasterSummary(info, bands);
    }
}
