// A printable A4 sheet for one block (?block=) or one zone (?zone=), as of ?asOf=, in ?lang=: the map, the
// plain-language bulletin the server writes, and the newest publication's key fingerprint so a reader can check
// the sheet against what the issuing organisation announces.
import { escapeHtml, extentOf, getJson, labelPoint } from "./api.js";
import { initialLanguage, language, longDate, setLanguage, t } from "./i18n.js";
import { addLayers, baseStyle, DAMAGE_CLASSES, drawSymbol, labelLanguage, ORDER_COLOUR, SHARE_CLASSES, SITE_KINDS, useRtlText } from "./layers.js";

const maplibregl = window.maplibregl;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const asked = /^\d{4}-\d{2}-\d{2}$/.test(params.get("asOf") ?? "") ? params.get("asOf") : null;

/** Pixels per CSS pixel of the map picture: 3 puts a 186 mm wide map at about 290 dots per inch. */
const PRINT_PIXEL_RATIO = 3;

setLanguage(initialLanguage());
useRtlText();
$("print").addEventListener("click", () => window.print());

function statusLine(answer) {
  const ar = language() === "ar";
  if (answer.underOrder) return `${t("statusOrder")} ${t("since", { date: longDate(answer.underOrder.since) })}`;
  if (answer.inZone) return `${t("statusZone")}: ${ar ? answer.inZone.nameAr || answer.inZone.nameEn : answer.inZone.nameEn}`;
  if (answer.coverage === "outside_blocks") return t("statusOutsideBlocks");
  if (answer.ordersRecorded === false) return t("statusNoOrders");
  return t("statusClear");
}

/** What the order tells people to do, in the reader's language. */
function instruction(answer) {
  if (!answer.underOrder) return "";
  return language() === "ar" ? answer.underOrder.statusAr || answer.underOrder.statusEn : answer.underOrder.statusEn;
}

/** A scale bar for the map as drawn: a round length about a fifth of its width. */
function scaleBar(map) {
  const width = map.getContainer().clientWidth;
  const lat = map.getCenter().lat;
  const metresPerPixel = (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
  const target = (width / 5) * metresPerPixel;
  const round = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000].reduce((best, m) => (m <= target ? m : best), 10);
  // The picture is shown at the map's own CSS size, so a length in CSS pixels holds on it.
  $("sheet-scale").querySelector(".bar").style.width = `${round / metresPerPixel}px`;
  $("sheet-scale").querySelector(".label").textContent = round >= 1000 ? `${round / 1000} km` : `${round} m`;
  $("sheet-scale").dataset.metres = String(round);
  $("sheet-scale").hidden = false;
}

/** The sheet's legend: the target's outline, orders, zones, damage classes and the site kinds shown. */
function legend(damageDate, damageSites) {
  const list = $("sheet-legend");
  const item = (swatch, label) => {
    const li = document.createElement("li");
    li.append(swatch, document.createTextNode(label));
    list.append(li);
  };
  const box = (cls, background) => {
    const el = document.createElement("span");
    el.className = `swatch ${cls}`;
    if (background) el.style.background = background;
    return el;
  };
  item(box("target"), t("sheetTarget"));
  item(box("hatch"), t("layerOrders"));
  item(box("zone", "rgba(46,196,182,0.35)"), t("layerZones"));
  // Ranges of numbers read left to right in both languages.
  SHARE_CLASSES.forEach(([upper, colour], i) => item(box("share", colour), `\u2066${Math.round((i === 0 ? 0 : SHARE_CLASSES[i - 1][0]) * 100)}–${Math.round(upper * 100)}%\u2069`));
  item(box("share", "#e9ecef"), damageDate ? t("damageAsOf", { date: longDate(damageDate) }) : t("noDamageYet"));
  if (damageSites) {
    const dot = box("dot", DAMAGE_CLASSES[0][1]);
    item(dot, `${t("layerDamageSites")} (${t("class_destroyed")}, ${t("class_severe")}…)`);
  }
  for (const kind of ["hospital", "clinic", "shelter", "water_point"]) {
    if (SITE_KINDS[kind]) item(drawSymbol(kind, 36), t(`kind_${kind}`));
  }
  list.querySelector(".hatch").style.borderColor = ORDER_COLOUR;
}

/** The target's outline, drawn over the layers in black so it stands out in print. */
function outline(map, feature) {
  map.addSource("target", { type: "geojson", data: feature });
  map.addLayer({ id: "target-halo", type: "line", source: "target", paint: { "line-color": "#fff", "line-width": 7 } });
  map.addLayer({ id: "target-line", type: "line", source: "target", paint: { "line-color": "#000", "line-width": 3.5 } });
}

async function publication() {
  const entries = await getJson("/api/publications");
  if (entries.length === 0) {
    $("sheet-publication").textContent = t("sheetUnpublished");
    $("sheet-publication").dataset.published = "false";
    return;
  }
  const latest = entries[entries.length - 1];
  $("sheet-publication").innerHTML = escapeHtml(t("sheetPublication", {
    n: latest.sequence, date: longDate(latest.publishedAt.slice(0, 10)), fingerprint: "\u0000", sha: latest.contentSha256.slice(0, 16),
  })).replace("\u0000", `<code id="fingerprint" dir="ltr">${escapeHtml(latest.fingerprint)}</code>`);
  $("sheet-publication").dataset.published = "true";
  $("sheet-check").textContent = t("sheetCheck", { url: `${window.location.origin}${latest.url}` });
}

