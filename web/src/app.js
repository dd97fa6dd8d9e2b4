// Haven map page: draws every layer the server publishes, from the server's own origin only.
const maplibregl = window.maplibregl;

const SITE_COLOURS = {
  hospital: "#d62828",
  clinic: "#f77f00",
  shelter: "#6a4c93",
  school: "#1982c4",
  water_point: "#00b4d8",
  bakery: "#8d6e63",
  un_premises: "#4361ee",
  warehouse: "#6c757d",
};

const LAYERS = [
  { id: "areas", label: "Districts", swatch: { fill: "#f4f1de", line: "#3d405b" } },
  { id: "blocks", label: "Numbered blocks", swatch: { fill: "transparent", line: "#9a8c98" } },
  { id: "buildings", label: "Buildings (damaged in red)", swatch: { fill: "#5c5c5c", line: "#c1121f" }, tiles: true, dated: true },
  { id: "zones", label: "Protected / humanitarian zone", swatch: { fill: "rgba(46,196,182,0.35)", line: "#2ec4b6" }, dated: true },
  { id: "orders", label: "Under evacuation order", swatch: { fill: "rgba(230,57,70,0.3)", line: "#e63946" }, dated: true },
  { id: "sites", label: "Protected sites", sites: true },
];

const counts = {};
const state = { asOf: new Date().toISOString().slice(0, 10) };

const map = new maplibregl.Map({
  container: "map",
  style: {
    version: 8,
    sources: {},
    layers: [{ id: "sea", type: "background", paint: { "background-color": "#a8dadc" } }],
  },
  center: [33.87, 31.32],
  zoom: 11,
  attributionControl: false,
});
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
map.addControl(new maplibregl.ScaleControl({ unit: "metric", maxWidth: 150 }), "bottom-right");
map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: "Haven" }));
window.havenMap = map;

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// Buildings come as vector tiles (zoom 10 to 17), cut by the server for the selected date.
function tileUrl(id) {
  return `${window.location.origin}/tiles/${id}/{z}/{x}/{y}.mvt?asOf=${state.asOf}`;
}

function layerUrl(id, dated) {
  return dated ? `/api/layers/${id}?asOf=${state.asOf}` : `/api/layers/${id}`;
}

function addLayers() {
  map.addLayer({ id: "areas-fill", type: "fill", source: "areas", paint: { "fill-color": "#f4f1de" } });
  map.addLayer({ id: "blocks-line", type: "line", source: "blocks", paint: { "line-color": "#9a8c98", "line-width": 0.8 } });
  map.addLayer({ id: "blocks-fill", type: "fill", source: "blocks", paint: { "fill-color": "#000", "fill-opacity": 0 } });
  map.addLayer({
    id: "buildings-fill", type: "fill", source: "buildings", "source-layer": "buildings",
    paint: { "fill-color": ["match", ["get", "damage"], "damaged", "#c1121f", "intact", "#5c5c5c", "#8d99ae"] },
  });
  map.addLayer({ id: "zones-fill", type: "fill", source: "zones", paint: { "fill-color": "#2ec4b6", "fill-opacity": 0.35 } });
  map.addLayer({ id: "zones-line", type: "line", source: "zones", paint: { "line-color": "#2ec4b6", "line-width": 2.5 } });
  map.addLayer({ id: "orders-fill", type: "fill", source: "orders", paint: { "fill-color": "#e63946", "fill-opacity": 0.3 } });
  map.addLayer({ id: "orders-line", type: "line", source: "orders", paint: { "line-color": "#e63946", "line-width": 2, "line-dasharray": [2, 1] } });
  map.addLayer({ id: "areas-line", type: "line", source: "areas", paint: { "line-color": "#3d405b", "line-width": 2.5 } });
  const colour = ["match", ["get", "kind"]];
  for (const [kind, c] of Object.entries(SITE_COLOURS)) colour.push(kind, c);
  colour.push("#000");
  map.addLayer({
    id: "sites-circle", type: "circle", source: "sites",
    paint: {
      "circle-color": colour,
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 10, 4, 15, 9],
      "circle-stroke-color": "#fff",
      "circle-stroke-width": 1.5,
    },
  });
}

const LAYER_IDS = {
  areas: ["areas-fill", "areas-line"],
  blocks: ["blocks-line", "blocks-fill"],
  buildings: ["buildings-fill"],
  zones: ["zones-fill", "zones-line"],
  orders: ["orders-fill", "orders-line"],
  sites: ["sites-circle"],
};

function renderLegend() {
  const list = document.getElementById("legend-items");
  list.replaceChildren();
  for (const layer of LAYERS) {
    const item = document.createElement("li");
    const toggle = document.createElement("input");
    toggle.type = "checkbox";
    toggle.checked = map.getLayoutProperty(LAYER_IDS[layer.id][0], "visibility") !== "none";
    toggle.setAttribute("aria-label", `Show ${layer.label}`);
    toggle.addEventListener("change", () => {
      for (const id of LAYER_IDS[layer.id]) map.setLayoutProperty(id, "visibility", toggle.checked ? "visible" : "none");
    });
    item.append(toggle);
    if (!layer.sites) {
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = layer.swatch.fill;
      swatch.style.borderColor = layer.swatch.line;
      item.append(swatch);
    }
    const label = document.createElement("span");
    label.textContent = layer.label + (layer.dated ? ` (as of ${state.asOf})` : "");
    const count = document.createElement("span");
    count.className = "count";
    count.textContent = counts[layer.id] ?? "";
    item.append(label, count);
    item.dataset.layer = layer.id;
    list.append(item);
    if (layer.sites) {
      for (const [kind, c] of Object.entries(SITE_COLOURS)) {
        const n = counts.siteKinds?.[kind];
        if (!n) continue;
        const sub = document.createElement("li");
        sub.style.paddingInlineStart = "1.4rem";
        const dot = document.createElement("span");
        dot.className = "dot";
        dot.style.background = c;
        const text = document.createElement("span");
        text.textContent = kind.replace("_", " ");
        const subCount = document.createElement("span");
        subCount.className = "count";
        subCount.textContent = n;
        sub.append(dot, text, subCount);
        list.append(sub);
      }
    }
  }
}

