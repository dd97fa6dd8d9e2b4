using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;

namespace Haven.Planning.Aid;

/// <summary>A weight and food energy worked out for one consignment, and what was assumed to get them.</summary>
public sealed record Conversion(double? Tonnes, double? Kcal, string Assumed);

/// <summary>
/// The factors that turn what a source recorded (pallets, trucks, tonnes, a cargo description) into tonnes and
/// kilocalories. Defaults and their sources are in docs/methods/aid.md; a user may give others with
/// <see cref="Read"/> (tables shaped as the LSHTM food-availability study's kcal_equi.csv and kg_pallet.csv).
/// </summary>
public sealed class AidFactors
{
    /// <summary>Mean load of a truck, 17 t: WFP, 7 Oct 2023 to 19 Mar 2024, about 3,330 trucks carrying 56,600 t of food.</summary>
    public const double DefaultKgPerTruck = 17_000;

    /// <summary>Mean energy of a food parcel, kcal per kg, used for food whose items are not named (the study's WCK parcel mean).</summary>
    public const double DefaultFoodKcalPerKg = 2_657;

    private static readonly Dictionary<string, double> DefaultKcal = new(StringComparer.Ordinal)
    {
        // Energy density, kcal per kg of the item as shipped (dry or canned), from standard food composition tables.
        ["flour"] = 3640, ["wheat flour"] = 3640, ["semolina"] = 3430, ["rice"] = 3600, ["sugar"] = 3840, ["oil"] = 8840, ["cooking oil"] = 8840,
        ["vegetable oil"] = 8840, ["clarified butter"] = 9000, ["ghee"] = 9000, ["lentils"] = 3430, ["chickpeas"] = 3780, ["beans"] = 3330,
        ["canned beans"] = 3330, ["fava beans"] = 3330, ["legumes"] = 3330, ["canned chickpeas"] = 1190, ["hummus"] = 1660, ["pasta"] = 3710,
        ["noodles"] = 4500, ["instant noodles"] = 4500, ["bulgur"] = 3470, ["freekeh"] = 3500, ["corn"] = 3650, ["starch"] = 3810, ["oatmeal"] = 3840,
        ["biscuits"] = 4500, ["bread"] = 2700, ["cake"] = 3670, ["croissants"] = 4615, ["chips"] = 5500, ["potato chips"] = 5500, ["chocolate"] = 5500,
        ["sweets"] = 4280, ["halawa"] = 4690, ["tahini"] = 5950, ["jam"] = 2780, ["honey"] = 3040, ["dates"] = 2800, ["nuts"] = 5670, ["peanuts"] = 5670,
        ["cheese"] = 3550, ["cream cheese"] = 3470, ["milk"] = 4950, ["baby milk"] = 4950, ["baby food"] = 5200, ["dairy"] = 5200, ["yogurt"] = 780,
        ["eggs"] = 1430, ["frozen chicken"] = 1650, ["chicken"] = 1650, ["frozen meat"] = 2110, ["meat"] = 2110, ["canned meat"] = 2110,
        ["luncheon meat"] = 2110, ["tuna"] = 1570, ["sardine"] = 1720, ["fruits"] = 600, ["vegetables"] = 300, ["potatoes"] = 770, ["onions"] = 400,
        ["garlic"] = 1500, ["tomatoes"] = 180, ["tomato sauce"] = 370, ["tomato paste"] = 820, ["sauce"] = 1000, ["apples"] = 520, ["oranges"] = 470,
        ["lemons"] = 290, ["watermelon"] = 300, ["olives"] = 1300, ["juice"] = 450, ["soft drinks"] = 420, ["soda"] = 420, ["spices"] = 3000,
        ["yeast"] = 2950, ["salt"] = 0, ["tea"] = 0, ["coffee"] = 20,
        // Food whose items are not named: the mean food parcel.
        ["food parcels"] = DefaultFoodKcalPerKg, ["food items"] = DefaultFoodKcalPerKg, ["mixed food items"] = DefaultFoodKcalPerKg, ["food"] = DefaultFoodKcalPerKg,
        ["canned food"] = DefaultFoodKcalPerKg, ["ready to eat food"] = DefaultFoodKcalPerKg,
    };

    /// <summary>Cargo that is not food (0 kcal), so that a mixed load naming it is still fully accounted for.</summary>
    private static readonly HashSet<string> NotFood = new(StringComparer.Ordinal)
    {
        "water", "blankets", "mattresses", "clothes", "diapers", "hygiene kit", "hygiene kits", "dignity kit", "tents", "tent", "medicine", "medicines",
        "medical supplies", "kitchen utensils", "firewood", "charcoal", "water tanks", "cleaning supplies", "toilet paper", "shoes", "pots",
        "sanitary napkins", "body bags", "packaging materials", "fuel", "gas", "cooking gas", "shelter", "tarpaulins", "jerrycans",
    };

    private readonly Dictionary<string, double> _kcal;
    private readonly Dictionary<(string Agency, string Item), double> _pallet;

