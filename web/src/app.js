// Haven's map page. Every request goes to the server's own origin: layers, tiles, glyphs, the RTL text plugin.
import { ApiError, dayNumber, escapeHtml, extentOf, getJson, isoFromDay } from "./api.js";
import { renderAid } from "./aid.js";
import { download, loadTrends, renderCharts, renderTable, rowsAsOf, tableCsv, tableGeoJson } from "./dashboard.js";
import { initialLanguage, language, longDate, number, percent, setLanguage, t } from "./i18n.js";
import { addLayers, baseStyle, labelLanguage, renderLegend, showDate, useRtlText } from "./layers.js";
import { cardHtml, choicesHtml, clearWinner, lookup, parseQuery, searchPlaces } from "./lookup.js";

const maplibregl = window.maplibregl;
const $ = (id) => document.getElementById(id);

const state = { asOf: null, first: null, last: null, data: null, counts: {}, query: null, scenario: null };

setLanguage(initialLanguage());
useRtlText();

// Without WebGL (an old phone, a locked-down browser) there is no map, but search, cards, the dashboard and
// the printable sheets still work.
let map = null;
try {
  map = new maplibregl.Map({
    container: "map",
    style: baseStyle(),
    center: [34.4, 31.4],
    zoom: 10,
    attributionControl: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric", maxWidth: 150 }), "bottom-right");
  map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: "Haven" }));
} catch (error) {
  console.warn(error);
  map = null;
}
window.havenMap = map;

function setStatus(text) { $("status").textContent = text; }

function countDated({ zones, orders, sites, crossings }) {
  state.counts.crossings = crossings.features.length;
  state.counts.zones = zones.features.length;
  state.counts.orders = orders.features.length;
  state.counts.sites = sites.features.length;
  state.counts.siteKinds = {};
  for (const f of sites.features) state.counts.siteKinds[f.properties.kind] = (state.counts.siteKinds[f.properties.kind] ?? 0) + 1;
  state.counts.sitesOut = sites.features.filter((f) => !f.properties.working).length;
}

function refreshLegend() {
  // The damage shown is the newest assessment's latest date on or before the selected one.
  state.counts.damageDate = (state.data?.damageDates ?? []).filter((d) => d <= state.asOf).pop() ?? null;
  renderLegend(map, $("legend-items"), state.counts);
  setStatus(t("ready", { orders: number(state.counts.orders), zones: number(state.counts.zones), sites: number(state.counts.sites) }));
}

function showDateLabel() {
  $("date-label").textContent = longDate(state.asOf);
  $("date-slider").setAttribute("aria-valuetext", longDate(state.asOf));
  $("as-of").value = state.asOf;
  $("date-slider").value = String(dayNumber(state.asOf) - dayNumber(state.first));
  document.body.dataset.asOf = state.asOf;
}

let pending = 0;

/** Moves every layer, the dashboard and the open card to a date. */
async function goTo(asOf) {
  if (!asOf || asOf === state.asOf) return;
  state.asOf = asOf;
  showDateLabel();
  const ticket = ++pending;
  document.body.dataset.ready = "loading";
  try {
    if (map) {
      const dated = await showDate(map, asOf);
      if (ticket !== pending) return;
      countDated(dated);
      refreshLegend();
    }
    if (!$("dashboard").hidden) renderDashboard();
    if (state.query) await search(state.query, false);
  } catch (error) {
    setStatus(t("loadFailed", { message: error.message }));
    console.error(error);
  }
  if (!map) {
    document.body.dataset.ready = "true";
    return;
  }
  map.once("idle", () => { if (ticket === pending) document.body.dataset.ready = "true"; });
  map.triggerRepaint();
}

// ---- Lookup card -------------------------------------------------------------------------------------------

let marker = null;

let returnFocus = null;

/** Shows the card and moves focus to it (a screen reader reads it out); closing it gives focus back. */
function showCard(html, printUrl) {
  $("card-body").innerHTML = html;
  $("card-print").hidden = !printUrl;
  if (printUrl) $("card-print").href = printUrl;
  if ($("card").hidden) returnFocus = document.activeElement;
  $("card").hidden = false;
  $("card").focus({ preventScroll: true });
}