async function loadDated() {
  for (const layer of LAYERS.filter((l) => l.dated)) {
    if (layer.tiles) {
      map.getSource(layer.id).setTiles([tileUrl(layer.id)]);
      continue;
    }
    const data = await getJson(layerUrl(layer.id, true));
    counts[layer.id] = data.features.length;
    map.getSource(layer.id).setData(data);
  }
  renderLegend();
}

function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function rows(pairs) {
  return `<table>${pairs.filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
}

function describe(feature) {
  const p = feature.properties;
  switch (feature.layer.id) {
    case "sites-circle":
      return `<h3>${escapeHtml(p.name_en)}</h3><div class="ar" dir="rtl" lang="ar">${escapeHtml(p.name_ar)}</div>`
        + rows([["Kind", p.kind.replace("_", " ")], ["Status", `${p.status} since ${p.status_since}`], ["Source", p.source]]);
    case "orders-fill": {
      const blocks = typeof p.blocks === "string" ? JSON.parse(p.blocks) : p.blocks;
      return `<h3>Evacuation order ${escapeHtml(p.id)}</h3>`
        + rows([["In force since", p.effective_from], ["Issued", p.issued_at], ["Blocks", blocks.join(", ")], ["Source", p.source]])
        + `<p>${escapeHtml(p.status_en)}</p><p class="ar" dir="rtl" lang="ar">${escapeHtml(p.status_ar)}</p>`;
    }
    case "zones-fill":
      return `<h3>${escapeHtml(p.name_en)}</h3><div class="ar" dir="rtl" lang="ar">${escapeHtml(p.name_ar)}</div>`
        + rows([["Kind", p.kind], ["Valid from", p.valid_from], ["Valid to", p.valid_to ?? "until further notice"], ["Version", p.version], ["Source", p.source]]);
    case "buildings-fill":
      return `<h3>Building ${escapeHtml(p.id)}</h3>` + rows([["Block", p.block], ["Damage", p.damage], ["As of", state.asOf]]);
    case "blocks-fill":
      return `<h3>Block ${escapeHtml(p.block)}</h3>` + rows([["District", p.pcode], ["Source", p.source]]);
    case "areas-fill":
      return `<h3>${escapeHtml(p.name_en)}</h3><div class="ar" dir="rtl" lang="ar">${escapeHtml(p.name_ar)}</div>`
        + rows([["P-code", p.pcode], ["Source", p.source]]);
    default:
      return "";
  }
}

const CLICKABLE = ["sites-circle", "orders-fill", "zones-fill", "buildings-fill", "blocks-fill", "areas-fill"];

map.on("click", (event) => {
  const features = map.queryRenderedFeatures(event.point, { layers: CLICKABLE.filter((id) => map.getLayer(id)) });
  if (features.length === 0) return;
  features.sort((a, b) => CLICKABLE.indexOf(a.layer.id) - CLICKABLE.indexOf(b.layer.id));
  new maplibregl.Popup({ maxWidth: "320px" })
    .setLngLat(event.lngLat)
    .setHTML(`<div class="popup">${describe(features[0])}</div>`)
    .addTo(map);
});
for (const id of CLICKABLE) {
  map.on("mouseenter", id, () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; });
}

function extentOf(collection) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => {
    if (typeof c[0] === "number") {
      box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1]);
    } else c.forEach(visit);
  };
  collection.features.forEach((f) => visit(f.geometry.coordinates));
  return [[box[0], box[1]], [box[2], box[3]]];
}

async function start() {
  const status = document.getElementById("status");
  try {
    const scenario = await getJson("/api/scenario");
    document.getElementById("scenario").textContent = scenario.name;
    document.getElementById("synthetic").hidden = !scenario.synthetic;
    document.title = `Haven — ${scenario.name}${scenario.synthetic ? " (synthetic)" : ""}`;
    const input = document.getElementById("as-of");
    input.value = state.asOf;
    input.addEventListener("change", async () => {
      if (!input.value) return;
      state.asOf = input.value;
      await loadDated();
    });

    const data = {};
    await Promise.all(LAYERS.filter((l) => !l.tiles).map(async (layer) => {
      data[layer.id] = await getJson(layerUrl(layer.id, layer.dated));
      counts[layer.id] = data[layer.id].features.length;
    }));
    counts.siteKinds = {};
    for (const f of data.sites.features) counts.siteKinds[f.properties.kind] = (counts.siteKinds[f.properties.kind] ?? 0) + 1;
    for (const layer of LAYERS) {
      map.addSource(layer.id, layer.tiles
        ? { type: "vector", tiles: [tileUrl(layer.id)], minzoom: 10, maxzoom: 17 }
        : { type: "geojson", data: data[layer.id] });
    }
    addLayers();
    renderLegend();
    if (data.areas.features.length > 0) map.fitBounds(extentOf(data.areas), { padding: 30, duration: 0 });
    map.once("idle", () => {
      status.textContent = `${counts.blocks} blocks · ${counts.sites} sites · click a feature for details`;
      document.body.dataset.ready = "true";
    });
  } catch (error) {
    status.textContent = `Could not load the map data: ${error.message}`;
    document.body.dataset.ready = "error";
    console.error(error);
  }
}

if (map.loaded()) start(); else map.on("load", start);
