using System.CommandLine;
using Haven.Damage.Stacks;

namespace Haven.Cli.Commands;

/// <summary>How a folder of products is put on one grid, on the command line; shared by <c>stack build</c> and <c>assess</c>.</summary>
public sealed class AlignmentCommandOptions
{
    private readonly Option<FileInfo?> _aoi = new("--aoi") { Description = "Area of interest (GeoJSON polygons, WGS 84) the grid follows; by default the buildings' extent." };
    private readonly Option<int?> _crs = new("--crs") { Description = "EPSG code of the grid's CRS (a WGS 84 UTM zone); by default the zone of the area's centre." };
    private readonly Option<double?> _resolution = new("--resolution") { Description = "Cell size in metres; by default the finest input's." };
    private readonly Option<double?> _minCoverage = new("--min-coverage") { Description = $"Share of the grid (0-1) a date must cover to be used (default {AlignmentOptions.Default.MinCoverage})." };

    public Option<FileInfo?> Aoi => _aoi;

    public IEnumerable<Option> All => [_aoi, _crs, _resolution, _minCoverage];

    public AlignmentOptions Read(ParseResult parse)
    {
        var d = AlignmentOptions.Default;
        return d with
        {
            Epsg = parse.GetValue(_crs),
            Resolution = parse.GetValue(_resolution),
            MinCoverage = parse.GetValue(_minCoverage) ?? d.MinCoverage,
        };
    }
}
