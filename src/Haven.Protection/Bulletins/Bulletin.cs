using System.Globalization;
using System.Text;
using Haven.Protection.Areas;
using Haven.Protection.Lookup;
using Haven.Protection.Orders;
using Haven.Protection.Zones;

namespace Haven.Protection.Bulletins;

/// <summary>The two languages answers are written in.</summary>
public enum Language
{
    English,
    Arabic,
}

/// <summary>
/// Plain-language text for a lookup answer or a publication, in English or Arabic: blocks, areas, landmarks,
/// distances and compass directions rather than coordinates. The SMS form keeps what matters most (block,
/// evacuation status, protected zone) and adds the rest only while it still fits one message.
/// </summary>
public static class Bulletin
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ForAnswer(LookupAnswer a, Language language)
    {
        ArgumentNullException.ThrowIfNull(a);
        bool ar = language == Language.Arabic;
        var text = new StringBuilder();
        if (a.Coverage == LookupCoverage.Outside)
        {
            return Outside(a, ar, full: true);
        }

        text.AppendLine(Where(a, ar, full: true));
        text.AppendLine(ar ? $"حتى {Date(a.AsOf, ar)}: {Status(a, ar, full: true)}" : $"As of {Date(a.AsOf, ar)}: {Status(a, ar, full: true)}");
        text.AppendLine(Zone(a, ar, full: true));
        text.AppendLine(Site(a.NearestHealth, ar ? "أقرب مستشفى أو عيادة" : "Nearest hospital or clinic", ar));
        text.AppendLine(Site(a.NearestWater, ar ? "أقرب نقطة مياه" : "Nearest water point", ar));
        text.Append(Site(a.NearestShelter, ar ? "أقرب مأوى" : "Nearest shelter", ar));
        return text.ToString();
    }

    /// <summary>The answer as one SMS where possible: essentials first, then what still fits.</summary>
    public static string SmsForAnswer(LookupAnswer a, Language language)
    {
        ArgumentNullException.ThrowIfNull(a);
        bool ar = language == Language.Arabic;
        if (a.Coverage == LookupCoverage.Outside)
        {
            return Outside(a, ar, full: false);
        }

        // Arabic goes 70 characters to a message: the date of the answer is left to the reply's own timestamp.
        string head = ar ? $"{Where(a, ar, full: false)}: {Status(a, ar, full: false)}" : $"{Where(a, ar, full: false)} {ShortDate(a.AsOf)}: {Status(a, ar, full: false)}";
        var optional = new List<string> { Zone(a, ar, full: false) };
        if (a.NearestHealth is { } h)
        {
            optional.Add(ar ? $"صحة: {Name(h.NameAr, h.NameEn, 24)} {Distance(h.DistanceMetres, ar)} {h.DirectionAr}" : $"Health: {Name(h.NameEn, h.NameAr, 24)} {Distance(h.DistanceMetres, ar)} {Short(h.DirectionEn)}");
        }

        if (a.NearestWater is { } w)
        {
            optional.Add(ar ? $"مياه {Distance(w.DistanceMetres, ar)} {w.DirectionAr}" : $"Water {Distance(w.DistanceMetres, ar)} {Short(w.DirectionEn)}");
        }

        string text = head;
        foreach (string part in optional)
        {
            string candidate = text + (ar ? ". " : ". ") + part;
            if (SmsText.Fit(candidate).FitsOneMessage)
            {
                text = candidate;
            }
        }

        return text;
    }

    /// <summary>A publication's notice: what it fixes, and how to check it is genuine.</summary>
    public static string ForPublication(long sequence, DateTimeOffset publishedAt, string fingerprint, DateOnly asOf,
        IReadOnlyList<Zone> zones, IReadOnlyDictionary<int, EvacuationOrder> blocksUnderOrder, Language language)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(blocksUnderOrder);
        bool ar = language == Language.Arabic;
        var blocks = blocksUnderOrder.Keys.Order().ToList();
        string list = blocks.Count == 0 ? (ar ? "لا يوجد" : "none")
            : string.Join(", ", blocks.Take(60)) + (blocks.Count > 60 ? (ar ? $" و{blocks.Count - 60} غيرها" : $" and {blocks.Count - 60} more") : string.Empty);
        string zoneNames = zones.Count == 0 ? (ar ? "لا يوجد" : "none")
            : string.Join(ar ? "، " : "; ", zones.Select(z => ar ? Name(z.NameAr, z.NameEn, 80) : Name(z.NameEn, z.NameAr, 80)));
        var text = new StringBuilder();
        if (ar)
        {
            text.AppendLine(string.Create(Invariant, $"نشرة هيفن رقم {sequence}، صادرة {Date(DateOnly.FromDateTime(publishedAt.UtcDateTime), ar)}، عن الوضع حتى {Date(asOf, ar)}."));
            text.AppendLine($"المناطق المحمية والإنسانية: {zoneNames}.");
            text.AppendLine(string.Create(Invariant, $"البلوكات تحت أوامر إخلاء ({blocks.Count}): {list}."));
            text.AppendLine("لمعرفة وضع بلوك: أرسل \"بلوك\" ثم رقمه. لمعرفة وضع مكان: أرسل \"وين\" ثم خط العرض وخط الطول.");
            text.Append($"للتحقق من صحة هذه النشرة: بصمة المفتاح {fingerprint}.");
        }
        else
        {
            text.AppendLine(string.Create(Invariant, $"Haven publication {sequence}, issued {Date(DateOnly.FromDateTime(publishedAt.UtcDateTime), ar)}, for the situation as of {Date(asOf, ar)}."));
            text.AppendLine($"Protected and humanitarian zones: {zoneNames}.");
            text.AppendLine(string.Create(Invariant, $"Blocks under evacuation orders ({blocks.Count}): {list}."));
            text.AppendLine("To check a block, send BLOCK and its number. To check a place, send WHERE with latitude and longitude.");
            text.Append($"To check this notice is genuine: key fingerprint {fingerprint}.");
        }

        return text.ToString();
    }

    private static string Where(LookupAnswer a, bool ar, bool full)
    {
        string block = a.Block is int b ? (ar ? $"بلوك {b}" : full ? $"Block {b}" : $"Blk {b}") : (ar ? "خارج البلوكات المرقمة" : full ? "Outside the numbered blocks" : "No block");
        // The governorate (COD level 2, or the broadest area known) and the most local area below it.
        var governorate = a.Areas.FirstOrDefault(x => x.Level == 2) ?? a.Areas.OrderBy(x => x.Level).FirstOrDefault();
        var municipality = governorate is null ? null : a.Areas.Where(x => x.Level > governorate.Level).OrderByDescending(x => x.Level).FirstOrDefault();
        if (!full)
        {
            var area = municipality ?? governorate;
            return area is null ? block : $"{block} {(ar ? Name(area.NameAr, area.NameEn, 18) : Name(area.NameEn, area.NameAr, 18))}";
        }

        var parts = new List<string> { block };
        if (governorate is not null)
        {
            parts.Add(ar ? Titled(Name(governorate.NameAr, governorate.NameEn, 60), "governorate", "محافظة", ar) : Titled(Name(governorate.NameEn, governorate.NameAr, 60), "governorate", "محافظة", ar));
        }

        if (municipality is not null)
        {
            parts.Add(ar ? Titled(Name(municipality.NameAr, municipality.NameEn, 60), "municipality", "بلدية", ar) : Titled(Name(municipality.NameEn, municipality.NameAr, 60), "municipality", "بلدية", ar));
        }

        if (a.NearPlace is { DistanceMetres: < 150 } at)
        {
            parts.Add(ar ? $"في {Name(at.NameAr, at.NameEn, 60)}" : $"at {Name(at.NameEn, at.NameAr, 60)}");
        }
        else if (a.NearPlace is { } p)
        {
            parts.Add(ar ? $"قرب {Name(p.NameAr, p.NameEn, 60)} ({Distance(p.DistanceMetres, ar)} {Compass.Ar(p.BearingDegrees)})"
                : $"near {Name(p.NameEn, p.NameAr, 60)} ({Distance(p.DistanceMetres, ar)} {Compass.En(p.BearingDegrees)})");
        }

        return string.Join(ar ? "، " : ", ", parts) + ".";
    }

    /// <summary>
    /// The whole answer for a place outside everything Haven holds: that, and nothing else (no status, no "nearest"
    /// anything); coordinates that would land inside the other way round are offered back.
    /// </summary>
    private static string Outside(LookupAnswer a, bool ar, bool full)
    {
        string where = string.Create(Invariant, $"{a.Latitude:0.#####}, {a.Longitude:0.#####}");
        string? swapped = a.Swapped is { } p ? string.Create(Invariant, $"{p.Latitude:0.#####}, {p.Longitude:0.#####}") : null;
        if (!full)
        {
            return ar
                ? "خارج منطقة هيفن، لا بيانات هنا." + (swapped is null ? " أرسل خط العرض ثم الطول." : $" هل تقصد {swapped}؟")
                : "Outside the area Haven covers: no data here." + (swapped is null ? " Send latitude first, then longitude." : $" Did you mean {swapped}?");
        }

        return ar
            ? $"النقطة {where} خارج المنطقة التي يغطيها هيفن. لا يعرف هيفن شيئاً عن هذا المكان: لا بلوكات ولا أوامر إخلاء ولا مناطق محمية ولا خدمات."
                + (swapped is null ? " تأكد أن خط العرض مكتوب أولاً ثم خط الطول." : $" هل تقصد خط العرض ثم خط الطول {swapped}؟ هذه النقطة داخل المنطقة المغطاة.")
            : $"The point {where} is outside the area Haven covers. Haven knows nothing of this place: no blocks, evacuation orders, protected zones or services."
                + (swapped is null ? " Check that latitude comes first, then longitude." : $" Did you mean latitude, longitude {swapped}? That point is inside the area covered.");
    }

    private static string Status(LookupAnswer a, bool ar, bool full)
    {
        if (a.UnderOrder is { } o)
        {
            return full
                ? (ar ? $"تحت أمر إخلاء منذ {Date(o.Since, ar)} (الأمر {o.Id}{(o.EditionBlock is int eb ? $"، البلوك {eb} من خريطة البلوكات {o.Edition}" : "")})."
                    : $"UNDER AN EVACUATION ORDER since {Date(o.Since, ar)} (order {o.Id}{(o.EditionBlock is int en ? $", block {en} of {Block.EditionName(o.Edition)}" : "")}).")
                : (ar ? $"أمر إخلاء منذ {ShortDate(o.Since)}" : $"EVACUATION ORDER since {ShortDate(o.Since)}");
        }

        if (a.InZone is { } z)
        {
            return full
                ? (ar ? $"داخل {Name(z.NameAr, z.NameEn, 60)}{Since(z.Since, ar)}، ولا أمر إخلاء." : $"inside {Name(z.NameEn, z.NameAr, 60)}{Since(z.Since, ar)}; no evacuation order.")
                : (ar ? $"داخل {Name(z.NameAr, z.NameEn, 20)}" : $"inside {Name(z.NameEn, z.NameAr, 24)}");
        }

        if (a.Coverage == LookupCoverage.OutsideBlocks)
        {
            return full
                ? (ar ? "خارج كل البلوكات المرقمة، فلا يُعرف إن كان أمر إخلاء يشمل هذا المكان." : "outside every numbered block, so whether an evacuation order applies here is not known.")
                : (ar ? "خارج البلوكات: الأوامر غير معروفة" : "outside blocks: orders not known");
        }

        if (!a.OrdersRecorded)
        {
            return full
                ? (ar ? "لا أوامر إخلاء مسجلة في هيفن، فلا يُعرف إن كان أمر يشمل هذا البلوك." : "no evacuation orders are recorded in Haven, so whether one applies to this block is not known.")
                : (ar ? "الأوامر غير مسجلة" : "orders not recorded");
        }

        return full ? (ar ? "لا أمر إخلاء على هذا البلوك." : "no evacuation order on this block.") : (ar ? "لا أمر إخلاء" : "no evacuation order");
    }

    private static string Zone(LookupAnswer a, bool ar, bool full)
    {
        if (a.InZone is { } inside)
        {
            return full ? (ar ? $"داخل منطقة محمية: {Name(inside.NameAr, inside.NameEn, 60)}{Since(inside.Since, ar)}." : $"Inside a protected zone: {Name(inside.NameEn, inside.NameAr, 60)}{Since(inside.Since, ar)}.")
                : (ar ? "داخل منطقة محمية" : "In protected zone");
        }

        if (a.NearestZone is { } z)
        {
            return full
                ? (ar ? $"ليس داخل منطقة محمية. الأقرب: {Name(z.NameAr, z.NameEn, 60)}، {Distance(z.DistanceMetres, ar)} {Compass.Ar(z.BearingDegrees)}."
                    : $"Not inside a protected zone. Nearest: {Name(z.NameEn, z.NameAr, 60)}, {Distance(z.DistanceMetres, ar)} {Compass.En(z.BearingDegrees)}.")
                : (ar ? $"{Name(z.NameAr, z.NameEn, 16)} {Distance(z.DistanceMetres, ar).Replace(" ", string.Empty, StringComparison.Ordinal)} {Compass.Ar(z.BearingDegrees)}"
                    : $"Nearest zone: {Name(z.NameEn, z.NameAr, 24)} {Distance(z.DistanceMetres, ar)} {Short(Compass.En(z.BearingDegrees))}");
        }

        return full ? (ar ? $"لا توجد منطقة محمية في السجل ضمن {Within(ar)}." : $"No protected zone on record within {Within(ar)}.") : (ar ? "لا منطقة محمية قريبة" : "No protected zone near");
    }

    private static string Site(SiteRef? s, string label, bool ar) => s is null
        ? (ar ? $"{label}: لا يوجد في السجل ضمن {Within(ar)}." : $"{label}: none on record within {Within(ar)}.")
        : ar ? $"{label}: {Name(s.NameAr, s.NameEn, 60)}، {Distance(s.DistanceMetres, ar)} {s.DirectionAr}."
        : $"{label}: {Name(s.NameEn, s.NameAr, 60)}, {Distance(s.DistanceMetres, ar)} {s.DirectionEn}.";

    /// <summary>How far "nearest" looks (<see cref="ProtectionLookup.MaxNearestMetres"/>), as text.</summary>
    private static string Within(bool ar) => Distance(ProtectionLookup.MaxNearestMetres, ar);

    private static string Since(DateOnly since, bool ar) =>
        since == DateOnly.MinValue ? string.Empty : ar ? $" منذ {Date(since, ar)}" : $" since {Date(since, ar)}";

    /// <summary>The name in the wanted language, else the other one, cut at a word boundary to fit.</summary>
    private static string Name(string wanted, string other, int max)
    {
        string name = string.IsNullOrWhiteSpace(wanted) ? other : wanted;
        if (name.Length <= max)
        {
            return name;
        }

        int cut = name.LastIndexOf(' ', max);
        return name[..(cut > max / 2 ? cut : max)];
    }

    /// <summary>A distance as people say it: metres to the nearest 10 below a kilometre, then kilometres to one decimal.</summary>
    public static string Distance(double metres, Language language) => Distance(metres, language == Language.Arabic);

    private static string Distance(double metres, bool ar) => metres < 1000
        ? string.Create(Invariant, $"{Math.Round(metres / 10) * 10:0}{(ar ? " م" : " m")}")
        : string.Create(Invariant, $"{metres / 1000:0.0}{(ar ? " كم" : " km")}");

    private static readonly string[] ArabicMonths = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];

    /// <summary>A date in words, in either language: "4 December 2023", "4 ديسمبر 2023".</summary>
    private static string Date(DateOnly d, bool ar) =>
        ar ? string.Create(Invariant, $"{d.Day} {ArabicMonths[d.Month - 1]} {d.Year}") : d.ToString("d MMMM yyyy", Invariant);

    /// <summary>
    /// An area's name with its kind ("محافظة الشمال", "North governorate"), once: a name that already says its kind
    /// ("محافظة الشمال", "North Gaza Governorate") is not given the word again.
    /// </summary>
    private static string Titled(string name, string kindEn, string kindAr, bool ar) => ar
        ? name.StartsWith(kindAr, StringComparison.Ordinal) ? name : $"{kindAr} {name}"
        : name.EndsWith(kindEn, StringComparison.OrdinalIgnoreCase) || name.StartsWith(kindEn, StringComparison.OrdinalIgnoreCase) ? name : $"{name} {kindEn}";

    private static string ShortDate(DateOnly d) => d.ToString("dd/MM/yy", Invariant);

    private static string Short(string direction) => string.Concat(direction.Split('-').Select(w => char.ToUpperInvariant(w[0])));
}