function closeCard() {
  if ($("card").hidden) return;
  $("card").hidden = true;
  state.query = null;
  marker?.remove();
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  returnFocus = null;
}

function printUrl(params) {
  return `print.html?${new URLSearchParams({ ...params, asOf: state.asOf, lang: language() })}`;
}

/** Looks a query up as of the selected date, flies there and shows its card; a name with several matches lists them. */
async function search(query, fly = true) {
  try {
    if (query.place !== undefined) {
      const matches = await searchPlaces(query.place);
      if (matches.length === 0) {
        showCard(`<h2 id="card-title">${escapeHtml(t("noMatch", { query: query.place }))}</h2>`, null);
        return;
      }
      if (!clearWinner(matches)) {
        state.choices = matches;
        showCard(choicesHtml(query.place, matches), null);
        return;
      }
      // The card is titled with the name the reader searched by, in the script they typed.
      query = { lat: matches[0].latitude, lon: matches[0].longitude, title: matches[0].name };
    }
    state.query = query;
    const response = await lookup(query, state.asOf);
    if (query.title) response.place = query.title;
    const a = response.answer;
    state.lastAnswer = response;
    showCard(cardHtml(response, state.asOf), a.block !== null && a.block !== undefined ? printUrl({ block: a.block }) : null);
    $("card").dataset.block = a.block ?? "";
    marker?.remove();
    if (!map) return;
    if (a.coverage === "outside") return; // nothing to show there: the card says so
    marker = new maplibregl.Marker({ color: "#1d3557" }).setLngLat([a.longitude, a.latitude]).addTo(map);
    if (fly) map.flyTo({ center: [a.longitude, a.latitude], zoom: Math.max(map.getZoom(), 14.5), essential: true, duration: 1200 });
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(error);
    showCard(`<h2>${escapeHtml(t("lookupFailed", { message: error.message }))}</h2>`, null);
    $("card").dataset.block = "";
  }
}

$("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = parseQuery($("query").value);
  if (query) search(query);
});

$("locate").addEventListener("click", () => {
  if (!navigator.geolocation) {
    showCard(`<h2 id="card-title">${escapeHtml(t("locationFailed", { message: t("geoUnsupported") }))}</h2>`, null);
    return;
  }
  setStatus(t("locating"));
  navigator.geolocation.getCurrentPosition(
    (position) => { refreshLegend(); search({ lat: position.coords.latitude, lon: position.coords.longitude }); },
    (error) => {
      refreshLegend();
      const why = { 1: "geoDenied", 2: "geoUnavailable", 3: "geoTimeout" }[error.code] ?? "geoUnavailable";
      showCard(`<h2 id="card-title">${escapeHtml(t("locationFailed", { message: t(why) }))}</h2>`, null);
    },
    { enableHighAccuracy: true, timeout: 15000 },
  );
});

// An answer outside the data may offer the coordinates the other way round; a list of matches offers each place.
$("card-body").addEventListener("click", (event) => {
  const button = event.target.closest("button.swapped");
  if (button) search({ lat: Number(button.dataset.lat), lon: Number(button.dataset.lon) });
  const choice = event.target.closest("button.choice");
  if (choice) {
    const m = state.choices[Number(choice.dataset.choice)];
    search({ lat: m.latitude, lon: m.longitude, title: language() === "ar" ? m.nameAr || m.nameEn : m.nameEn || m.nameAr });
  }
});

$("card-close").addEventListener("click", closeCard);

// Escape closes the card first, then the dashboard.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (!$("card").hidden) closeCard();
  else if (!$("dashboard").hidden) { toggleDashboard(false); $("toggle-dashboard").focus(); }
});

// The legend folds away; on a small screen it starts folded so the map can be seen.
function foldLegend(open) {
  $("legend-toggle").setAttribute("aria-expanded", String(open));
  $("legend-body").hidden = !open;
  $("legend").classList.toggle("folded", !open);
}
$("legend-toggle").addEventListener("click", () => foldLegend($("legend-body").hidden));
// The card sits just above the date bar, however tall the bar wraps.
new ResizeObserver(() => document.documentElement.style.setProperty("--timeline-height", `${$("timeline").offsetHeight}px`)).observe($("timeline"));
foldLegend(!window.matchMedia("(max-width: 640px)").matches);

