// The dashboard: per area, as of the selected date, a table (structures, damaged share with its interval, people
// and displaced, density, m² per person against 45) and charts of the same over time; what is shown downloads as
// CSV or GeoJSON. Figures come from /api/planning/trends, which the server computes from the stored data.
import { dayNumber, escapeHtml, getJson } from "./api.js";
import { language, longDate, number, percent, t } from "./i18n.js";

const PALETTE = ["#1d3557", "#e76f51", "#2a9d8f", "#9b5de5", "#f4a261", "#457b9d", "#e63946", "#6a994e"];

let trends = [];

/** Figures per area for each date something changes from <first> to <last> (the date slider's range). */
export async function loadTrends(first, last) {
  trends = await getJson(`/api/planning/trends?from=${first}&to=${last}`);
  return trends;
}

/** Each area's row on the latest trend date on or before the date. */
export function rowsAsOf(asOf) {
  const latest = new Map();
  for (const r of trends) {
    if (r.date > asOf) continue;
    const seen = latest.get(r.code);
    if (!seen || seen.date < r.date) latest.set(r.code, r);
  }
  return [...latest.values()].sort((a, b) => a.code.localeCompare(b.code));
}

const name = (r) => (language() === "ar" ? r.nameAr || r.nameEn : r.nameEn);

function interval(r) {
  if (r.damagedShare === null || r.damagedShare === undefined) return "—";
  return `${percent(r.damagedShare)} (${percent(r.lower95)}–${percent(r.upper95)})`;
}

/** The table's columns: heading key, cell text, and the CSV header and value of the same figure. */
// Rounded as the server's HXL CSV rounds: shares to 4 decimals, other figures to 1.
const r4 = (v) => (v === null || v === undefined ? v : Math.round(v * 1e4) / 1e4);
const r1 = (v) => (v === null || v === undefined ? v : Math.round(v * 10) / 10);

/**
 * The table's columns: heading key, cell text, and the CSV header, HXL tag and value of the same figure. Headers and
 * tags are those of the server's CSV (/api/planning/trends?format=csv), so both downloads read the same.
 */
const COLUMNS = [
  { key: "dashArea", cell: name, csv: [["code", "#adm1+code", (r) => r.code], ["name", "#adm1+name+i_en", (r) => r.nameEn], ["name_ar", "#adm1+name+i_ar", (r) => r.nameAr], ["date", "#date", (r) => r.date]] },
  { key: "dashStructures", cell: (r) => number(r.structures), csv: [["structures", "#indicator+structures+total", (r) => r.structures]] },
  { key: "dashDamaged", cell: interval, csv: [["damaged_share", "#indicator+damaged+pct", (r) => r4(r.damagedShare)], ["damaged_share_lower95", "#indicator+damaged+pct+lower", (r) => r4(r.lower95)],
    ["damaged_share_upper95", "#indicator+damaged+pct+upper", (r) => r4(r.upper95)], ["damage_date", "#date+damage", (r) => r.damageDate]] },
  { key: "dashPeople", cell: (r) => number(r.people), csv: [["people", "#population", (r) => r.people]] },
  // In and out in columns of their own: a pair of numbers would read the other way round under a right-to-left heading.
  { key: "dashDisplacedIn", cell: (r) => number(r.displacedIn), csv: [["displaced_in", "#population+idps+in", (r) => r.displacedIn]] },
  { key: "dashDisplacedOut", cell: (r) => number(r.displacedOut), csv: [["displaced_out", "#population+idps+out", (r) => r.displacedOut]] },
  { key: "dashDensity", cell: (r) => number(r.peoplePerKm2), csv: [["people_per_km2", "#population+density", (r) => r1(r.peoplePerKm2)]] },
  { key: "dashSpace", cell: (r) => number(r.usableM2PerPerson, 1), csv: [["usable_m2_per_person", "#indicator+m2_per_person", (r) => r1(r.usableM2PerPerson)],
    ["standard_m2_per_person", "#indicator+m2_per_person+standard", (r) => r.standardM2PerPerson]] },
  // UNOSAT counts damaged sites, not a share of structures; "—" where no UNOSAT layer had read the area by the date.
  { key: "dashUnosat", cell: (r) => (r.unosatDamaged === null || r.unosatDamaged === undefined ? "—" : `${number(r.unosatDamaged)} (${r.unosatDate})`),
    csv: [["unosat_sites", "#indicator+sites+unosat", (r) => r.unosatSites], ["unosat_damaged", "#indicator+damaged+unosat", (r) => r.unosatDamaged],
      ["unosat_date", "#date+unosat", (r) => r.unosatDate], ["unosat_layer", "#meta+source+unosat", (r) => r.unosatLayer]] },
];

