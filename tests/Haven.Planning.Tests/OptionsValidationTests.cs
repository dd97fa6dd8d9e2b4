using Haven.Planning.Aid;
using Haven.Planning.Capacity;

namespace Haven.Planning.Tests;

/// <summary>Sphere standards and aid options name the first value out of range before any work is done.</summary>
public class OptionsValidationTests
{
    [Fact]
    public void The_default_sphere_standards_and_aid_options_are_valid()
    {
        Assert.Null(SphereStandards.Default.Validate());
        Assert.Null(AidOptions.Default.Validate());
    }

    [Theory]
    [InlineData("HouseholdSize", 0)]
    [InlineData("HouseholdSize", double.NaN)]
    [InlineData("SiteM2PerPerson", -45)]
    [InlineData("WaterLitresPerPersonPerDay", double.PositiveInfinity)]
    [InlineData("PeoplePerTap", 0)]
    [InlineData("CoveredStoreys", 0)]
    public void A_sphere_standard_out_of_range_is_named_with_its_value(string name, double value)
    {
        var standards = name switch
        {
            "HouseholdSize" => SphereStandards.Default with { HouseholdSize = value },
            "SiteM2PerPerson" => SphereStandards.Default with { SiteM2PerPerson = value },
            "WaterLitresPerPersonPerDay" => SphereStandards.Default with { WaterLitresPerPersonPerDay = value },
            "PeoplePerTap" => SphereStandards.Default with { PeoplePerTap = (int)value },
            _ => SphereStandards.Default with { CoveredStoreys = value },
        };

        string? problem = standards.Validate();

        Assert.NotNull(problem);
        Assert.StartsWith($"{name} must be a positive number", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Aid_options_with_no_energy_per_kilogram_are_refused_naming_it()
    {
        string? problem = (AidOptions.Default with { FoodKcalPerKg = 0 }).Validate();

        Assert.Contains("FoodKcalPerKg", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Aid_options_counting_water_twice_are_refused_naming_the_commodity()
    {
        var options = AidOptions.Default with { OtherItems = [new AidItem("water", 2, "bottled")] };

        Assert.Equal("OtherItems: 'water' is counted twice; each commodity once.", options.Validate());
    }

    [Fact]
    public void Needs_refuse_invalid_aid_options_before_counting_anything()
    {
        var options = AidOptions.Default with { OtherItems = [new AidItem("soap", -1, "per person")] };

        var error = Assert.Throws<ArgumentException>(() => AidPlanner.Needs(new Dictionary<string, long> { ["A1"] = 100 }, new DateOnly(2024, 1, 1), options));

        Assert.Contains("'soap'", error.Message, StringComparison.Ordinal);
    }
}