// ---- Dashboard ---------------------------------------------------------------------------------------------

let trendsLoaded = null;

async function renderDashboard() {
  try {
    if (!trendsLoaded) $("dash-table").innerHTML = `<caption>${escapeHtml(t("loading"))}</caption>`;
    trendsLoaded ??= loadTrends(state.first, state.last);
    await trendsLoaded;
    renderTable($("dashboard"), state.asOf);
    renderCharts($("dash-charts"), state.asOf);
    await renderAid($("dash-aid"), state.asOf);
  } catch (error) {
    trendsLoaded = null;
    $("dash-table").innerHTML = `<caption>${escapeHtml(error.message)}</caption>`;
    console.error(error);
  }
}

function toggleDashboard(open) {
  $("dashboard").hidden = !open;
  $("toggle-dashboard").setAttribute("aria-expanded", String(open));
  if (open) renderDashboard();
}

$("toggle-dashboard").addEventListener("click", () => toggleDashboard($("dashboard").hidden));
$("dashboard-close").addEventListener("click", () => toggleDashboard(false));
$("download-csv").addEventListener("click", () => download(`haven-areas-${state.asOf}.csv`, tableCsv(rowsAsOf(state.asOf)), "text/csv"));
$("download-geojson").addEventListener("click", () =>
  download(`haven-areas-${state.asOf}.geojson`, JSON.stringify(tableGeoJson(rowsAsOf(state.asOf), state.data.areas)), "application/geo+json"));

// ---- Language ----------------------------------------------------------------------------------------------

function applyLanguage(lang) {
  setLanguage(lang);
  document.title = `${t("title")}${state.scenario ? ` — ${state.scenario.name}` : ""}`;
  if (state.data && map) {
    labelLanguage(map);
    refreshLegend();
  }
  if (state.asOf) showDateLabel();
  if (!$("dashboard").hidden) renderDashboard();
  if (state.query && !$("card").hidden && state.lastAnswer) {
    showCard(cardHtml(state.lastAnswer, state.asOf), $("card").dataset.block ? printUrl({ block: $("card").dataset.block }) : null);
  }
}

$("toggle-language").addEventListener("click", () => applyLanguage(language() === "ar" ? "en" : "ar"));

// ---- Feature popups ----------------------------------------------------------------------------------------