export function renderTable(container, asOf) {
  const rows = rowsAsOf(asOf);
  container.querySelector("#dash-title").textContent = t("dashTitle", { date: longDate(asOf) });
  const table = container.querySelector("#dash-table");
  if (rows.length === 0) {
    table.innerHTML = `<caption>${escapeHtml(t("dashNoData"))}</caption>`;
    return rows;
  }
  const head = `<thead><tr>${COLUMNS.map((c) => `<th scope="col">${escapeHtml(t(c.key))}</th>`).join("")}</tr></thead>`;
  const body = rows.map((r) => {
    const below = r.usableM2PerPerson !== null && r.usableM2PerPerson < r.standardM2PerPerson;
    return `<tr data-area="${escapeHtml(r.code)}">${COLUMNS.map((c, i) => {
      const cls = c.key === "dashSpace" && below ? ' class="below" title="' + escapeHtml(t("dashBelow")) + '"' : "";
      // Figures keep left-to-right order inside a right-to-left table.
      return i === 0 ? `<th scope="row">${escapeHtml(c.cell(r))}</th>` : `<td${cls}><bdi dir="ltr">${escapeHtml(c.cell(r))}</bdi></td>`;
    }).join("")}</tr>`;
  }).join("");
  table.innerHTML = head + `<tbody>${body}</tbody>`;
  return rows;
}