async function start() {
  const block = params.get("block");
  const zoneId = params.get("zone");
  if (!block && !zoneId) {
    $("sheet-title").textContent = t("sheetMissing");
    document.body.dataset.ready = "error";
    return;
  }
  const ar = language() === "ar";
  const scenario = await getJson("/api/scenario");
  // Without asOf the sheet is of the data's last date, not today's, which may be long after it.
  const asOf = asked ?? scenario.lastDate;
  $("synthetic").hidden = !scenario.synthetic;
  $("sheet-source").textContent = `${t("sheetSource")}: ${scenario.source}`;
  $("sheet-date").textContent = t("sheetAsOf", { date: longDate(asOf) });

  let feature;
  let lookup;
  let heading = "";
  if (block) {
    const blocks = await getJson("/api/layers/blocks");
    feature = blocks.features.find((f) => String(f.properties.block) === String(Number(block)));
    lookup = await getJson(`/api/lookup?block=${encodeURIComponent(block)}&asOf=${asOf}`);
    $("sheet-title").textContent = t("sheetTitleBlock", { n: lookup.answer.block });
  } else {
    const zones = await getJson(`/api/layers/zones?asOf=${asOf}`);
    feature = zones.features.find((f) => f.properties.id === zoneId);
    if (!feature) throw new Error(`${zoneId}: ${longDate(asOf)}`);
    const p = feature.properties;
    const [lon, lat] = labelPoint(feature.geometry);
    lookup = await getJson(`/api/lookup?lat=${lat}&lon=${lon}&asOf=${asOf}`);
    $("sheet-title").textContent = t("sheetTitleZone", { name: ar ? p.name_ar || p.name_en : p.name_en });
    const kindKey = `zoneKind_${p.kind}`;
    heading = `${t("sheetZoneKind")}: ${t(kindKey) === kindKey ? p.kind : t(kindKey)}\n${t("sheetZoneValid", { from: longDate(p.valid_from), to: p.valid_to ? t("sheetZoneTo", { date: longDate(p.valid_to) }) : t("sheetZoneOpen") })}\n`;
  }
  const area = lookup.answer.areas?.[0];
  if (area) $("sheet-area").textContent = `${t("area")}: ${ar ? area.nameAr || area.nameEn : area.nameEn}`;
  if (block) {
    // A block's sheet: its status, what the order says to do, then the plain-language bulletin.
    const todo = instruction(lookup.answer);
    $("sheet-bulletin").innerHTML = `<p class="status">${escapeHtml(statusLine(lookup.answer))}</p>`
      + (todo ? `<p class="instruction">${escapeHtml(todo)}</p>` : "")
      + `<p>${escapeHtml(ar ? lookup.bulletinAr : lookup.bulletinEn)}</p>`;
  } else {
    // A zone's sheet speaks of the zone: what it is, since and until when, and what to do there.
    $("sheet-bulletin").innerHTML = `<p class="status">${escapeHtml(t("sheetZoneStatus"))}</p><p>${escapeHtml(heading)}${escapeHtml(t("sheetZoneAdvice"))}</p>`;
  }
  document.title = `Haven — ${$("sheet-title").textContent}`;
  await publication();

  const map = new maplibregl.Map({
    container: "sheet-map", style: baseStyle(), interactive: false, attributionControl: false, pixelRatio: PRINT_PIXEL_RATIO,
    canvasContextAttributes: { preserveDrawingBuffer: true },
    bounds: feature ? extentOf(feature) : undefined, fitBoundsOptions: { padding: 60 },
    center: [lookup.answer.longitude, lookup.answer.latitude], zoom: 15,
  });
  await new Promise((resolve) => (map.loaded() ? resolve() : map.on("load", resolve)));
  const data = await addLayers(map, asOf);
  legend(data.damageDates.filter((d) => d <= asOf).pop() ?? null, data.damageLayers.length > 0);
  labelLanguage(map);
  if (feature) outline(map, feature);
  else new maplibregl.Marker({ color: "#000" }).setLngLat([lookup.answer.longitude, lookup.answer.latitude]).addTo(map);
  map.once("idle", () => {
    // The map as a picture, which prints the same in every browser; the scale bar is measured before the map goes.
    scaleBar(map);
    $("sheet-map-image").src = map.getCanvas().toDataURL("image/png");
    $("sheet-map-image").dataset.pixels = `${map.getCanvas().width}x${map.getCanvas().height}`;
    $("sheet-map-image").alt = $("sheet-title").textContent;
    $("sheet-map-image").hidden = false;
    $("sheet-map").hidden = true;
    map.remove();
    // Printing is offered only once the map has drawn.
    $("print").disabled = false;
    document.body.dataset.ready = "true";
  });
}

start().catch((error) => {
  $("sheet-title").textContent = error.message;
  document.body.dataset.ready = "error";
  console.error(error);
});
