using System.Globalization;
using System.Text.Json;

namespace Haven.Damage.Stacks.Products;

/// <summary>
/// A STAC item JSON beside its Sentinel-1 RTC assets (as the Planetary Computer's <c>sentinel-1-rtc</c> collection
/// serves them): <c>datetime</c>, <c>sat:relative_orbit</c>, <c>sat:orbit_state</c>, <c>platform</c>, and one
/// asset per polarisation (<c>vv</c>, <c>vh</c>) whose href names the local file, relative to the item or by its
/// file name in the item's folder. Values are linear power unless the asset's band says its unit is dB.
/// </summary>
public static class StacItem
{
    /// <summary>The images an item describes that exist on disk, and problems (naming the item) with the ones it cannot use.</summary>
    public static (List<RadarProduct> Products, List<SkippedFile> Skipped)? Read(string jsonPath)
    {
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(jsonPath);
            if (stream.Length > 16 << 20)
            {
                return null;
            }

            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException)
        {
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("stac_version", out _)
                || !root.TryGetProperty("type", out var type) || type.GetString() != "Feature")
            {
                return null;
            }

            var products = new List<RadarProduct>();
            var skipped = new List<SkippedFile>();
            string folder = Path.GetDirectoryName(Path.GetFullPath(jsonPath))!;
            var props = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            string? when = Text(props, "datetime") ?? Text(props, "start_datetime");
            int? track = props.ValueKind == JsonValueKind.Object && props.TryGetProperty("sat:relative_orbit", out var ro) && ro.TryGetInt32(out int r) ? r : null;
            if (!root.TryGetProperty("assets", out var assets) || assets.ValueKind != JsonValueKind.Object)
            {
                return (products, skipped);
            }

            foreach (var asset in assets.EnumerateObject())
            {
                Polarisation? pol = asset.Name.ToUpperInvariant() switch { "VV" => Polarisation.VV, "VH" => Polarisation.VH, _ => null };
                string? href = Text(asset.Value, "href");
                if (pol is null || href is null)
                {
                    continue;
                }

                string? local = Local(folder, href);
                if (local is null)
                {
                    // An image the item lists but the folder does not hold: said, so that a missing download is not passed over.
                    skipped.Add(new SkippedFile(jsonPath, $"the STAC item's {pol} asset is not in the folder (its href is {href}); download it beside the item"));
                    continue;
                }

                if (when is null || !DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var acquired))
                {
                    skipped.Add(new SkippedFile(local, $"{Path.GetFileName(jsonPath)}: the STAC item has no readable 'datetime'"));
                    continue;
                }

                if (track is null)
                {
                    skipped.Add(new SkippedFile(local, $"{Path.GetFileName(jsonPath)}: the STAC item has no 'sat:relative_orbit'"));
                    continue;
                }

                products.Add(new RadarProduct(local, "STAC item", acquired, pol.Value, IsDb(asset.Value) ? RadarScale.Db : RadarScale.Linear,
                    track.Value, $"STAC item {Path.GetFileName(jsonPath)}", Platform(Text(props, "platform")), Pass: Text(props, "sat:orbit_state")));
            }

            return (products, skipped);
        }
    }

    private static string? Local(string folder, string href)
    {
        if (Uri.TryCreate(href, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            string name = Path.GetFileName(uri.AbsolutePath);
            string beside = Path.Combine(folder, name);
            return name.Length > 0 && File.Exists(beside) ? beside : null;
        }

        string path = Path.GetFullPath(Path.Combine(folder, uri?.IsFile == true ? uri.LocalPath : href));
        if (File.Exists(path) && Haven.Geo.IO.ConfinedPath.IsInside(folder, path))
        {
            return path;
        }

        string byName = Path.Combine(folder, Path.GetFileName(href));
        return File.Exists(byName) ? byName : null;
    }

    private static bool IsDb(JsonElement asset) =>
        asset.TryGetProperty("raster:bands", out var bands) && bands.ValueKind == JsonValueKind.Array
        && bands.EnumerateArray().Any(b => string.Equals(Text(b, "unit"), "dB", StringComparison.OrdinalIgnoreCase));

    private static string? Platform(string? name) => name?.ToUpperInvariant() switch
    {
        "SENTINEL-1A" => "S1A",
        "SENTINEL-1B" => "S1B",
        "SENTINEL-1C" => "S1C",
        "SENTINEL-1D" => "S1D",
        _ => name,
    };

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
