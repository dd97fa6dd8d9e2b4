using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Haven.Geo;
using Haven.Protection.Areas;
using Haven.Storage.Importers;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Importers;

/// <summary>Reading values out of features: block numbers and sizes, names in two scripts, text, WGS 84 geometry.</summary>
public static partial class ReferenceImporter
{
    private static bool BlockNumber(string file, int index, IAttributesTable? a, string property, LayerBatch batch, out int number)
    {
        number = 0;
        object? raw = Raw(a, property);
        if (raw is null || !QuirkyValues.TryInteger(raw, out long value, out string form) || value < 0 || value > int.MaxValue)
        {
            batch.Problems.Add(new ImportProblem(file, index, $"{property} \"{raw ?? "null"}\" is not a block number (expected a whole number)."));
            return false;
        }

        if (form != "number")
        {
            batch.Quirk(form == "string" ? "block numbers written as strings" : "block numbers written as decimals");
        }

        number = (int)value;
        return true;
    }

    private static bool BlockSize(string file, int index, IFeature f, IAttributesTable? a, string areaProperty, int number, LayerBatch batch)
    {
        if (!IsArea(f.Geometry))
        {
            batch.Problems.Add(new ImportProblem(file, index, $"block {number} must be a Polygon or MultiPolygon, not {f.Geometry?.GeometryType ?? "nothing"}."));
            return false;
        }

        if (Raw(a, areaProperty) is string)
        {
            batch.Quirk("areas written as strings");
        }

        double km2 = QuirkyValues.TryNumber(Raw(a, areaProperty), out double stated) ? stated : Haven.Geo.Crs.Geodesy.AreaSquareMetres(f.Geometry) / 1e6;
        if (km2 > MaxBlockKm2)
        {
            batch.Problems.Add(new ImportProblem(file, index,
                string.Create(CultureInfo.InvariantCulture, $"block {number} covers {km2:F1} km², more than any block could ({MaxBlockKm2} km²): an outline of a whole area, not a block; left out.")));
            return false;
        }

        return true;
    }

    private static (string? En, string? Ar) Names(IAttributesTable? a, LayerBatch batch)
    {
        string? name = Text(a, "name");
        string? en = Text(a, "name:en") ?? Text(a, "name_en");
        string? ar = Text(a, "name:ar") ?? Text(a, "name_ar");
        if (en is null && name is not null && !IsArabic(name))
        {
            en = name;
        }

        if (ar is null && name is not null && IsArabic(name))
        {
            ar = name;
            if (en is null)
            {
                batch.Quirk("names only in Arabic");
            }
        }

        return (en, ar);
    }

    private static bool IsArea(Geometry? g) => g is Polygon or MultiPolygon && !g.IsEmpty;

    private static bool IsArabic(string? text) => text is not null && text.Any(c => c is >= '\u0600' and <= '\u06FF');

    private static object? Raw(IAttributesTable? a, string name) => a is not null && a.Exists(name) ? a[name] : null;

    private static string? Text(IAttributesTable? a, string name) => Raw(a, name) switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    private static Geometry Wgs(Geometry g)
    {
        var copy = Wgs84.CreateGeometry(g);
        copy.SRID = 4326;
        return copy;
    }

    private static string Short(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];

    private static string Humanise(string stem)
    {
        string words = stem.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? "zone" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
