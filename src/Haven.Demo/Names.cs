namespace Haven.Demo;

/// <summary>Invented, bilingual place and site names of the Sample Strip. None names a real place.</summary>
internal static class Names
{
    public const string ScenarioName = "Sample Strip";

    public const string Source = "Sample Strip (synthetic demo data)";

    public static readonly IReadOnlyList<Town> Towns =
    [
        new("Beit Nur", "بيت نور", 0.62, 0.86, 1300),
        new("Shati al-Amal", "شاطئ الأمل", 0.30, 0.74, 520),
        new("Wadi Salam", "وادي السلام", 0.55, 0.50, 1050),
        new("Khan Zaytoun", "خان الزيتون", 0.64, 0.17, 1250),
    ];

    /// <summary>Districts from north to south: P-code, English and Arabic names.</summary>
    public static readonly IReadOnlyList<(string Pcode, string NameEn, string NameAr)> Districts =
    [
        ("SS01", "North District", "محافظة الشمال"),
        ("SS02", "Central District", "محافظة الوسطى"),
        ("SS03", "South District", "محافظة الجنوب"),
    ];

    public static readonly IReadOnlyList<(string En, string Ar)> Hospitals =
    [
        ("Al-Amal Hospital", "مستشفى الأمل"),
        ("Al-Rahma Hospital", "مستشفى الرحمة"),
        ("Al-Salam Hospital", "مستشفى السلام"),
        ("Al-Noor Hospital", "مستشفى النور"),
        ("Al-Hayat Hospital", "مستشفى الحياة"),
    ];
}
