using System.CommandLine;
using System.Globalization;
using Haven.Damage.Pwtt;

namespace Haven.Cli.Commands;

/// <summary>
/// PWTT's options on the command line, named as in the reference implementation where it has a name
/// (<c>pre_interval</c>, <c>post_interval</c> in months). Each defaults to <see cref="PwttOptions.Default"/>.
/// </summary>
public sealed class PwttCommandOptions
{
    private readonly Option<int?> _preMonths = new("--pre-months") { Description = $"Months of images before the event in the pre window (default {PwttOptions.Default.PreWindowMonths})." };
    private readonly Option<int?> _postMonths = new("--post-months") { Description = $"Months of images from each inference date in the post window (default {PwttOptions.Default.PostWindowMonths})." };
    private readonly Option<int?> _leeWindow = new("--lee-window") { Description = $"Lee filter window edge in pixels, odd (default {PwttOptions.Default.LeeWindow})." };
    private readonly Option<double?> _leeLooks = new("--lee-looks") { Description = $"Equivalent number of looks the Lee filter assumes (default {PwttOptions.Default.LeeLooks})." };
    private readonly Option<int?> _minPre = new("--min-pre") { Description = $"Fewest valid pre-window values for a pixel to be tested (default {PwttOptions.Default.MinPreValues})." };
    private readonly Option<int?> _minPost = new("--min-post") { Description = $"Fewest valid post-window values for a pixel to be tested (default {PwttOptions.Default.MinPostValues})." };
    private readonly Option<double?> _medianRadius = new("--median-radius") { Description = $"Radius of the focal median in metres (default {PwttOptions.Default.MedianRadiusMetres})." };
    private readonly Option<string?> _radii = new("--kernel-radii") { Description = $"Radii of the circular means in metres, comma-separated (default {string.Join(',', PwttOptions.Default.ConvolutionRadiiMetres)})." };

    public IEnumerable<Option> All => [_preMonths, _postMonths, _leeWindow, _leeLooks, _minPre, _minPost, _medianRadius, _radii];

    /// <summary>The options given, over the defaults; false (with the message written) when a value cannot be read.</summary>
    public bool TryRead(ParseResult parse, out PwttOptions options)
    {
        var d = PwttOptions.Default;
        options = d with
        {
            PreWindowMonths = parse.GetValue(_preMonths) ?? d.PreWindowMonths,
            PostWindowMonths = parse.GetValue(_postMonths) ?? d.PostWindowMonths,
            LeeWindow = parse.GetValue(_leeWindow) ?? d.LeeWindow,
            LeeLooks = parse.GetValue(_leeLooks) ?? d.LeeLooks,
            MinPreValues = parse.GetValue(_minPre) ?? d.MinPreValues,
            MinPostValues = parse.GetValue(_minPost) ?? d.MinPostValues,
            MedianRadiusMetres = parse.GetValue(_medianRadius) ?? d.MedianRadiusMetres,
        };
        if (parse.GetValue(_radii) is not string text)
        {
            return true;
        }

        var radii = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) || !double.IsFinite(r))
            {
                Console.Error.WriteLine($"--kernel-radii: '{part}' is not a number; expected radii in metres such as 50,100,150.");
                return false;
            }

            radii.Add(r);
        }

        options = options with { ConvolutionRadiiMetres = radii };
        return true;
    }
}