function rows(pairs) {
  return `<table>${pairs.filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
}

/** A value from the data in the reader's language where Haven knows the word ("operational"), else as the data gives it. */
function known(prefix, value) {
  const key = `${prefix}_${String(value).trim().toLowerCase().replace(/[\s-]+/g, "_")}`;
  const text = t(key);
  return text === key ? value : text;
}

function describe(feature) {
  const p = feature.properties;
  const ar = language() === "ar";
  const name = ar ? p.name_ar || p.name_en : p.name_en;
  switch (feature.layer.id) {
    case "sites-symbol":
      return `<h3>${escapeHtml(name)}</h3>` + rows([[t("popupKind"), t(`kind_${p.kind}`)],
        [t("popupStatus"), p.status === "unknown" ? t("statusUnknown") : `${known("siteStatus", p.status)} — ${t("since", { date: longDate(p.status_since) })}`], [t("popupSource"), p.source]]);
    case "orders-fill": {
      const blocks = typeof p.blocks === "string" ? JSON.parse(p.blocks) : p.blocks;
      return `<h3>${escapeHtml(t("order", { id: p.id }))}</h3>`
        + rows([[t("popupInForce"), longDate(p.effective_from)], [t("popupBlocks"), blocks.join(", ")], [t("popupSource"), p.source]])
        + `<p>${escapeHtml(ar ? p.status_ar : p.status_en)}</p>`;
    }
    case "zones-fill":
      return `<h3>${escapeHtml(name)}</h3>`
        + rows([[t("popupKind"), known("zoneKind", p.kind)], [t("popupValid"), `${longDate(p.valid_from)} – ${p.valid_to ? longDate(p.valid_to) : t("popupUntil")}`], [t("popupSource"), p.source]])
        + `<p><a href="${escapeHtml(printUrl({ zone: p.id }))}" target="_blank" rel="noopener">${escapeHtml(t("popupPrint"))}</a></p>`;
    case "buildings-fill":
      return `<h3>${escapeHtml(t("popupBuilding", { id: p.id }))}</h3>` + rows([[t("popupBlocks"), p.block], [t("popupDamage"), t(p.damage === "damaged" ? "damaged" : p.damage === "intact" ? "intact" : "notAssessed")]]);
    case "blocks-fill":
      return `<h3>${escapeHtml(t("popupBlock", { n: p.block }))}</h3>`
        + rows([[t("popupShare"), p.damaged_share === undefined ? t("noData") : percent(p.damaged_share)], [t("popupStructures"), number(p.structures)],
          [t("popupStatus"), t(p.status === "evacuation" ? "evacuation" : "clear")]])
        + `<p><a href="${escapeHtml(printUrl({ block: p.block }))}" target="_blank" rel="noopener">${escapeHtml(t("printSheet"))}</a></p>`;
    case "areas-fill":
      return `<h3>${escapeHtml(name)}</h3>` + rows([["P-code", p.pcode], [t("popupSource"), p.source]]);
    case "crossings-circle":
      return `<h3>${escapeHtml(name)}</h3>` + rows([[t("popupTrucks", { from: longDate(p.from), to: longDate(p.to) }), p.trucks || t("popupNoTrucks")], [t("popupSource"), p.source]]);
    default:
      return "";
  }
}

const CLICKABLE = ["crossings-circle", "sites-symbol", "orders-fill", "zones-fill", "buildings-fill", "blocks-fill", "areas-fill"];

map?.on("click", (event) => {
  const features = map.queryRenderedFeatures(event.point, { layers: CLICKABLE.filter((id) => map.getLayer(id)) });
  if (features.length === 0) return;
  features.sort((a, b) => CLICKABLE.indexOf(a.layer.id) - CLICKABLE.indexOf(b.layer.id));
  new maplibregl.Popup({ maxWidth: "320px" }).setLngLat(event.lngLat).setHTML(`<div class="popup">${describe(features[0])}</div>`).addTo(map);
});
for (const id of map ? CLICKABLE : []) {
  map.on("mouseenter", id, () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; });
}

// ---- Start -------------------------------------------------------------------------------------------------

async function start() {
  setStatus(t("loading"));
  try {
    const scenario = await getJson("/api/scenario");
    state.scenario = scenario;
    $("scenario").textContent = scenario.name;
    $("synthetic").hidden = !scenario.synthetic;
    document.title = `${t("title")} — ${scenario.name}`;
    state.first = scenario.firstDate;
    state.last = scenario.lastDate;
    const asked = new URLSearchParams(window.location.search).get("asOf");
    state.asOf = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : scenario.lastDate;
    const slider = $("date-slider");
    slider.max = String(dayNumber(state.last) - dayNumber(state.first));
    $("as-of").min = state.first;
    $("as-of").max = state.last;
    $("download-all").href = `/api/planning/trends?format=csv&from=${state.first}&to=${state.last}`;
    showDateLabel();
    let timer = 0;
    slider.addEventListener("input", () => {
      $("date-label").textContent = longDate(isoFromDay(dayNumber(state.first) + Number(slider.value)));
      slider.setAttribute("aria-valuetext", $("date-label").textContent);
      clearTimeout(timer);
      timer = setTimeout(() => goTo(isoFromDay(dayNumber(state.first) + Number(slider.value))), 200);
    });
    $("as-of").addEventListener("change", () => { if ($("as-of").value) goTo($("as-of").value); });

    if (!map) {
      state.data = { areas: await getJson("/api/layers/areas") };
      setStatus(t("noMap"));
      document.body.dataset.ready = "true";
      return;
    }
    state.data = await addLayers(map, state.asOf);
    state.counts.damageLayers = state.data.damageLayers.length;
    countDated(state.data);
    refreshLegend();
    if (state.data.areas.features.length > 0) map.fitBounds(extentOf(state.data.areas), { padding: 40, duration: 0 });
    map.once("idle", () => { document.body.dataset.ready = "true"; });
  } catch (error) {
    setStatus(t("loadFailed", { message: error.message }));
    document.body.dataset.ready = "error";
    console.error(error);
  }
}

if (!map || map.loaded()) start(); else map.on("load", start);
