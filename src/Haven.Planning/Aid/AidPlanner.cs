using Google.OrTools.LinearSolver;
using Haven.Geo;

namespace Haven.Planning.Aid;

/// <summary>A need per person per day, in kilograms (a litre of water weighs a kilogram).</summary>
public sealed record AidItem(string Commodity, double KgPerPersonPerDay, string Basis);

/// <summary>The items whose needs are counted. Defaults and their sources are in docs/methods/planning.md.</summary>
public sealed record AidOptions
{
    /// <summary>Energy per kilogram of the food basket (cereal, pulses, oil). 3,600 kcal/kg.</summary>
    public double FoodKcalPerKg { get; init; } = 3600;

    public double KcalPerPersonPerDay { get; init; } = 2100;

    public double WaterLitresPerPersonPerDay { get; init; } = 15;

    /// <summary>Other items (hygiene, shelter, fuel...) by commodity name, in kg per person per day.</summary>
    public IReadOnlyList<AidItem> OtherItems { get; init; } = [];

    public IReadOnlyList<AidItem> Items =>
    [
        new("food", KcalPerPersonPerDay / FoodKcalPerKg, $"{KcalPerPersonPerDay:0} kcal per person per day at {FoodKcalPerKg:0} kcal/kg"),
        new("water", WaterLitresPerPersonPerDay, $"{WaterLitresPerPersonPerDay:0.#} litres per person per day"),
        .. OtherItems,
    ];

    public static AidOptions Default { get; } = new();

    /// <summary>The first option out of range, named with what is expected; null when all are fine.</summary>
    public string? Validate()
    {
        if (!(FoodKcalPerKg > 0 && double.IsFinite(FoodKcalPerKg)) || !(KcalPerPersonPerDay > 0 && double.IsFinite(KcalPerPersonPerDay)))
        {
            return $"FoodKcalPerKg and KcalPerPersonPerDay must be positive numbers (are {FoodKcalPerKg} and {KcalPerPersonPerDay}).";
        }

        if (!(WaterLitresPerPersonPerDay >= 0 && double.IsFinite(WaterLitresPerPersonPerDay)))
        {
            return $"WaterLitresPerPersonPerDay must be 0 or more (is {WaterLitresPerPersonPerDay}).";
        }

        foreach (var item in OtherItems)
        {
            if (string.IsNullOrWhiteSpace(item.Commodity) || !(item.KgPerPersonPerDay >= 0 && double.IsFinite(item.KgPerPersonPerDay)))
            {
                return $"OtherItems: '{item.Commodity}' needs a name and a number of kg per person per day, 0 or more (is {item.KgPerPersonPerDay}).";
            }
        }

        var repeated = Items.GroupBy(i => i.Commodity, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? null : $"OtherItems: '{repeated.Key}' is counted twice; each commodity once.";
    }

    /// <summary>Throws when an option is out of range: the planners call it before any work.</summary>
    public AidOptions Checked() => Validate() is string invalid ? throw new ArgumentException(invalid, "options") : this;
}

/// <summary>What one area needs of one commodity on one day, in tonnes.</summary>
public sealed record AidNeed(string Area, DateOnly Date, long People, string Commodity, double Tonnes, string Basis);

/// <summary>Need against delivery for one area, commodity and day: the gap and the share of the need left unmet.</summary>
/// Delivered, gap and unmet share are null when no truck log is recorded at all: deliveries are then not known, not zero.
public sealed record AidGap(string Area, DateOnly Date, string Commodity, double NeedTonnes, double? DeliveredTonnes, double? GapTonnes, double? UnmetShare);

/// <summary>One area's part of an allocation.</summary>
public sealed record Allocation(string Area, double NeedTonnes, double AllocatedTonnes, double UnmetShare, bool Reachable, string? Note);

/// <summary>How a quantity available of one commodity is shared across areas on a date.</summary>
public sealed record AidPlan(DateOnly Date, string Commodity, double AvailableTonnes, double AllocatedTonnes, double MaxUnmetShare, IReadOnlyList<Allocation> Areas, string Solver)
{
    /// <summary>The inputs the plan lacked (an area with no population record has no need counted), in plain words; empty when none.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}

public static class AidPlanner
{
    /// <summary>Daily needs per area (people present from the population on the date) and commodity.</summary>
    public static IReadOnlyList<AidNeed> Needs(IReadOnlyDictionary<string, long> people, DateOnly date, AidOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(people);
        var o = (options ?? AidOptions.Default).Checked();
        return [.. people.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => o.Items.Select(i =>
            new AidNeed(p.Key, date, p.Value, i.Commodity, p.Value * i.KgPerPersonPerDay / 1000, i.Basis)))];
    }

