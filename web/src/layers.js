// The map's layers, their symbols and the legend. Everything is drawn from the server's own origin: GeoJSON
// layers, vector tiles of buildings and blocks, label glyphs and site symbols (drawn here on a canvas).
import { getJson, labelPoint } from "./api.js";
import { language, longDate, number, t } from "./i18n.js";

export const FONT = ["HavenSans"];

/** Site kinds: colour and shape, so kinds differ by more than colour. */
export const SITE_KINDS = {
  hospital: { colour: "#d62828", shape: "cross" },
  clinic: { colour: "#f77f00", shape: "cross-circle" },
  shelter: { colour: "#6a4c93", shape: "house" },
  school: { colour: "#1982c4", shape: "square" },
  water_point: { colour: "#0096c7", shape: "drop" },
  bakery: { colour: "#8d6e63", shape: "diamond" },
  un_premises: { colour: "#4361ee", shape: "star" },
  warehouse: { colour: "#6c757d", shape: "hexagon" },
};

/** UNOSAT damage classes: colour and radius, so classes differ by size as well as colour. */
export const DAMAGE_CLASSES = [
  ["destroyed", "#6a040f", 4.5],
  ["severe", "#d00000", 3.8],
  ["moderate", "#f48c06", 3.2],
  ["possible", "#ffd60a", 2.6],
  ["other", "#adb5bd", 2.2],
];

/** Damaged share classes for blocks (upper bounds) and their colours, light to dark. */
export const SHARE_CLASSES = [
  [0.1, "#fff3b0"],
  [0.25, "#fcbf49"],
  [0.5, "#f77f00"],
  [0.75, "#d62828"],
  [1.0, "#6a040f"],
];

const SIZE = 32; // icon pixels at pixelRatio 2

/** One site symbol drawn on a canvas: a white-edged shape in the kind's colour. */
export function drawSymbol(kind, size = SIZE) {
  const { colour, shape } = SITE_KINDS[kind] ?? { colour: "#222", shape: "circle" };
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const c = canvas.getContext("2d");
  const s = size / 32;
  c.scale(s, s);
  c.lineWidth = 2.5;
  c.strokeStyle = "#fff";
  c.fillStyle = colour;
  c.beginPath();
  switch (shape) {
    case "cross":
      c.rect(3, 3, 26, 26);
      break;
    case "cross-circle":
    case "circle":
      c.arc(16, 16, 13, 0, 2 * Math.PI);
      break;
    case "house":
      c.moveTo(16, 2); c.lineTo(30, 14); c.lineTo(26, 14); c.lineTo(26, 29); c.lineTo(6, 29); c.lineTo(6, 14); c.lineTo(2, 14); c.closePath();
      break;
    case "square":
      c.rect(4, 4, 24, 24);
      break;
    case "drop":
      c.moveTo(16, 2); c.bezierCurveTo(16, 2, 28, 16, 28, 21); c.arc(16, 20, 12, 0.1, Math.PI - 0.1); c.bezierCurveTo(4, 16, 16, 2, 16, 2);
      break;
    case "diamond":
      c.moveTo(16, 1); c.lineTo(31, 16); c.lineTo(16, 31); c.lineTo(1, 16); c.closePath();
      break;
    case "star":
      for (let i = 0; i < 10; i++) {
        const r = i % 2 === 0 ? 15 : 6.5;
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        c.lineTo(16 + r * Math.cos(a), 17 + r * Math.sin(a));
      }
      c.closePath();
      break;
    case "hexagon":
      for (let i = 0; i < 6; i++) c.lineTo(16 + 14 * Math.cos((i * Math.PI) / 3), 16 + 14 * Math.sin((i * Math.PI) / 3));
      c.closePath();
      break;
    default:
      c.arc(16, 16, 13, 0, 2 * Math.PI);
  }
  c.fill();
  c.stroke();
  if (shape === "cross" || shape === "cross-circle") {
    c.fillStyle = "#fff";
    c.fillRect(13.5, 8, 5, 16);
    c.fillRect(8, 13.5, 16, 5);
  }
  return canvas;
}

/** Colours of evacuation orders: a hatch over whatever lies beneath, and a strong edge with a white casing. */
export const ORDER_COLOUR = "#c1121f";

/** The order hatch: diagonal stripes on a transparent ground, so the damage colours still show between them. */
export function drawHatch(size = 16) {
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const c = canvas.getContext("2d");
  c.strokeStyle = ORDER_COLOUR;
  c.lineWidth = size / 5;
  c.lineCap = "square";
  for (const offset of [-size, 0, size]) {
    c.beginPath();
    c.moveTo(offset, size);
    c.lineTo(offset + size, 0);
    c.stroke();
  }
  return canvas;
}

