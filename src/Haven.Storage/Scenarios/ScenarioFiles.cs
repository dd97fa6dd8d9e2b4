namespace Haven.Storage.Scenarios;

/// <summary>The file names of a scenario folder, as `haven simulate` writes them and `haven import` reads them.</summary>
public static class ScenarioFiles
{
    public const string Manifest = "scenario.json";
    public const string Areas = "areas.geojson";
    public const string Blocks = "blocks.geojson";
    public const string Buildings = "buildings.geojson";
    public const string Sites = "sites.geojson";
    public const string Zones = "zones.geojson";
    public const string Orders = "orders.geojson";
    public const string Population = "population.csv";
    public const string RadarFolder = "radar";
    public const string StackManifest = "radar/stack.csv";

    /// <summary>Optional single-look complex (CFloat32) stack for coherent change detection.</summary>
    public const string SlcFolder = "slc";

    public const string SlcManifest = "slc/stack.csv";
    public const string Truth = "truth/destroyed_buildings.csv";

    /// <summary>A UNOSAT-style reference sample (points, Main_Damage_Site_Class 1 or 6) for validation.</summary>
    public const string Labels = "truth/labels.geojson";

    /// <summary>A UNOSAT-style damage-site layer (cls_YYYYMMDD properties) of the scenario's destroyed buildings.</summary>
    public const string DamageSites = "truth/damage_sites.geojson";
}
