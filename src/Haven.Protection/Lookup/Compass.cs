namespace Haven.Protection.Lookup;

/// <summary>Eight-point compass directions in English and Arabic, for plain answers ("400 m north-east").</summary>
public static class Compass
{
    private static readonly string[] English = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"];
    private static readonly string[] Arabic = ["شمال", "شمال شرق", "شرق", "جنوب شرق", "جنوب", "جنوب غرب", "غرب", "شمال غرب"];

    public static int Sector(double bearingDegrees) => (int)Math.Round(((bearingDegrees % 360) + 360) % 360 / 45) % 8;

    public static string En(double bearingDegrees) => English[Sector(bearingDegrees)];

    public static string Ar(double bearingDegrees) => Arabic[Sector(bearingDegrees)];
}
