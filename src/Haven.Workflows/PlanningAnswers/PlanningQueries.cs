using Haven.Geo;
using Haven.Planning;
using Haven.Planning.Aid;
using Haven.Planning.Capacity;
using Haven.Storage;

namespace Haven.Workflows.PlanningAnswers;

/// <summary>The planning questions as the command line and the server ask them of a store.</summary>
public static class PlanningQueries
{
    /// <summary>
    /// Capacity of every area, one area, or a zone in force on the date (a zone's people must be given: counts are
    /// kept per area). Food supply is what the truck log says was delivered to the area that day.
    /// </summary>
    public static async Task<Outcome<IReadOnlyList<CapacityReport>>> CapacityAsync(IHavenStore store, PlanningInputs inputs, string? area, string? zone, long? people,
        AidOptions? aid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(inputs);
        if (people is < 0)
        {
            return Outcome<IReadOnlyList<CapacityReport>>.Failure("capacity.people", $"people (--people): {people} is not a number of people; expected 0 or more.");
        }

        var scene = inputs.Scene;
        var o = aid ?? AidOptions.Default;
        if (o.Validate() is string invalid)
        {
            return Outcome<IReadOnlyList<CapacityReport>>.Failure("aid.options", invalid);
        }

        double? Food(string code)
        {
            var day = inputs.Data.Trucks.Where(d => d.Stage == Stage.Delivered && d.Date == scene.AsOf && d.Commodity == "food").ToList();
            return inputs.Data.Trucks.Count == 0 ? null : day.Where(d => d.Destination == code).Sum(d => d.Tonnes) * 1000 * o.FoodKcalPerKg;
        }

        if (zone is not null)
        {
            var z = (await store.GetZonesAsync(cancellationToken)).Where(x => x.Id == zone && x.IsValidOn(scene.AsOf))
                .MaxBy(x => x.Version);
            if (z is null)
            {
                return Outcome<IReadOnlyList<CapacityReport>>.Failure("planning.zone", $"No zone '{zone}' in force on {scene.AsOf:yyyy-MM-dd}.");
            }

            if (people is null)
            {
                return Outcome<IReadOnlyList<CapacityReport>>.Failure("planning.people", $"Give the number of people in zone '{zone}': population is counted per area, not per zone.");
            }

            return new[] { CapacityPlanner.For(scene, z.Id, z.NameEn, z.Boundary, people.Value, "given") };
        }

        if (area is not null)
        {
            return scene.Area(area) is null
                ? Outcome<IReadOnlyList<CapacityReport>>.Failure("planning.area", $"No area '{area}'; expected one of {string.Join(", ", scene.Areas.Select(a => a.Pcode))}.")
                : new[] { CapacityPlanner.ForArea(scene, area, people, Food(area)) };
        }

        return scene.Areas.Select(a => CapacityPlanner.ForArea(scene, a.Pcode, null, Food(a.Pcode))).ToList();
    }

    /// <summary>
    /// Habitable housing on the scene's date: one row per area (only <paramref name="area"/> when given), then one
    /// per block (of that area). An area that does not exist is a problem, not an empty answer.
    /// </summary>
    public static Outcome<IReadOnlyList<HousingReport>> Housing(PlanningInputs inputs, string? area)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var scene = inputs.Scene;
        if (area is not null && scene.Area(area) is null)
        {
            return Outcome<IReadOnlyList<HousingReport>>.Failure("planning.area", $"No area '{area}'; expected one of {string.Join(", ", scene.Areas.Select(a => a.Pcode))}.");
        }

        return HousingPlanner.Areas(scene).Where(h => area is null || h.Code == area).Concat(HousingPlanner.Blocks(scene, area)).ToList();
    }

    /// <summary>Daily needs on the first day, and need against delivery for each day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static AidNeedsAnswer Needs(PlanningInputs inputs, DateOnly from, DateOnly to, AidOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var scene = inputs.Scene;
        IReadOnlyDictionary<string, long> PeopleOn(DateOnly day) => inputs.Population.AsOf(day)
            .Where(p => scene.Area(p.Key) is not null).ToDictionary(p => p.Key, p => p.Value.Present, StringComparer.Ordinal);
        var services = inputs.Data.Services;
        double? Water(DateOnly day, string area) => ServiceRecord.AsOf(services, day).GetValueOrDefault(area)?.WaterLitresPerDay;
        var missing = new List<string>();
        if (inputs.Data.Trucks.Count == 0)
        {
            missing.Add("truck log (what was delivered is not known, so neither is the gap)");
        }

        var first = PeopleOn(from);
        if (NoPopulation(scene, first) is { } lacking)
        {
            missing.Add(lacking);
        }

        return new(AidPlanner.Needs(first, from, options), AidPlanner.Gaps(PeopleOn, inputs.Data.Trucks, from, to, options, Water), missing);
    }

    /// <summary>The areas with no population record on the scene's date, as a missing input; null when every area has one.</summary>
    private static string? NoPopulation(PlanningScene scene, IReadOnlyDictionary<string, long> people)
    {
        var none = scene.Areas.Where(a => !people.ContainsKey(a.Pcode)).Select(a => a.Pcode).ToList();
        return none.Count == 0 ? null : $"population for {string.Join(", ", none)} on {scene.AsOf:yyyy-MM-dd} (no need is counted there)";
    }

    /// <summary>
    /// An allocation of one commodity on the scene's date across areas, of <paramref name="available"/> tonnes or, by
    /// default, what the truck log shows collected that day and not yet delivered.
    /// </summary>
    public static Outcome<AidPlan> Plan(PlanningInputs inputs, string commodity, double? available, AidOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var o = options ?? AidOptions.Default;
        if (o.Validate() is string invalid)
        {
            return Outcome<AidPlan>.Failure("aid.options", invalid);
        }

        if (!o.Items.Any(i => i.Commodity == commodity))
        {
            return Outcome<AidPlan>.Failure("aid.commodity", $"No need is counted for '{commodity}'; expected {string.Join(", ", o.Items.Select(i => i.Commodity))}.");
        }

        var scene = inputs.Scene;
        if (available is null && inputs.Data.Trucks.Count == 0)
        {
            return Outcome<AidPlan>.Failure("aid.supply_unknown",
                $"No truck log is recorded, so what is available on {scene.AsOf:yyyy-MM-dd} is not known; give the tonnes to share (--available, or available= over HTTP), or import the truck log.");
        }

        var people = scene.People.Where(p => scene.Area(p.Key) is not null).ToDictionary(p => p.Key, p => p.Value.Present, StringComparer.Ordinal);
        string? lacking = NoPopulation(scene, people);
        foreach (var a in scene.Areas)
        {
            people.TryAdd(a.Pcode, 0);
        }

        var needs = AidPlanner.Needs(people, scene.AsOf, o).Where(n => n.Commodity == commodity).ToDictionary(n => n.Area, n => n.Tonnes, StringComparer.Ordinal);
        double supply = available ?? AidPlanner.AvailableOn(inputs.Data.Trucks, scene.AsOf, commodity);
        var plan = AidPlanner.Allocate(scene.AsOf, commodity, supply, needs, a => AccessRecord.On(inputs.Data.Access, a, scene.AsOf));
        return plan.Succeeded && lacking is not null ? plan.Value with { Missing = [lacking] } : plan;
    }
}

/// <summary>Daily needs per area and commodity on the first day, need against delivery per day, and the inputs the answer lacked.</summary>
public sealed record AidNeedsAnswer(IReadOnlyList<AidNeed> Needs, IReadOnlyList<AidGap> Gaps, IReadOnlyList<string> Missing);