/** Building states: dark for damaged, light for intact, white with a grey edge for not assessed (lightness, not hue, tells them apart). */
export const BUILDING_STATES = [
  ["damaged", "#7f0000", "#3d0000"],
  ["intact", "#ced4da", "#868e96"],
  ["not assessed", "#ffffff", "#adb5bd"],
];

/** Arabic labels are shaped and ordered by the RTL text plugin, loaded from this origin when a label needs it. */
export function useRtlText() {
  window.maplibregl.setRTLTextPlugin(`${window.location.origin}/lib/rtl-text/mapbox-gl-rtl-text.js`, true).catch((error) => console.error(error));
}

/** The style the map starts from: a plain sea and this origin's glyphs; layers are added by addLayers. */
export function baseStyle() {
  return {
    version: 8,
    glyphs: `${window.location.origin}/lib/glyphs/{fontstack}/{range}.pbf`,
    sources: {},
    layers: [{ id: "sea", type: "background", paint: { "background-color": "#a8dadc" } }],
  };
}

/**
 * A name as the map should draw it: runs of digits joined by hyphens, slashes or dots ("102-15") are held between
 * left-to-right marks, so that in an Arabic label they keep their order instead of being drawn "15-102".
 */
export function labelText(name) {
  return typeof name === "string" ? name.replace(/\d+(?:[-‐‑–/.]\d+)+/g, (run) => `\u200E${run}\u200E`) : name;
}

/** The collection with its Arabic names made ready for drawing (<see labelText>); the data itself is not changed. */
function drawable(collection) {
  return {
    ...collection,
    features: collection.features.map((f) => (typeof f.properties?.name_ar === "string" && /\d/.test(f.properties.name_ar)
      ? { ...f, properties: { ...f.properties, name_ar: labelText(f.properties.name_ar) } } : f)),
  };
}

function nameField() {
  return ["coalesce", ["get", language() === "ar" ? "name_ar" : "name_en"], ["get", "name_en"]];
}

/** The layers the legend lists, in drawing order, with the map layers that make each one. */
export const LAYERS = [
  { id: "areas", label: "layerAreas", mapLayers: ["areas-fill", "areas-line", "areas-label"] },
  { id: "blocks", label: "layerBlocks", dated: true, mapLayers: ["blocks-fill", "blocks-line", "blocks-label"] },
  { id: "buildings", label: "layerBuildings", dated: true, mapLayers: ["buildings-fill"] },
  { id: "zones", label: "layerZones", dated: true, mapLayers: ["zones-fill", "zones-line", "zones-label"] },
  { id: "orders", label: "layerOrders", dated: true, mapLayers: ["orders-fill", "orders-casing", "orders-line"] },
  { id: "damage_sites", label: "layerDamageSites", dated: true, mapLayers: ["damage-sites-circle"] },
  { id: "sites", label: "layerSites", mapLayers: ["sites-symbol"] },
  { id: "crossings", label: "layerCrossings", dated: true, mapLayers: ["crossings-circle", "crossings-label"] },
];

/** Crossings: a circle whose area follows the trucks the largest single source recorded in the 30 days to the date. */
export const CROSSING_COLOUR = "#2b9348";

function tileUrl(layer, asOf) {
  return `${window.location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt?asOf=${asOf}`;
}

/** Label points for polygons, one per feature, carrying its names. */
function labels(collection) {
  return {
    type: "FeatureCollection",
    features: collection.features.map((f) => ({ type: "Feature", properties: f.properties, geometry: { type: "Point", coordinates: labelPoint(f.geometry) } }))
      .filter((f) => f.geometry.coordinates),
  };
}