const csvCell = (v) => (v === null || v === undefined ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** The table as CSV with an HXL row, behind a UTF-8 byte order mark so spreadsheets read the Arabic names right. */
export function tableCsv(rows) {
  const fields = COLUMNS.flatMap((c) => c.csv);
  return "\uFEFF" + [fields.map(([h]) => h).join(","), fields.map(([, tag]) => tag).join(","),
    ...rows.map((r) => fields.map(([, , f]) => csvCell(f(r))).join(","))].join("\n") + "\n";
}

export function tableGeoJson(rows, areas) {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return {
    type: "FeatureCollection",
    features: areas.features.filter((f) => byCode.has(f.properties.pcode)).map((f) => {
      const r = byCode.get(f.properties.pcode);
      const properties = {};
      for (const [h, , get] of COLUMNS.flatMap((c) => c.csv)) properties[h] = get(r) ?? null;
      return { type: "Feature", geometry: f.geometry, properties };
    }),
  };
}

export function download(filename, text, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

const SVG = "http://www.w3.org/2000/svg";

function el(tag, attributes, parent) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  parent?.append(e);
  return e;
}

/**
 * A step-line chart over time. Each series is { label, points: [{ day, value, low, high }] }: a figure holds until
 * the next point. `band` draws each series' low–high interval, `reference` a dashed horizontal line, and a
 * vertical line marks the selected date. Returns the figure, or null when there is nothing to draw.
 */
export function lineChart(container, title, series, { band = false, reference, format, asOf, note, attribute = "data-series" }) {
  const W = 460; const H = 170; const L = 52; const R = 10; const T = 10; const B = 24;
  const figure = document.createElement("figure");
  figure.className = "chart";
  const caption = document.createElement("figcaption");
  caption.textContent = title;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title, style: "direction: ltr" });
  figure.append(caption, svg);
  container.append(figure);

  const drawn = series.map((s) => ({ ...s, points: s.points.filter((p) => p.value !== null && p.value !== undefined).sort((a, b) => a.day - b.day) }));
  const all = drawn.flatMap((s) => s.points);
  const days = series.flatMap((s) => s.points.map((p) => p.day));
  if (all.length === 0 || days.length === 0) return figure;
  const [d0, d1] = [Math.min(...days), Math.max(...days)];
  const highs = all.map((p) => (band ? p.high ?? p.value : p.value));
  if (reference !== undefined) highs.push(reference);
  const top = Math.max(...highs) * 1.08 || 1;
  const x = (d) => L + ((d - d0) / Math.max(1, d1 - d0)) * (W - L - R);
  const y = (v) => T + (1 - v / top) * (H - T - B);

  for (let i = 0; i <= 4; i++) {
    const v = (top / 4) * i;
    el("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#dee2e6" }, svg);
    el("text", { x: L - 4, y: y(v) + 3, "text-anchor": "end", "font-size": 9, fill: "#555" }, svg).textContent = format(v);
  }
  for (const d of [d0, d1]) {
    el("text", { x: x(d), y: H - 8, "text-anchor": d === d0 ? "start" : "end", "font-size": 9, fill: "#555" }, svg).textContent = new Date(d * 86_400_000).toISOString().slice(0, 10);
  }
  if (reference !== undefined) el("line", { x1: L, x2: W - R, y1: y(reference), y2: y(reference), stroke: "#c1121f", "stroke-dasharray": "5 3", "data-reference": reference }, svg);

  drawn.forEach((s, i) => {
    if (s.points.length === 0) return;
    const colour = PALETTE[i % PALETTE.length];
    if (band) {
      const upper = s.points.map((p) => `${x(p.day)},${y(p.high ?? p.value)}`);
      const lower = s.points.map((p) => `${x(p.day)},${y(p.low ?? p.value)}`).reverse();
      el("polygon", { points: [...upper, ...lower].join(" "), fill: colour, "fill-opacity": 0.18, stroke: "none" }, svg);
    }
    // A step line: each figure holds until the next date it changes.
    let path = "";
    s.points.forEach((p, j) => { path += j === 0 ? `M${x(p.day)},${y(p.value)}` : `H${x(p.day)}V${y(p.value)}`; });
    path += `H${x(s.until ?? d1)}`;
    el("path", { d: path, fill: "none", stroke: colour, "stroke-width": 2, [attribute]: s.key ?? s.label }, svg);
  });
  const now = dayNumber(asOf);
  if (now >= d0 && now <= d1) el("line", { x1: x(now), x2: x(now), y1: T, y2: H - B, stroke: "#000", "stroke-width": 1 }, svg);

  const key = document.createElement("p");
  key.className = "chart-key";
  drawn.forEach((s, i) => {
    const item = document.createElement("span");
    item.innerHTML = `<i style="background:${PALETTE[i % PALETTE.length]}"></i>${escapeHtml(s.label)}`;
    key.append(item);
  });
  figure.append(key);
  if (note) {
    const p = document.createElement("p");
    p.className = "chart-note";
    p.textContent = note;
    figure.append(p);
  }
  return figure;
}

/** A chart of one trend figure, one line per area. */
function chart(container, titleKey, value, { band, reference, format, asOf }) {
  const codes = [...new Set(trends.map((r) => r.code))].sort();
  const series = codes.map((code) => {
    const rows = trends.filter((r) => r.code === code);
    return { key: code, label: name(rows[0]), points: rows.map((r) => ({ day: dayNumber(r.date), value: value(r), low: band?.(r)[0], high: band?.(r)[1] })) };
  });
  // Every area's line runs to the last trend date.
  const last = Math.max(...trends.map((r) => dayNumber(r.date)));
  return lineChart(container, t(titleKey), series.map((s) => ({ ...s, until: last })), { band: Boolean(band), reference, format, asOf, attribute: "data-area" });
}

export function renderCharts(container, asOf) {
  container.replaceChildren();
  chart(container, "chartDamage", (r) => r.damagedShare, { band: (r) => [r.lower95, r.upper95], format: (v) => percent(v, 0), asOf });
  if (trends.some((r) => r.unosatDamaged !== null && r.unosatDamaged !== undefined)) {
    chart(container, "chartUnosat", (r) => r.unosatDamaged, { format: (v) => number(v), asOf });
  }
  chart(container, "chartPeople", (r) => r.people, { format: (v) => number(v), asOf });
  const standard = trends.find((r) => r.standardM2PerPerson)?.standardM2PerPerson ?? 45;
  chart(container, "chartSpace", (r) => r.usableM2PerPerson, { reference: standard, format: (v) => number(v), asOf });
}
