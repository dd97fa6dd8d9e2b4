// The page's words in English and Arabic, the chosen language (remembered in this browser), and number, date
// and distance formats. Arabic sets the page right to left; digits stay Western in both, as block numbers and
// the server's bulletins print them.

const STRINGS = {
  en: {
    title: "Haven — map",
    synthetic: "Synthetic demo data — not a real place",
    language: "العربية",
    languageName: "Switch to Arabic",
    asOf: "As of",
    date: "Date",
    search: "Block number, place name or lat, lon",
    searchButton: "Find",
    myLocation: "Use my location",
    dashboard: "Dashboard",
    layers: "Layers",
    loading: "Loading…",
    ready: "{orders} evacuation orders in force · {zones} protected zones · {sites} sites. Click the map or search.",
    loadFailed: "Could not load the map data: {message}",
    noMap: "This browser cannot draw the map (no WebGL). Search, the dashboard and printable sheets still work.",
    layerAreas: "Districts",
    layerBlocks: "Blocks by damaged share",
    layerBuildings: "Buildings",
    layerZones: "Protected / humanitarian zone",
    layerOrders: "Under evacuation order",
    layerSites: "Sites",
    layerDamageSites: "UNOSAT damage sites",
    mapRegion: "Map",
    damageAsOf: "damage as of {date}",
    noDamageYet: "no damage assessment by this date",
    unosatSource: "visual interpretation of satellite imagery",
    class_destroyed: "destroyed",
    class_severe: "severe damage",
    class_moderate: "moderate damage",
    class_possible: "possible damage",
    class_other: "other (no visible damage, crater…)",
    damaged: "damaged",
    intact: "intact",
    notAssessed: "not assessed",
    noData: "no assessment",
    outOfService: "out of service or status unknown on this date",
    statusUnknown: "unknown on this date",
    kind_hospital: "Hospital",
    kind_clinic: "Clinic",
    kind_shelter: "Shelter",
    kind_school: "School",
    kind_water_point: "Water point",
    kind_bakery: "Bakery",
    kind_un_premises: "UN premises",
    kind_warehouse: "Warehouse",
    kind_pharmacy: "Pharmacy",
    kind_governorate: "Governorate",
    kind_municipality: "Municipality",
    kind_zone: "Protected zone",
    kind_city: "City",
    kind_town: "Town",
    kind_village: "Village",
    kind_camp: "Camp",
    kind_neighbourhood: "Neighbourhood",
    kind_place: "Place",
    noMatch: "No place matches “{query}”. Try another spelling, a block number, or coordinates.",
    choicesTitle: "{n} places match “{query}”: choose one",
    cardBlock: "Block {n}",
    cardPoint: "{lat}, {lon}",
    statusOrder: "Under an evacuation order",
    statusZone: "Inside a protected zone",
    statusClear: "No evacuation order in force here",
    statusOutside: "Outside the area Haven covers",
    statusOutsideDetail: "Haven has no blocks, evacuation orders, zones or services for this place. Check that latitude comes first, then longitude.",
    statusSwapped: "Did you mean {lat}, {lon}? That point is inside the area covered.",
    showSwapped: "Show {lat}, {lon}",
    statusOutsideBlocks: "Evacuation status not known",
    statusOutsideBlocksDetail: "This place is outside every numbered block, so Haven cannot say whether an evacuation order applies here.",
    statusNoOrders: "Evacuation orders not known",
    statusNoOrdersDetail: "No evacuation order is recorded in Haven, so it cannot say whether one applies here.",
    since: "since {date}",
    order: "Order {id}",
    zone: "{name}",
    area: "District",
    nearest: "Nearest services",
    nearestHealth: "Hospital or clinic",
    nearestWater: "Water point",
    nearestShelter: "Shelter",
    nearestZone: "Protected zone",
    distance: "{distance} {direction}",
    bulletin: "Plain-language bulletin",
    printSheet: "Print A4 sheet",
    close: "Close",
    lookupFailed: "Nothing found: {message}",
    locationFailed: "Your location is not available: {message}",
    locating: "Finding your location…",
    dashTitle: "Areas as of {date}",
    dashArea: "Area",
    dashStructures: "Structures",
    dashDamaged: "Damaged share (95% interval)",
    dashPeople: "People present",
    dashDisplacedIn: "Displaced here (in)",
    dashDisplacedOut: "Displaced away (out)",
    geoDenied: "permission to use your location was refused",
    geoUnavailable: "your position could not be found",
    geoTimeout: "finding your position took too long",
    geoUnsupported: "this browser cannot give a location",
    siteStatus_operational: "operational",
    siteStatus_functional: "functional",
    siteStatus_partially_functional: "partially functional",
    siteStatus_closed: "closed",
    siteStatus_destroyed: "destroyed",
    siteStatus_damaged: "damaged",
    siteStatus_evacuated: "evacuated",
    siteStatus_not_functional: "not functional",
    zoneKind_humanitarian: "humanitarian zone",
    zoneKind_protected: "protected zone",
    zoneKind_safe: "safe zone",
    dashDensity: "People per km²",
    dashSpace: "m² per person (standard 45)",
    dashUnosat: "UNOSAT sites damaged (read on)",
    chartUnosat: "UNOSAT sites seen damaged (destroyed, severe, moderate)",
    dashBelow: "below the 45 m² standard",
    dashNoData: "No figures for this date.",
    chartDamage: "Damaged share of structures, with 95% interval",
    chartPeople: "People present",
    chartSpace: "Usable m² per person; dashed line: Sphere standard 45 m²",
    downloadCsv: "Download table (CSV)",
    downloadGeoJson: "Download areas (GeoJSON)",
    downloadAll: "All dates (HXL CSV)",
    popupBuilding: "Building {id}",
    popupBlock: "Block {n}",
    popupDamage: "Damage",
    popupShare: "Damaged share",
    popupStructures: "Structures",
    popupStatus: "Status",
    popupKind: "Kind",
    popupSource: "Source",
    popupValid: "Valid",
    popupUntil: "until further notice",
    popupInForce: "In force since",
    popupBlocks: "Blocks",
    popupPrint: "Print sheet for this zone",
    evacuation: "under evacuation order",
    clear: "no order",
    sheetTitleBlock: "Block {n}",
    sheetTitleZone: "{name}",
    sheetAsOf: "Situation as of {date}",
    sheetPublication: "Publication {n} of {date}. Signing key fingerprint: {fingerprint}. Content SHA-256 begins {sha}.",
    sheetCheck: "To check this sheet is genuine, compare the fingerprint with the one the issuing organisation reads out or posts; the signed publication is at {url}.",
    sheetUnpublished: "Not yet published: this sheet carries no signature and cannot be checked.",
    sheetPrint: "Print",
    sheetBack: "Back to the map",
    sheetSynthetic: "SYNTHETIC DEMO DATA — NOT A REAL PLACE",
    sheetZoneKind: "Kind",
    sheetZoneValid: "In force from {from} {to}",
    sheetZoneTo: "to {date}",
    sheetZoneOpen: "until further notice",
    sheetZoneStatus: "A protected zone: the area inside the black outline",
    sheetZoneAdvice: "Follow the instructions of the evacuation orders and of the organisation issuing this sheet; check that this sheet is genuine as below.",
    sheetTarget: "This block or zone",
    sheetSource: "Source",
    sheetMissing: "Give a block number (block=) or a zone id (zone=).",
  },
  ar: {
    title: "هافن — الخريطة",
    synthetic: "بيانات تجريبية مصطنعة — ليست مكاناً حقيقياً",
    language: "English",
    languageName: "التبديل إلى الإنجليزية",
    asOf: "حتى تاريخ",
    date: "التاريخ",
    search: "رقم البلوك أو اسم المكان أو خط العرض، خط الطول",
    searchButton: "ابحث",
    myLocation: "استخدم موقعي",
    dashboard: "لوحة المؤشرات",
    layers: "الطبقات",
    loading: "جارٍ التحميل…",
    ready: "{orders} أوامر إخلاء سارية · {zones} مناطق محمية · {sites} موقعاً. انقر على الخريطة أو ابحث.",
    loadFailed: "تعذّر تحميل بيانات الخريطة: {message}",
    noMap: "لا يستطيع هذا المتصفح رسم الخريطة (لا يوجد WebGL). البحث ولوحة المؤشرات والأوراق المطبوعة تعمل.",
    layerAreas: "المحافظات",
    layerBlocks: "البلوكات حسب نسبة الضرر",
    layerBuildings: "المباني",
    layerZones: "منطقة محمية / إنسانية",
    layerOrders: "تحت أمر إخلاء",
    layerSites: "المواقع",
    layerDamageSites: "مواقع الضرر (يونوسات)",
    mapRegion: "الخريطة",
    damageAsOf: "الضرر حتى {date}",
    noDamageYet: "لا تقييم للضرر حتى هذا التاريخ",
    unosatSource: "تفسير بصري لصور الأقمار الصناعية",
    class_destroyed: "مدمَّر",
    class_severe: "ضرر بالغ",
    class_moderate: "ضرر متوسط",
    class_possible: "ضرر محتمل",
    class_other: "أخرى (لا ضرر ظاهر، حفرة…)",
    damaged: "متضرر",
    intact: "سليم",
    notAssessed: "غير مُقيَّم",
    noData: "لا تقييم",
    outOfService: "خارج الخدمة أو حالته غير معروفة في هذا التاريخ",
    statusUnknown: "غير معروفة في هذا التاريخ",
    kind_hospital: "مستشفى",
    kind_clinic: "عيادة",
    kind_shelter: "مركز إيواء",
    kind_school: "مدرسة",
    kind_water_point: "نقطة مياه",
    kind_bakery: "مخبز",
    kind_un_premises: "مقر للأمم المتحدة",
    kind_warehouse: "مستودع",
    kind_pharmacy: "صيدلية",
    kind_governorate: "محافظة",
    kind_municipality: "بلدية",
    kind_zone: "منطقة محمية",
    kind_city: "مدينة",
    kind_town: "بلدة",
    kind_village: "قرية",
    kind_camp: "مخيم",
    kind_neighbourhood: "حي",
    kind_place: "مكان",
    noMatch: "لا يوجد مكان يطابق «{query}». جرّب تهجئة أخرى أو رقم بلوك أو إحداثيات.",
    choicesTitle: "{n} أماكن تطابق «{query}»: اختر واحداً",
    cardBlock: "بلوك {n}",
    cardPoint: "{lat}، {lon}",
    statusOrder: "تحت أمر إخلاء",
    statusZone: "داخل منطقة محمية",
    statusClear: "لا يوجد أمر إخلاء ساري هنا",
    statusOutside: "خارج المنطقة التي يغطيها هيفن",
    statusOutsideDetail: "لا توجد لدى هيفن بلوكات أو أوامر إخلاء أو مناطق محمية أو خدمات لهذا المكان. تأكد أن خط العرض مكتوب أولاً ثم خط الطول.",
    statusSwapped: "هل تقصد {lat}، {lon}؟ هذه النقطة داخل المنطقة المغطاة.",
    showSwapped: "اعرض {lat}، {lon}",
    statusOutsideBlocks: "وضع الإخلاء غير معروف",
    statusOutsideBlocksDetail: "هذا المكان خارج كل البلوكات المرقمة، فلا يستطيع هيفن أن يقول إن كان أمر إخلاء يشمله.",
    statusNoOrders: "أوامر الإخلاء غير معروفة",
    statusNoOrdersDetail: "لا توجد أوامر إخلاء مسجلة في هيفن، فلا يستطيع أن يقول إن كان أمر يشمل هذا المكان.",
    since: "منذ {date}",
    order: "الأمر {id}",
    zone: "{name}",
    area: "المحافظة",
    nearest: "أقرب الخدمات",
    nearestHealth: "مستشفى أو عيادة",
    nearestWater: "نقطة مياه",
    nearestShelter: "مركز إيواء",
    nearestZone: "منطقة محمية",
    distance: "{distance} {direction}",
    bulletin: "النشرة بلغة بسيطة",
    printSheet: "اطبع ورقة A4",
    close: "إغلاق",
    lookupFailed: "لم يُعثر على شيء: {message}",
    locationFailed: "موقعك غير متاح: {message}",
    locating: "جارٍ تحديد موقعك…",
    dashTitle: "المناطق حتى {date}",
    dashArea: "المنطقة",
    dashStructures: "المباني",
    dashDamaged: "نسبة المتضرر (فترة ثقة 95%)",
    dashPeople: "السكان الموجودون",
    dashDisplacedIn: "النازحون إليها",
    dashDisplacedOut: "النازحون منها",
    geoDenied: "رُفض الإذن باستخدام موقعك",
    geoUnavailable: "تعذّر تحديد موقعك",
    geoTimeout: "استغرق تحديد موقعك وقتاً طويلاً",
    geoUnsupported: "هذا المتصفح لا يستطيع تحديد الموقع",
    siteStatus_operational: "يعمل",
    siteStatus_functional: "يعمل",
    siteStatus_partially_functional: "يعمل جزئياً",
    siteStatus_closed: "مغلق",
    siteStatus_destroyed: "مدمَّر",
    siteStatus_damaged: "متضرر",
    siteStatus_evacuated: "أُخلي",
    siteStatus_not_functional: "لا يعمل",
    zoneKind_humanitarian: "منطقة إنسانية",
    zoneKind_protected: "منطقة محمية",
    zoneKind_safe: "منطقة آمنة",
    dashDensity: "شخص لكل كم²",
    dashSpace: "م² لكل شخص (المعيار 45)",
    dashUnosat: "مواقع متضررة حسب يونوسات (تاريخ القراءة)",
    chartUnosat: "مواقع رأتها يونوسات متضررة (مدمَّر، بالغ، متوسط)",
    dashBelow: "أقل من معيار 45 م²",
    dashNoData: "لا أرقام لهذا التاريخ.",
    chartDamage: "نسبة المباني المتضررة مع فترة ثقة 95%",
    chartPeople: "السكان الموجودون",
    chartSpace: "المساحة الصالحة م² لكل شخص؛ الخط المتقطع: معيار اسفير 45 م²",
    downloadCsv: "تنزيل الجدول (CSV)",
    downloadGeoJson: "تنزيل المناطق (GeoJSON)",
    downloadAll: "كل التواريخ (HXL CSV)",
    popupBuilding: "مبنى {id}",
    popupBlock: "بلوك {n}",
    popupDamage: "الضرر",
    popupShare: "نسبة الضرر",
    popupStructures: "المباني",
    popupStatus: "الحالة",
    popupKind: "النوع",
    popupSource: "المصدر",
    popupValid: "سارية",
    popupUntil: "حتى إشعار آخر",
    popupInForce: "ساري منذ",
    popupBlocks: "البلوكات",
    popupPrint: "اطبع ورقة لهذه المنطقة",
    evacuation: "تحت أمر إخلاء",
    clear: "لا أمر",
    sheetTitleBlock: "بلوك {n}",
    sheetTitleZone: "{name}",
    sheetAsOf: "الوضع حتى {date}",
    sheetPublication: "النشرة رقم {n} بتاريخ {date}. بصمة مفتاح التوقيع: {fingerprint}. يبدأ SHA-256 للمحتوى بـ {sha}.",
    sheetCheck: "للتحقق من صحة هذه الورقة قارن البصمة بالبصمة التي تعلنها الجهة المصدرة؛ النشرة الموقّعة على {url}.",
    sheetUnpublished: "لم تُنشر بعد: هذه الورقة غير موقّعة ولا يمكن التحقق منها.",
    sheetPrint: "اطبع",
    sheetBack: "العودة إلى الخريطة",
    sheetSynthetic: "بيانات تجريبية مصطنعة — ليست مكاناً حقيقياً",
    sheetZoneKind: "النوع",
    sheetZoneValid: "سارية من {from} {to}",
    sheetZoneTo: "إلى {date}",
    sheetZoneOpen: "حتى إشعار آخر",
    sheetZoneStatus: "منطقة محمية: المساحة داخل الحدود السوداء",
    sheetZoneAdvice: "اتبع تعليمات أوامر الإخلاء وتعليمات الجهة التي أصدرت هذه الورقة، وتحقق من صحة الورقة كما هو مبيّن أدناه.",
    sheetTarget: "هذا البلوك أو هذه المنطقة",
    sheetSource: "المصدر",
    sheetMissing: "أعطِ رقم بلوك (block=) أو معرّف منطقة (zone=).",
  },
};