/** Loads the undated layers and the dated ones as of the date, and adds every source and layer. */
export async function addLayers(map, asOf) {
  for (const kind of Object.keys(SITE_KINDS)) {
    const canvas = drawSymbol(kind);
    map.addImage(`site-${kind}`, canvas.getContext("2d").getImageData(0, 0, SIZE, SIZE), { pixelRatio: 2 });
  }
  const hatch = drawHatch();
  map.addImage("order-hatch", hatch.getContext("2d").getImageData(0, 0, hatch.width, hatch.height), { pixelRatio: 1 });
  const [areas, sites, zones, orders, damageLayers, assessment, crossings] = await Promise.all([
    getJson("/api/layers/areas"), getJson(`/api/layers/sites?asOf=${asOf}`), getJson(`/api/layers/zones?asOf=${asOf}`), getJson(`/api/layers/orders?asOf=${asOf}`),
    getJson("/api/damage-site-layers"),
    // The dates of the damage shown; none when no assessment is stored.
    getJson("/api/assessments/latest/areas").catch(() => ({ areas: [] })),
    getJson(`/api/layers/crossings?asOf=${asOf}`),
  ]);
  const damageDates = [...new Set(assessment.areas.map((a) => a.date))].sort();
  map.addSource("areas", { type: "geojson", data: areas });
  map.addSource("area-labels", { type: "geojson", data: drawable(labels(areas)) });
  map.addSource("blocks", { type: "vector", tiles: [tileUrl("blocks", asOf)], minzoom: 10, maxzoom: 17 });
  map.addSource("buildings", { type: "vector", tiles: [tileUrl("buildings", asOf)], minzoom: 10, maxzoom: 17 });
  map.addSource("damage_sites", { type: "vector", tiles: [tileUrl("damage_sites", asOf)], minzoom: 10, maxzoom: 17 });
  map.addSource("zones", { type: "geojson", data: zones });
  map.addSource("zone-labels", { type: "geojson", data: drawable(labels(zones)) });
  map.addSource("orders", { type: "geojson", data: orders });
  map.addSource("sites", { type: "geojson", data: drawable(sites) });
  map.addSource("crossings", { type: "geojson", data: crossings });

  const shareColour = ["step", ["get", "damaged_share"], SHARE_CLASSES[0][1]];
  for (let i = 0; i + 1 < SHARE_CLASSES.length; i++) shareColour.push(SHARE_CLASSES[i][0], SHARE_CLASSES[i + 1][1]);
  const text = { "text-font": FONT, "text-allow-overlap": false };
  const halo = { "text-halo-color": "#fff", "text-halo-width": 1.5 };

  map.addLayer({ id: "areas-fill", type: "fill", source: "areas", paint: { "fill-color": "#f4f1de" } });
  map.addLayer({
    id: "blocks-fill", type: "fill", source: "blocks", "source-layer": "blocks",
    paint: {
      "fill-color": ["case", ["has", "damaged_share"], shareColour, "#e9ecef"],
      "fill-opacity": ["interpolate", ["linear"], ["zoom"], 12, 0.8, 15, 0.3],
    },
  });
  map.addLayer({
    id: "buildings-fill", type: "fill", source: "buildings", "source-layer": "buildings", minzoom: 13,
    paint: {
      "fill-color": ["match", ["get", "damage"], ...BUILDING_STATES.slice(0, 2).flatMap(([k, fill]) => [k, fill]), BUILDING_STATES[2][1]],
      "fill-outline-color": ["match", ["get", "damage"], ...BUILDING_STATES.slice(0, 2).flatMap(([k, , edge]) => [k, edge]), BUILDING_STATES[2][2]],
      "fill-opacity": ["interpolate", ["linear"], ["zoom"], 13, 0.6, 15, 1],
    },
  });
  map.addLayer({ id: "zones-fill", type: "fill", source: "zones", paint: { "fill-color": "#2ec4b6", "fill-opacity": 0.3 } });
  map.addLayer({ id: "zones-line", type: "line", source: "zones", paint: { "line-color": "#168f84", "line-width": 3 } });
  map.addLayer({ id: "blocks-line", type: "line", source: "blocks", "source-layer": "blocks", paint: { "line-color": "#6c757d", "line-width": 0.6 } });
  map.addLayer({ id: "areas-line", type: "line", source: "areas", paint: { "line-color": "#3d405b", "line-width": 2.5 } });
  // Orders above damage and boundaries, so they cannot be missed at any zoom: a hatch, and a strong edge on a white casing.
  map.addLayer({ id: "orders-fill", type: "fill", source: "orders", paint: { "fill-pattern": "order-hatch", "fill-opacity": 0.85 } });
  map.addLayer({ id: "orders-casing", type: "line", source: "orders", paint: { "line-color": "#ffffff", "line-width": ["interpolate", ["linear"], ["zoom"], 10, 4, 15, 7] } });
  map.addLayer({ id: "orders-line", type: "line", source: "orders", paint: { "line-color": ORDER_COLOUR, "line-width": ["interpolate", ["linear"], ["zoom"], 10, 2.5, 15, 4] } });
  const byClass = (i) => ["match", ["get", "damage"], ...DAMAGE_CLASSES.flatMap((c) => [c[0], c[i]]), DAMAGE_CLASSES[4][i]];
  map.addLayer({
    id: "damage-sites-circle", type: "circle", source: "damage_sites", "source-layer": "damage_sites", minzoom: 13,
    paint: {
      "circle-color": byClass(1),
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 13, ["*", 0.7, byClass(2)], 15, byClass(2), 17, ["*", 1.8, byClass(2)]],
      "circle-stroke-color": "#fff",
      "circle-stroke-width": ["interpolate", ["linear"], ["zoom"], 13, 0, 14, 0.8],
    },
  });
  map.addLayer({
    id: "blocks-label", type: "symbol", source: "blocks", "source-layer": "blocks", minzoom: 13.5,
    layout: { ...text, "text-field": ["to-string", ["get", "block"]], "text-size": 11 },
    paint: { "text-color": "#343a40", ...halo },
  });
  map.addLayer({
    id: "sites-symbol", type: "symbol", source: "sites",
    layout: {
      "icon-image": ["concat", "site-", ["get", "kind"]],
      "icon-size": ["interpolate", ["linear"], ["zoom"], 10, 0.7, 15, 1.1],
      "icon-allow-overlap": true,
      "icon-ignore-placement": true,
      "text-field": ["step", ["zoom"], "", 14, nameField()],
      "text-font": FONT, "text-size": 11, "text-offset": [0, 1.3], "text-anchor": "top", "text-optional": true,
    },
    // A site out of service on the date (closed, destroyed, status unknown) is drawn faded.
    paint: { "text-color": "#1b1b1b", ...halo, "icon-opacity": ["case", ["==", ["get", "working"], true], 1, 0.4] },
  });
  // A crossing with no trucks recorded in the window is a small hollow ring: known, but nothing counted.
  map.addLayer({
    id: "crossings-circle", type: "circle", source: "crossings",
    paint: {
      "circle-color": ["case", [">", ["get", "trucks_largest_source"], 0], CROSSING_COLOUR, "#ffffff"],
      "circle-radius": ["+", 5, ["*", 0.9, ["sqrt", ["get", "trucks_largest_source"]]]],
      "circle-opacity": 0.75,
      "circle-stroke-color": CROSSING_COLOUR,
      "circle-stroke-width": 2,
    },
  });
  map.addLayer({
    id: "crossings-label", type: "symbol", source: "crossings",
    layout: { ...text, "text-field": nameField(), "text-size": 12, "text-offset": [0, 1.4], "text-anchor": "top", "text-optional": true },
    paint: { "text-color": "#1b4332", ...halo },
  });
  map.addLayer({
    id: "areas-label", type: "symbol", source: "area-labels",
    layout: { ...text, "text-field": nameField(), "text-size": 15, "text-max-width": 9 },
    paint: { "text-color": "#1d3557", ...halo },
  });
  // Zone names are placed before district names (layers higher up are placed first) when they would collide.
  map.addLayer({
    id: "zones-label", type: "symbol", source: "zone-labels",
    layout: { ...text, "text-field": nameField(), "text-size": 13, "text-max-width": 8 },
    paint: { "text-color": "#0b5d56", ...halo },
  });
  return { areas, sites, zones, orders, damageLayers, damageDates, crossings };
}