    private AidFactors(Dictionary<string, double> kcal, Dictionary<(string, string), double> pallet, double kgPerTruck, string basis)
    {
        _kcal = kcal;
        _pallet = pallet;
        KgPerTruck = kgPerTruck;
        Basis = basis;
    }

    /// <summary>Haven's defaults: pallets of 705.9 kg for WFP and 637.5 kg for everyone else, 17 t a truck, kcal per kg by item.</summary>
    public static AidFactors Default { get; } = new(DefaultKcal, new() { [("wfp", "other")] = 705.9, [("other", "other")] = 637.5 }, DefaultKgPerTruck, "Haven defaults (docs/methods/aid.md)");

    public double KgPerTruck { get; }

    /// <summary>Where the factors came from, for reports.</summary>
    public string Basis { get; }

    /// <summary>
    /// The defaults with what the given tables set replacing them: <paramref name="kcalTable"/> with columns
    /// item and kcal_kg, <paramref name="palletTable"/> with agency, item and kg_pallet (rows whose analysis column
    /// says other than "main" are used only where no main row gives that agency and item).
    /// </summary>
    public static Outcome<AidFactors> Read(CsvTable? kcalTable, CsvTable? palletTable)
    {
        var kcal = new Dictionary<string, double>(DefaultKcal, StringComparer.Ordinal);
        var pallet = new Dictionary<(string, string), double>(Default._pallet);
        var basis = new List<string> { "Haven defaults" };
        if (kcalTable is not null)
        {
            int item = kcalTable.Column("item"), value = kcalTable.Column("kcal_kg");
            if (item < 0 || value < 0)
            {
                return Outcome<AidFactors>.Failure("aid.factors", $"{kcalTable.File}: expected the columns item and kcal_kg.");
            }

            foreach (var row in kcalTable.Rows)
            {
                string cell = row[value].Trim();
                if (cell.Length == 0 || row[item].Trim().Length == 0)
                {
                    continue; // items the table leaves without a figure keep the default
                }

                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= 0 && v < 10_000))
                {
                    return Outcome<AidFactors>.Failure("aid.factors", $"{kcalTable.File} line {row.Line}: kcal_kg '{cell}' must be a number of kcal per kg from 0 to 10,000.");
                }

                kcal[Key(row[item])] = v;
            }

