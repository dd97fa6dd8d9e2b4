using Haven.Geo.Sampling;
using Haven.Protection.Sites;

namespace Haven.Demo;

/// <summary>A protected site in local metres, placed on a building.</summary>
internal sealed record LocalSite(string Id, SiteKind Kind, string NameEn, string NameAr, double X, double Y, long BuildingId);

/// <summary>
/// Places hospitals, clinics, schools and shelters in and around each town, on large enough buildings, and
/// water points across populated blocks. Names are invented and given in English and Arabic.
/// </summary>
internal static class StripSites
{
    public static IReadOnlyList<LocalSite> Place(StripGeography geo, IReadOnlyList<LocalBuilding> buildings, DeterministicRandom rng)
    {
        var used = new HashSet<long>();
        var sites = new List<LocalSite>();
        int hospital = 0;
        foreach (var town in geo.Towns)
        {
            var (cx, cy) = geo.TownCentre(town);
            int hospitals = town.Radius > 1000 ? (town.Radius > 1200 ? 2 : 1) : 0;
            for (int i = 0; i < hospitals && hospital < Names.Hospitals.Count; i++, hospital++)
            {
                var (en, ar) = Names.Hospitals[hospital];
                Add(SiteKind.Hospital, en, ar, cx, cy, town.Radius * 0.35, 300);
            }

            for (int i = 1; i <= 3; i++)
            {
                Add(SiteKind.Clinic, $"{town.NameEn} Primary Health Centre {i}", $"مركز {town.NameAr} للرعاية الصحية الأولية {i}",
                    cx, cy, town.Radius * 0.8, 150);
            }

            for (int i = 1; i <= 4; i++)
            {
                bool boys = i % 2 == 1;
                Add(SiteKind.School,
                    $"{town.NameEn} {(boys ? "Boys'" : "Girls'")} School {(i + 1) / 2}",
                    $"مدرسة {town.NameAr} {(boys ? "للبنين" : "للبنات")} {(i + 1) / 2}",
                    cx, cy, town.Radius * 0.9, 350);
            }

            int shelters = town.Radius > 1000 ? 3 : 1;
            for (int i = 1; i <= shelters; i++)
            {
                Add(SiteKind.Shelter, $"{town.NameEn} Shelter {i}", $"مركز إيواء {town.NameAr} {i}",
                    cx, cy, town.Radius, 250);
            }
        }

        // Water points: on buildings drawn at random, so they follow where people live.
        int waterPoints = 0;
        int guard = 0;
        while (waterPoints < 30 && guard++ < 10_000)
        {
            var b = buildings[rng.Next(0, buildings.Count)];
            if (used.Add(b.Id))
            {
                waterPoints++;
                var (x, y) = b.Centre;
                sites.Add(new LocalSite($"WP-{waterPoints:D3}", SiteKind.WaterPoint,
                    $"Water point {b.Block}-{waterPoints}", $"نقطة مياه {b.Block}-{waterPoints}", x, y, b.Id));
            }
        }

        return sites;

        void Add(SiteKind kind, string en, string ar, double cx, double cy, double spread, double minArea)
        {
            double angle = rng.Uniform(0, 2 * Math.PI);
            double r = spread * Math.Sqrt(rng.NextDouble());
            double tx = cx + r * Math.Cos(angle);
            double ty = cy + r * Math.Sin(angle);
            LocalBuilding? best = null;
            double bestD = double.MaxValue;
            foreach (var b in buildings)
            {
                if (b.Area < minArea || used.Contains(b.Id))
                {
                    continue;
                }

                var (x, y) = b.Centre;
                double d = (x - tx) * (x - tx) + (y - ty) * (y - ty);
                if (d < bestD)
                {
                    bestD = d;
                    best = b;
                }
            }

            if (best is null)
            {
                return;
            }

            used.Add(best.Id);
            string prefix = kind switch
            {
                SiteKind.Hospital => "HOS",
                SiteKind.Clinic => "CLI",
                SiteKind.School => "SCH",
                SiteKind.Shelter => "SHE",
                _ => "SIT",
            };
            int n = sites.Count(s => s.Kind == kind) + 1;
            var (bx, by) = best.Centre;
            sites.Add(new LocalSite($"{prefix}-{n:D3}", kind, en, ar, bx, by, best.Id));
        }
    }
}
