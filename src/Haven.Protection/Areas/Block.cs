using NetTopologySuite.Geometries;

namespace Haven.Protection.Areas;

/// <summary>
/// A numbered block, the unit evacuation orders name, with the area it lies in when known. Block maps come in
/// editions whose numbers and outlines differ (the 2023-24 order maps, OCHA's 2025 map): a block is known by its
/// edition and number. The main edition is the one buildings, tiles and block cards use; the others are kept
/// for the orders that name them.
/// </summary>
public sealed record Block(int Number, string? AreaPcode, Geometry Boundary, string Source)
{
    /// <summary>The store's main block map.</summary>
    public const string MainEdition = "";

    public string Edition { get; init; } = MainEdition;

    /// <summary>An edition's name in words: "the main block map" or "the 2025 block map".</summary>
    public static string EditionName(string edition) => edition == MainEdition ? "the main block map" : $"the {edition} block map";

    /// <summary>Why a name cannot be an edition (empty is the main map; at most 40 letters, digits, '-', '_' or '.'), or null when it can.</summary>
    public static string? EditionProblem(string edition)
    {
        ArgumentNullException.ThrowIfNull(edition);
        return edition.Length > 40 || edition.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? $"edition '{edition}': expected at most 40 letters, digits, '-', '_' or '.', such as 2025"
            : null;
    }
}