            basis.Add($"kcal from {Path.GetFileName(kcalTable.File)}");
        }

        if (palletTable is not null)
        {
            int agency = palletTable.Column("agency"), item = palletTable.Column("item"), kg = palletTable.Column("kg_pallet"), analysis = palletTable.Column("analysis");
            if (agency < 0 || item < 0 || kg < 0)
            {
                return Outcome<AidFactors>.Failure("aid.factors", $"{palletTable.File}: expected the columns agency, item and kg_pallet.");
            }

            var main = new HashSet<(string, string)>();
            foreach (var row in palletTable.Rows.OrderBy(r => analysis >= 0 && r[analysis].Trim() == "main" ? 1 : 0))
            {
                if (row[agency].Trim().Length == 0 && row[kg].Trim().Length == 0)
                {
                    continue; // blank padding rows
                }

                if (!double.TryParse(row[kg].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0 && v <= 2_000))
                {
                    return Outcome<AidFactors>.Failure("aid.factors", $"{palletTable.File} line {row.Line}: kg_pallet '{row[kg]}' must be a pallet weight in kg, above 0 and at most 2,000.");
                }

                var k = (Key(row[agency]), Key(row[item]));
                bool isMain = analysis < 0 || row[analysis].Trim() == "main";
                if (isMain || !main.Contains(k))
                {
                    pallet[k] = v;
                }

                if (isMain)
                {
                    main.Add(k);
                }
            }

            basis.Add($"pallets from {Path.GetFileName(palletTable.File)}");
        }

        return new AidFactors(kcal, pallet, DefaultKgPerTruck, string.Join("; ", basis));
    }

    /// <summary>The defaults, or <see cref="Read"/> of the tables at these paths when given.</summary>
    public static Outcome<AidFactors> ReadFiles(string? kcalPath, string? palletPath)
    {
        if (kcalPath is null && palletPath is null)
        {
            return Default;
        }

        CsvTable? kcal = null, pallet = null;
        if (kcalPath is not null)
        {
            var t = CsvTable.Read(kcalPath);
            if (!t.Succeeded)
            {
                return t.Problem!;
            }

            kcal = t.Value;
        }

        if (palletPath is not null)
        {
            var t = CsvTable.Read(palletPath);
            if (!t.Succeeded)
            {
                return t.Problem!;
            }

            pallet = t.Value;
        }

        return Read(kcal, pallet);
    }

    /// <summary>kcal per kg of a named item, or null when the item is not in the table.</summary>
    public double? KcalPerKg(string item) => Match(Key(item)) is { } k && _kcal.TryGetValue(k, out double v) ? v : null;

    /// <summary>Weight of one pallet for an agency and item: the item's own figure, else the agency's, else everyone else's.</summary>
    public (double Kg, string Basis) PalletKg(string agency, string item)
    {
        string a = Key(agency), i = Key(item);
        string who = _pallet.Keys.Any(k => k.Agency == a) ? a : "other";
        if (_pallet.TryGetValue((who, i), out double exact))
        {
            return (exact, $"{who} {i}");
        }

        return _pallet.TryGetValue((who, "other"), out double any) ? (any, who) : (_pallet[("other", "other")], "other");
    }

    /// <summary>
    /// Tonnes from a quantity and its units, as one truck's record: pallets by the agency's pallet weight, trucks
    /// at <see cref="KgPerTruck"/>, tonnes as given; units that say nothing of weight count the row as one truck.
    /// </summary>
    public (double? Tonnes, string Assumed) Weight(double? quantity, string units, string agency, string item)
    {
        ArgumentNullException.ThrowIfNull(units);
        string u = units.Trim().ToLowerInvariant();
        if (quantity is double q && q >= 0)
        {
            switch (u)
            {
                case "mt" or "ton" or "tons" or "tonne" or "tonnes" or "t":
                    return (q, string.Empty);
                case "kg" or "kgs":
                    return (q / 1000, string.Empty);
                case "pallet" or "pallets":
                    var (kg, basis) = PalletKg(agency, Parts(item) is [var one] ? one : "other");
                    return (q * kg / 1000, string.Create(CultureInfo.InvariantCulture, $"{kg:0.#} kg a pallet ({basis})"));
                case "truck" or "trucks":
                    return (q * KgPerTruck / 1000, string.Create(CultureInfo.InvariantCulture, $"{KgPerTruck / 1000:0.#} t a truck"));
            }
        }

        return (KgPerTruck / 1000, string.Create(CultureInfo.InvariantCulture,
            $"units '{units.Trim()}' give no weight: one truck at {KgPerTruck / 1000:0.#} t"));
    }

    /// <summary>
    /// Food energy of <paramref name="tonnes"/> of cargo of a category and description: food items by their kcal per
    /// kg (equal shares when several are named; the mean food parcel for food not itemised), nothing for what is not
    /// food, and unknown for a mixed load with an item Haven cannot place.
    /// </summary>
    public (double? Kcal, string Assumed) Energy(double? tonnes, string category, string description)
    {
        ArgumentNullException.ThrowIfNull(category);
        if (tonnes is not double t)
        {
            return (null, string.Empty);
        }

        if (category is not (AidCategories.Food or AidCategories.Mixed))
        {
            return (0, string.Empty);
        }

        var parts = Parts(description);
        if (parts.Count == 0)
        {
            return category == AidCategories.Food
                ? (t * 1000 * DefaultFoodKcalPerKg, string.Create(CultureInfo.InvariantCulture, $"food not itemised: {DefaultFoodKcalPerKg:0} kcal/kg"))
                : (null, "mixed load not itemised: kcal unknown");
        }

        double sum = 0;
        var notes = new List<string>();
        foreach (string p in parts)
        {
            if (KcalPerKg(p) is double k)
            {
                sum += k;
            }
            else if (NotFood.Contains(p) || NotFood.Contains(p.TrimEnd('s')))
            {
                continue;
            }
            else if (category == AidCategories.Food)
            {
                sum += DefaultFoodKcalPerKg;
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"'{p}' not in the table: {DefaultFoodKcalPerKg:0} kcal/kg"));
            }
            else
            {
                return (null, $"mixed load with '{p}', which Haven cannot place: kcal unknown");
            }
        }

        if (parts.Count > 1)
        {
            notes.Insert(0, $"{parts.Count} items in equal shares by weight");
        }

        return (t * 1000 * sum / parts.Count, string.Join("; ", notes));
    }

    /// <summary>The items a cargo description names, lower case: "Rice + Chickpeas, Flour" gives rice, chickpeas, flour.</summary>
    public static IReadOnlyList<string> Parts(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return [.. description.ToLowerInvariant().Replace(" and ", "+", StringComparison.Ordinal)
            .Split(['+', ',', '&', '/', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(' ', p.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Where(p => p.Length > 0)];
    }

    private static string Key(string s) => string.Join(' ', s.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The table's name for an item: as written, singular or plural, or the longest table name it ends with ("canned olives" is olives).</summary>
    private string? Match(string item)
    {
        if (_kcal.ContainsKey(item))
        {
            return item;
        }

        foreach (string variant in (string[])[item + "s", item.TrimEnd('s'), item.EndsWith("es", StringComparison.Ordinal) ? item[..^2] : item])
        {
            if (_kcal.ContainsKey(variant))
            {
                return variant;
            }
        }

        return _kcal.Keys.Where(k => item.EndsWith(" " + k, StringComparison.Ordinal)).MaxBy(k => k.Length);
    }
}
