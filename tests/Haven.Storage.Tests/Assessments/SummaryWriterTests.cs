using System.Text.Json;
using Haven.Damage.Aggregation;
using Haven.Damage.Pwtt;
using Haven.Damage.Stacks;
using Haven.Damage.Stacks.Products;
using Haven.Damage.Validation;
using Haven.Storage.Assessments;

namespace Haven.Storage.Tests.Assessments;

/// <summary>
/// summary.json is written member by member (<see cref="SummaryWriter"/>); its text must be, byte for byte, what
/// JsonSerializer writes for the same document with snake_case names, indentation and named non-finite numbers.
/// </summary>
public sealed class SummaryWriterTests
{
    private static readonly JsonSerializerOptions Serializer = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    [Fact]
    public void A_plain_run_is_written_as_the_serialiser_writes_it()
    {
        var document = Plain();

        Assert.Equal(JsonSerializer.Serialize(document, Serializer), SummaryWriter.Write(document));
    }

    [Fact]
    public void A_run_with_every_section_and_every_kind_of_value_is_written_as_the_serialiser_writes_it()
    {
        using var stored = JsonDocument.Parse("""{"kept": [1, "two", null, {"three": 3.5}], "text": "\u00e9"}""");
        var parameters = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["int"] = 3,
            ["long"] = 12_345_678_901L,
            ["double"] = 0.1 + 0.2,
            ["not_a_number"] = double.NaN,
            ["infinite"] = double.PositiveInfinity,
            ["negative_infinite"] = double.NegativeInfinity,
            ["tiny"] = 5e-324,
            ["huge"] = double.MaxValue,
            ["whole"] = 50.0,
            ["flag"] = true,
            ["text"] = "a < b & \"c\" + d's 'quote' غزة",
            ["doubles"] = new[] { 50.0, 1.5, double.NaN, -0.0 },
            ["ints"] = new[] { 1, -2, int.MaxValue },
            ["stored"] = stored.RootElement.Clone(),
        };
        var metrics = new ValidationMetrics(1234, 56, 0.93071, new ThresholdMetrics(3.3, 0.5, 0.25, 1 / 3.0, 10.5, 2, double.NaN),
            new ThresholdMetrics(2.9, double.NaN, 1, 0.8, 3, 0, 0), AreaWeighted: true);
        var document = Plain() with
        {
            CreatedAt = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(3)).AddTicks(1234567),
            Synthetic = true,
            Parameters = parameters,
            InferenceDates = [new DateOnly(2023, 10, 15), new DateOnly(2024, 1, 1)],
            Windows = [new PwttWindowUse(87, Polarisation.VV, 30, [3, 0], true), new PwttWindowUse(160, Polarisation.VH, 0, [], false)],
            Warnings = ["orbit 160 VH: no images before the event", "ميناء"],
            Stack = new StackSection("/data/aligned <2023>", true,
                [
                    new AlignedImageSection(new DateOnly(2023, 10, 15), 87, "VV", "t087_20231015_vv.tif", 0.9876, "bilinear", false, ["a.tif", "b.tif"], 0.215),
                    new AlignedImageSection(new DateOnly(2023, 10, 27), 87, "VH", null, 0.41, "average", true, [], null),
                ],
                [new SkippedFile("/data/readme.txt", "not a GeoTIFF"), new SkippedFile("/data/x_VV.tif", "date \"2023-13-01\" is not a date")],
                ["relative orbit from the acquisition time of day"]),
            StageSeconds = new Dictionary<string, double> { ["read_inputs"] = 1.0832531, ["smoothing"] = 0, ["odd"] = double.NaN },
            Buildings = new BuildingsSection(40_000, 39_000, 700, 300, [new DamagedSection(new DateOnly(2023, 10, 15), 7004), new DamagedSection(new DateOnly(2024, 1, 1), 9001)]),
            Areas =
            [
                new AreaDamage("W", "West half", new DateOnly(2023, 10, 15), 20_000, 19_000, 3496, 0.1748, 0.16959897852871958, 0.18012592172217085, "map share"),
                new AreaDamage("PS0255", "شمال غزة", new DateOnly(2024, 1, 1), 0, 0, 0, double.NaN, double.NaN, double.NaN, "no structures"),
            ],
            Labels = new LabelsSection("the area the labels cover (unosat.geojson)", 812),
            Validation = [new ValidationSection(new DateOnly(2023, 10, 15), metrics)],
        };

        Assert.Equal(JsonSerializer.Serialize(document, Serializer), SummaryWriter.Write(document));
    }

    [Fact]
    public void A_parameter_of_a_kind_summary_json_does_not_hold_is_refused_naming_it()
    {
        var document = Plain() with { Parameters = new Dictionary<string, object> { ["when"] = new DateOnly(2024, 1, 1) } };

        var error = Assert.Throws<InvalidOperationException>(() => SummaryWriter.Write(document));

        Assert.Contains("parameter when is a DateOnly", error.Message, StringComparison.Ordinal);
    }

    private static SummaryDocument Plain() => new(
        "pwtt-20261127084252-95a028eb",
        new DateTimeOffset(2026, 11, 27, 8, 42, 52, TimeSpan.Zero).AddTicks(7556510),
        "1.0.0+8eaca68",
        "pwtt",
        false,
        "Ballinger, Remote Sensing of Environment 331:115025, 2025 (arXiv 2405.06323)",
        new DateOnly(2023, 10, 7),
        [new DateOnly(2023, 10, 15)],
        new SortedDictionary<string, object>(StringComparer.Ordinal) { ["damage_threshold"] = 3.3, ["lee_window"] = 3, ["convolution_radii_m"] = new[] { 50.0, 100, 150 } },
        [new InputFile("stack manifest", "/tmp/stack.csv", 5507, new string('a', 64))],
        [new PwttWindowUse(87, Polarisation.VV, 30, [3], true)],
        [],
        null,
        new GridSection(1000, 1000, 32636, 10),
        132_000_000,
        new Dictionary<string, double> { ["read_inputs"] = 1.0832531 },
        new BuildingsSection(40_000, 40_000, 0, 0, [new DamagedSection(new DateOnly(2023, 10, 15), 7004)]),
        [new AreaDamage("W", "West half", new DateOnly(2023, 10, 15), 20_000, 20_000, 3496, 0.1748, 0.16959897852871958, 0.18012592172217085, "map share")],
        null,
        []);
}
