namespace Haven.Damage.Stacks;

/// <summary>Sentinel-1 IW polarisations.</summary>
public enum Polarisation
{
    VV,
    VH,
}
