// A printable A4 sheet for one block (?block=) or one zone (?zone=), as of ?asOf=, in ?lang=: the map, the
// plain-language bulletin the server writes, and the newest publication's key fingerprint so a reader can check
// the sheet against what the issuing organisation announces.
import { escapeHtml, extentOf, getJson, labelPoint } from "./api.js";
import { initialLanguage, language, longDate, setLanguage, t } from "./i18n.js";
import { addLayers, baseStyle, labelLanguage, useRtlText } from "./layers.js";

const maplibregl = window.maplibregl;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const today = new Date().toISOString().slice(0, 10);
const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get("asOf") ?? "") ? params.get("asOf") : today;

setLanguage(initialLanguage());
useRtlText();
$("print").addEventListener("click", () => window.print());

function statusLine(answer) {
  const ar = language() === "ar";
  if (answer.underOrder) return `${t("statusOrder")} ${t("since", { date: longDate(answer.underOrder.since) })}`;
  if (answer.inZone) return `${t("statusZone")}: ${ar ? answer.inZone.nameAr || answer.inZone.nameEn : answer.inZone.nameEn}`;
  return t("statusClear");
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
  $("synthetic").hidden = !scenario.synthetic;
  $("sheet-source").textContent = scenario.source;
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
    heading = `${t("sheetZoneKind")}: ${p.kind}\n${t("sheetZoneValid", { from: longDate(p.valid_from), to: p.valid_to ? t("sheetZoneTo", { date: longDate(p.valid_to) }) : t("sheetZoneOpen") })}\n`;
  }
  const area = lookup.answer.areas?.[0];
  if (area) $("sheet-area").textContent = `${t("area")}: ${ar ? area.nameAr || area.nameEn : area.nameEn}`;
  $("sheet-bulletin").innerHTML = `<p class="status">${escapeHtml(statusLine(lookup.answer))}</p>`
    + `<p>${escapeHtml(heading)}${escapeHtml(ar ? lookup.bulletinAr : lookup.bulletinEn)}</p>`;
  document.title = `Haven — ${$("sheet-title").textContent}`;
  await publication();

  const map = new maplibregl.Map({
    container: "sheet-map", style: baseStyle(), interactive: false, attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
    bounds: feature ? extentOf(feature) : undefined, fitBoundsOptions: { padding: 60 },
    center: [lookup.answer.longitude, lookup.answer.latitude], zoom: 15,
  });
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  await new Promise((resolve) => (map.loaded() ? resolve() : map.on("load", resolve)));
  await addLayers(map, asOf);
  labelLanguage(map);
  if (feature) outline(map, feature);
  else new maplibregl.Marker({ color: "#000" }).setLngLat([lookup.answer.longitude, lookup.answer.latitude]).addTo(map);
  map.once("idle", () => {
    // The map as a picture, which prints the same in every browser.
    $("sheet-map-image").src = map.getCanvas().toDataURL("image/png");
    $("sheet-map-image").alt = $("sheet-title").textContent;
    $("sheet-map-image").hidden = false;
    $("sheet-map").hidden = true;
    map.remove();
    document.body.dataset.ready = "true";
  });
}

start().catch((error) => {
  $("sheet-title").textContent = error.message;
  document.body.dataset.ready = "error";
  console.error(error);
});