/** Moves every dated layer to the date: tiles are re-requested, zones, orders and sites fetched again. */
export async function showDate(map, asOf) {
  map.getSource("blocks").setTiles([tileUrl("blocks", asOf)]);
  map.getSource("buildings").setTiles([tileUrl("buildings", asOf)]);
  map.getSource("damage_sites").setTiles([tileUrl("damage_sites", asOf)]);
  const [zones, orders, sites, crossings] = await Promise.all([
    getJson(`/api/layers/zones?asOf=${asOf}`), getJson(`/api/layers/orders?asOf=${asOf}`), getJson(`/api/layers/sites?asOf=${asOf}`),
    getJson(`/api/layers/crossings?asOf=${asOf}`),
  ]);
  map.getSource("crossings").setData(crossings);
  map.getSource("sites").setData(drawable(sites));
  map.getSource("zones").setData(zones);
  map.getSource("zone-labels").setData(drawable(labels(zones)));
  map.getSource("orders").setData(orders);
  return { zones, orders, sites, crossings };
}

/** Map labels in the current language. */
export function labelLanguage(map) {
  for (const id of ["areas-label", "zones-label", "crossings-label"]) map.setLayoutProperty(id, "text-field", nameField());
  map.setLayoutProperty("sites-symbol", "text-field", ["step", ["zoom"], "", 14, nameField()]);
}

