// Aid on the dashboard: trucks a day by crossing and source against the pre-war reference, and food that arrived
// per person a day against the Sphere 2,100 kcal for the Strip and each region with records. Sources are drawn
// side by side, never added: UNRWA and COGAT count the same trucks differently.
import { dayNumber, escapeHtml, getJson } from "./api.js";
import { lineChart } from "./dashboard.js";
import { number, t } from "./i18n.js";

/** Trucks a working day into Gaza before October 2023, as the UN reported it. */
export const PRE_WAR_TRUCKS_PER_DAY = 500;

let loaded = null;

async function load() {
  const deliveries = await getJson("/api/planning/aid/deliveries?by=week,crossing");
  const scopes = [...new Set(deliveries.rows.map((r) => r.destination))].sort((a, b) => (a === "strip" ? -1 : b === "strip" ? 1 : a.localeCompare(b)));
  const gaps = await Promise.all(scopes.map((scope) => getJson(`/api/planning/aid/gap?scope=${encodeURIComponent(scope)}&by=month`)));
  return { deliveries, gaps };
}

const scopeName = (scope) => (scope === "strip" ? t("aidStrip") : scope);

/** Draws the aid charts into the container, or says that no delivery records are stored. */
export async function renderAid(container, asOf) {
  loaded ??= load().catch((error) => { loaded = null; throw error; });
  const { deliveries, gaps } = await loaded;
  container.replaceChildren();
  const heading = document.createElement("h3");
  heading.textContent = t("aidTitle");
  container.append(heading);
  if (deliveries.rows.length === 0) {
    const p = document.createElement("p");
    p.textContent = t("aidNone");
    container.append(p);
    return;
  }

  // Trucks a day per week, one line per source and crossing that entered the Strip.
  const lines = new Map();
  for (const r of deliveries.rows.filter((row) => row.destination === "strip")) {
    const key = `${r.source} · ${r.crossing}`;
    if (!lines.has(key)) lines.set(key, { key, label: key, points: [] });
    lines.get(key).points.push({ day: dayNumber(r.start), value: r.trucksPerDay });
  }
  const partial = deliveries.sources.flatMap((s) => s.caveats).filter((c, i, all) => all.indexOf(c) === i);
  lineChart(container, t("chartTrucks"), [...lines.values()], {
    reference: PRE_WAR_TRUCKS_PER_DAY, format: (v) => number(v), asOf,
    note: [t("chartTrucksNote"), ...partial].join(" "),
  });

  // kcal per person a day per month, one line per scope and source, against 2,100.
  const series = gaps.flatMap((gap) => {
    const bySource = new Map();
    for (const r of gap.rows) {
      if (!bySource.has(r.source)) bySource.set(r.source, { key: `${gap.scope}:${r.source}`, label: `${scopeName(gap.scope)} · ${r.source}`, points: [] });
      bySource.get(r.source).points.push({ day: dayNumber(r.start), value: r.kcalPerPersonPerDay });
    }
    return [...bySource.values()];
  });
  const lacking = gaps.flatMap((g) => g.missing);
  lineChart(container, t("chartKcal"), series, {
    reference: 2100, format: (v) => number(v), asOf,
    note: [t("chartKcalNote"), ...lacking.map((m) => t("lacking", { what: m }))].join(" "),
  });

  const table = document.createElement("table");
  table.className = "aid-compare";
  const rows = deliveries.comparisons.filter((c) => c.destination === "strip");
  if (rows.length > 0) {
    const sources = rows[0].sources.map((s) => s.source);
    table.innerHTML = `<caption>${escapeHtml(t("aidCompare", { difference: rows[0].difference }))}</caption>`
      + `<thead><tr><th scope="col">${escapeHtml(t("aidWeek"))}</th>${sources.map((s) => `<th scope="col">${escapeHtml(s)}</th>`).join("")}<th scope="col">${escapeHtml(t("aidDifference"))}</th></tr></thead>`
      + `<tbody>${rows.slice(-8).map((c) => `<tr><th scope="row"><bdi dir="ltr">${escapeHtml(c.period)}</bdi></th>${c.sources.map((s) => `<td><bdi dir="ltr">${s.covers ? number(s.trucks) : "—"}</bdi></td>`).join("")}<td><bdi dir="ltr">${number(c.trucksDifference)}</bdi></td></tr>`).join("")}</tbody>`;
    container.append(table);
  }
}

/** Forget what was loaded (after an import, or a language change that does not need it). */
export function reloadAid() {
  loaded = null;
}