const KEY = "haven.lang";

/** The language in use: the one asked for in the address, else the one remembered, else the browser's. */
export function initialLanguage() {
  const asked = new URLSearchParams(window.location.search).get("lang");
  if (asked === "ar" || asked === "en") return asked;
  const remembered = window.localStorage.getItem(KEY);
  if (remembered === "ar" || remembered === "en") return remembered;
  return (navigator.language ?? "en").startsWith("ar") ? "ar" : "en";
}

let current = "en";

export function language() { return current; }

/** Sets the language, remembers it, and turns the page: lang, dir, and every element with data-i18n. */
export function setLanguage(lang, root = document) {
  current = lang === "ar" ? "ar" : "en";
  window.localStorage.setItem(KEY, current);
  document.documentElement.lang = current;
  document.documentElement.dir = current === "ar" ? "rtl" : "ltr";
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-title]")) { el.title = t(el.dataset.i18nTitle); el.setAttribute("aria-label", el.title); }
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  // A tooltip only: the button's own text stays its accessible name.
  for (const el of root.querySelectorAll("[data-i18n-tooltip]")) el.title = t(el.dataset.i18nTooltip);
}

/** A string in the current language, with {name} filled from <paramref name="vars"/>. */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? `{${name}}`));
}

const locale = () => (current === "ar" ? "ar-u-nu-latn" : "en-GB");

export function number(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

export function percent(value, digits = 1) {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** A YYYY-MM-DD date as words ("13 October 2023" / "13 أكتوبر 2023"). */
export function longDate(iso) {
  if (!iso) return "—";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d));
}

export function distance(metres) {
  if (metres === null || metres === undefined) return "—";
  const km = current === "ar" ? "كم" : "km";
  const m = current === "ar" ? "م" : "m";
  return metres >= 1000 ? `${number(metres / 1000, 1)} ${km}` : `${number(Math.round(metres / 10) * 10)} ${m}`;
}

const COMPASS = {
  en: ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"],
  ar: ["شمال", "شمال شرق", "شرق", "جنوب شرق", "جنوب", "جنوب غرب", "غرب", "شمال غرب"],
};

/** A bearing in degrees as one of eight compass words. */
export function direction(bearing) {
  if (bearing === null || bearing === undefined) return "";
  return COMPASS[current][Math.round((((bearing % 360) + 360) % 360) / 45) % 8];
}