function swatch(fill, line, dashed = false) {
  const el = document.createElement("span");
  el.className = "swatch";
  el.style.background = fill;
  el.style.borderColor = line;
  if (dashed) el.style.borderStyle = "dashed";
  return el;
}

function row(parent, children, className) {
  const li = document.createElement("li");
  if (className) li.className = className;
  li.append(...children);
  parent.append(li);
  return li;
}

function text(content, className) {
  const el = document.createElement("span");
  el.textContent = content;
  if (className) el.className = className;
  return el;
}

/** The legend: a switch per layer, its symbols, and how many features each shows as of the date. */
export function renderLegend(map, list, counts) {
  list.replaceChildren();
  for (const layer of LAYERS) {
    if (layer.id === "damage_sites" && !counts.damageLayers) continue; // no UNOSAT layer stored: nothing to list
    if (layer.id === "crossings" && !counts.crossings) continue; // no crossing stored: nothing to list
    const toggle = document.createElement("input");
    toggle.type = "checkbox";
    toggle.checked = map.getLayoutProperty(layer.mapLayers[0], "visibility") !== "none";
    toggle.setAttribute("aria-label", t(layer.label));
    toggle.addEventListener("change", () => {
      for (const id of layer.mapLayers) map.setLayoutProperty(id, "visibility", toggle.checked ? "visible" : "none");
    });
    const parts = [toggle];
    if (layer.id === "areas") parts.push(swatch("#f4f1de", "#3d405b"));
    if (layer.id === "zones") parts.push(swatch("rgba(46,196,182,0.35)", "#168f84"));
    if (layer.id === "orders") {
      const hatched = swatch("", ORDER_COLOUR);
      hatched.style.background = ""; // the stylesheet's stripes, as the map draws them
      hatched.classList.add("hatch");
      parts.push(hatched);
    }
    parts.push(text(t(layer.label)), text(counts[layer.id] === undefined ? "" : number(counts[layer.id]), "count"));
    row(list, parts).dataset.layer = layer.id;

    if (layer.id === "blocks") {
      row(list, [text(counts.damageDate ? t("damageAsOf", { date: longDate(counts.damageDate) }) : t("noDamageYet"), "note")], "sub").dataset.damageDate = counts.damageDate ?? "";
      let lower = 0;
      for (const [upper, colour] of SHARE_CLASSES) {
        const range = text(`${Math.round(lower * 100)}–${Math.round(upper * 100)}%`);
        range.dir = "ltr"; // a range of numbers reads left to right in both languages
        row(list, [swatch(colour, "#6c757d"), range], "sub");
        lower = upper;
      }
      row(list, [swatch("#e9ecef", "#6c757d"), text(t("noData"))], "sub");
    }
    if (layer.id === "buildings") {
      const keys = { damaged: "damaged", intact: "intact", "not assessed": "notAssessed" };
      for (const [state, fill, edge] of BUILDING_STATES) row(list, [swatch(fill, edge), text(t(keys[state]))], "sub");
    }
    if (layer.id === "damage_sites") {
      row(list, [text(t("unosatSource"), "note")], "sub");
      for (const [cls, colour, radius] of DAMAGE_CLASSES) {
        const dot = swatch(colour, "#fff");
        dot.classList.add("dot");
        dot.style.width = dot.style.height = `${Math.round(radius * 2.4)}px`;
        row(list, [dot, text(t(`class_${cls}`))], "sub").dataset.class = cls;
      }
    }
    if (layer.id === "crossings") {
      const dot = swatch(CROSSING_COLOUR, CROSSING_COLOUR);
      dot.classList.add("dot");
      row(list, [dot, text(t("crossingsNote"), "note")], "sub");
    }
    if (layer.id === "sites") {
      for (const kind of Object.keys(SITE_KINDS)) {
        const n = counts.siteKinds?.[kind];
        if (!n) continue;
        const icon = drawSymbol(kind, 36);
        icon.className = "symbol";
        row(list, [icon, text(t(`kind_${kind}`)), text(number(n), "count")], "sub").dataset.kind = kind;
      }
      if (counts.sitesOut) {
        const faded = drawSymbol("", 36);
        faded.className = "symbol";
        faded.style.opacity = "0.4";
        row(list, [faded, text(t("outOfService")), text(number(counts.sitesOut), "count")], "sub").dataset.kind = "out";
      }
    }
  }
}
