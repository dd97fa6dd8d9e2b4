using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;

namespace Haven.Server.Apis;

/// <summary>Query-string values more than one endpoint takes.</summary>
public static class Query
{
    /// <summary>A bbox "minLon,minLat,maxLon,maxLat" in WGS 84 degrees, or null when it is not one.</summary>
    public static Envelope? Bbox(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        var n = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out n[i])).All(ok => ok)
            || !n.All(double.IsFinite) || n[0] > n[2] || n[1] > n[3] || n[0] < -180 || n[2] > 180 || n[1] < -90 || n[3] > 90)
        {
            return null;
        }

        return new Envelope(n[0], n[2], n[1], n[3]);
    }

    /// <summary>A date written YYYY-MM-DD.</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The asOf query value: today when absent, false when it is not a date.</summary>
    public static bool AsOf(string? text, TimeProvider time, out DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(time);
        date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return text is null || TryDate(text, out date);
    }

    public static ProblemHttpResult AsOfProblem(string? text) =>
        Problems.Result("query.as_of", StatusCodes.Status400BadRequest, $"asOf '{text}' is not a date; expected YYYY-MM-DD.");

    public static ProblemHttpResult BboxProblem(string text) =>
        Problems.Result("query.bbox", StatusCodes.Status400BadRequest, $"bbox '{text}' must be minLon,minLat,maxLon,maxLat in WGS 84 degrees.");
}