    /// <summary>
    /// Need against what was delivered to each area, per commodity and day, from <paramref name="from"/> to
    /// <paramref name="to"/>. Only consignments that reached the delivered stage count; water supplied by other
    /// means can be added through <paramref name="otherWaterLitres"/> (litres per day per area).
    /// </summary>
    public static IReadOnlyList<AidGap> Gaps(Func<DateOnly, IReadOnlyDictionary<string, long>> people, IReadOnlyList<Delivery> log, DateOnly from, DateOnly to,
        AidOptions? options = null, Func<DateOnly, string, double?>? otherWaterLitres = null)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(log);
        var delivered = log.Where(d => d.Stage == Stage.Delivered && d.Destination is not null)
            .GroupBy(d => (d.Date, Area: d.Destination!, d.Commodity)).ToDictionary(g => g.Key, g => g.Sum(d => d.Tonnes));
        var gaps = new List<AidGap>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            foreach (var need in Needs(people(day), day, options))
            {
                if (log.Count == 0)
                {
                    // No truck log at all: what arrived is not known, so neither is the gap.
                    gaps.Add(new AidGap(need.Area, day, need.Commodity, need.Tonnes, null, null, null));
                    continue;
                }

                double got = delivered.GetValueOrDefault((day, need.Area, need.Commodity));
                if (need.Commodity == "water" && otherWaterLitres?.Invoke(day, need.Area) is double litres)
                {
                    got += litres / 1000;
                }

                double gap = Math.Max(0, need.Tonnes - got);
                gaps.Add(new AidGap(need.Area, day, need.Commodity, need.Tonnes, got, gap, need.Tonnes > 0 ? gap / need.Tonnes : 0));
            }
        }

        return gaps;
    }

    /// <summary>
    /// Shares <paramref name="availableTonnes"/> across the areas so that the largest share of need left unmet is
    /// as small as it can be, then delivers as much as possible without making it larger (two linear programmes,
    /// Google OR-Tools GLOP). An area that cannot be reached gets nothing and is reported with the reason.
    /// </summary>
    public static Outcome<AidPlan> Allocate(DateOnly date, string commodity, double availableTonnes, IReadOnlyDictionary<string, double> needTonnes,
        Func<string, (bool Reachable, string? Reason)> access)
    {
        ArgumentNullException.ThrowIfNull(needTonnes);
        ArgumentNullException.ThrowIfNull(access);
        if (!double.IsFinite(availableTonnes) || availableTonnes < 0)
        {
            return Outcome<AidPlan>.Failure("aid.available", $"--available (available): the quantity must be 0 or more tonnes; got {availableTonnes}.");
        }

        var areas = needTonnes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (Area: n.Key, Need: n.Value, Access: access(n.Key))).ToList();
        var open = areas.Where(a => a.Access.Reachable && a.Need > 0).ToList();
        var given = new Dictionary<string, double>(StringComparer.Ordinal);
        double z = open.Count == 0 ? 0 : 1;
        string solverName = "none needed";
        if (open.Count > 0)
        {
            using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP is not available.");
            solverName = "OR-Tools GLOP";
            var x = open.Select(a => solver.MakeNumVar(0, a.Need, $"x_{a.Area}")).ToArray();
            var zVar = solver.MakeNumVar(0, 1, "z");
            var supply = solver.MakeConstraint(double.NegativeInfinity, availableTonnes, "supply");
            for (int i = 0; i < open.Count; i++)
            {
                supply.SetCoefficient(x[i], 1);
                // (need - x) / need <= z  <=>  x + need * z >= need
                var c = solver.MakeConstraint(open[i].Need, double.PositiveInfinity, $"share_{open[i].Area}");
                c.SetCoefficient(x[i], 1);
                c.SetCoefficient(zVar, open[i].Need);
            }

            var objective = solver.Objective();
            objective.SetCoefficient(zVar, 1);
            objective.SetMinimization();
            if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
            {
                return Outcome<AidPlan>.Failure("aid.solver", "The allocation could not be solved.");
            }

            z = zVar.SolutionValue();
            // Second: deliver as much as possible while keeping the largest unmet share at its minimum.
            zVar.SetUb(z + 1e-9);
            objective.Clear();
            foreach (var v in x)
            {
                objective.SetCoefficient(v, 1);
            }

            objective.SetMaximization();
            if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
            {
                return Outcome<AidPlan>.Failure("aid.solver", "The allocation could not be solved.");
            }

            for (int i = 0; i < open.Count; i++)
            {
                given[open[i].Area] = Math.Max(0, x[i].SolutionValue());
            }
        }

        var rows = areas.Select(a =>
        {
            double g = given.GetValueOrDefault(a.Area);
            double unmet = a.Need > 0 ? Math.Max(0, (a.Need - g) / a.Need) : 0;
            string? note = !a.Access.Reachable ? $"unreachable: {a.Access.Reason}" : a.Need <= 0 ? "no need" : null;
            return new Allocation(a.Area, a.Need, Math.Round(g, 6), Math.Round(unmet, 6), a.Access.Reachable, note);
        }).ToList();
        return new AidPlan(date, commodity, availableTonnes, Math.Round(rows.Sum(r => r.AllocatedTonnes), 6), Math.Round(open.Count == 0 ? 0 : z, 6), rows, solverName);
    }

    /// <summary>Tonnes of a commodity collected from the crossings on a date and not delivered the same day: what can be shared out.</summary>
    public static double AvailableOn(IReadOnlyList<Delivery> log, DateOnly date, string commodity)
    {
        ArgumentNullException.ThrowIfNull(log);
        var day = log.Where(d => d.Date == date && d.Commodity == commodity).ToList();
        return Math.Max(0, day.Where(d => d.Stage == Stage.Collected).Sum(d => d.Tonnes) - day.Where(d => d.Stage == Stage.Delivered).Sum(d => d.Tonnes));
    }
}
