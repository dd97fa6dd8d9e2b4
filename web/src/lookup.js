// One search box: coordinates ("31.52, 34.45"), a block number ("101", "block 101", "بلوك ١٠١") or a place name
// in Arabic or English. The answer is flown to and shown on a card: status, since when, nearest services.
import { escapeHtml, getJson } from "./api.js";
import { direction, distance, language, longDate, t } from "./i18n.js";

const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

/** Western digits for Arabic-Indic ones, and the Arabic comma and decimal separator as their Latin forms. */
export function normalise(text) {
  return text.trim()
    .replace(/[٠-٩]/g, (d) => String(ARABIC_DIGITS.indexOf(d)))
    .replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d)))
    .replace(/٫/g, ".").replace(/[،٬]/g, ",");
}

/** Degrees from one to three numbers (degrees, minutes, seconds); null when minutes or seconds are out of range. */
function degrees(chunk) {
  const parts = (chunk.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
  if (parts.length < 1 || parts.length > 3 || (parts[1] ?? 0) >= 60 || (parts[2] ?? 0) >= 60) return null;
  return parts[0] + (parts[1] ?? 0) / 60 + (parts[2] ?? 0) / 3600;
}

/**
 * Coordinates written with hemisphere letters, in decimal degrees or degrees-minutes-seconds, either order and
 * letters before or after: "31.33 N 34.37 E", "N31.33, E34.37", "31°19'48\"N 34°22'12\"E", "34.37E 31.33N".
 */
function lettered(q) {
  const text = q.toUpperCase().replace(/[°º˚]/g, " ").replace(/[′’']/g, " ").replace(/[″"]/g, " ");
  const after = text.match(/^([\d.\s]+?)\s*([NSEW])\s*[,;]?\s*([\d.\s]+?)\s*([NSEW])$/);
  const before = text.match(/^([NSEW])\s*([\d.\s]+?)\s*[,;]?\s*([NSEW])\s*([\d.\s]+?)$/);
  const m = after ? [after[1], after[2], after[3], after[4]] : before ? [before[2], before[1], before[4], before[3]] : null;
  if (!m) return null;
  const [a, ha, b, hb] = m;
  const isLat = (h) => h === "N" || h === "S";
  if (isLat(ha) === isLat(hb)) return null;
  const [latChunk, latH, lonChunk, lonH] = isLat(ha) ? [a, ha, b, hb] : [b, hb, a, ha];
  const lat = degrees(latChunk);
  const lon = degrees(lonChunk);
  if (lat === null || lon === null || lat > 90 || lon > 180) return null;
  return { lat: latH === "S" ? -lat : lat, lon: lonH === "W" ? -lon : lon };
}

/** What a search asks for: { lat, lon }, { block }, or { place }; null for an empty box. */
export function parseQuery(text) {
  const q = normalise(text);
  if (!q) return null;
  const pair = q.match(/^(-?\d{1,2}(?:\.\d+)?)\s*[,\s]\s*(-?\d{1,3}(?:\.\d+)?)$/);
  if (pair) {
    const lat = Number(pair[1]);
    const lon = Number(pair[2]);
    if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { lat, lon };
  }
  const withLetters = lettered(q);
  if (withLetters) return withLetters;
  const block = q.match(/^(?:block|blk|بلوك|مربع|حي)?\s*#?\s*(\d{1,6})$/i);
  if (block) return { block: Number(block[1]) };
  return { place: q };
}

export function lookupUrl(query, asOf) {
  const params = new URLSearchParams({ asOf });
  if (query.block !== undefined) params.set("block", query.block);
  else if (query.place !== undefined) params.set("place", query.place);
  else { params.set("lat", query.lat); params.set("lon", query.lon); }
  return `/api/lookup?${params}`;
}

export async function lookup(query, asOf) {
  return getJson(lookupUrl(query, asOf));
}

/** Places whose name matches, best first, with kind, area and location. */
export async function searchPlaces(text) {
  return (await getJson(`/api/search?${new URLSearchParams({ q: text, max: "12" })}`)).matches;
}

/** Whether a search is plain enough to go straight to its first match: one match, or one exact name above looser ones. */
export function clearWinner(matches) {
  return matches.length === 1 || (matches[0].rank === 0 && matches.filter((m) => m.rank === 0).length === 1);
}

/** The card listing several matches, each a button that looks its place up. */
export function choicesHtml(query, matches) {
  const ar = language() === "ar";
  const items = matches.map((m, i) => {
    const area = m.area ? (ar ? m.area.nameAr || m.area.nameEn : m.area.nameEn) : "";
    const kind = t(`kind_${m.kind}`) === `kind_${m.kind}` ? m.kind : t(`kind_${m.kind}`);
    return `<li><button type="button" class="choice" data-choice="${i}"><strong>${escapeHtml(ar ? m.nameAr || m.nameEn : m.nameEn || m.nameAr)}</strong>`
      + `<span>${escapeHtml([kind, area].filter(Boolean).join(" · "))}</span></button></li>`;
  }).join("");
  return `<h2 id="card-title">${escapeHtml(t("choicesTitle", { n: matches.length, query }))}</h2><ul class="choices">${items}</ul>`;
}

function serviceRow(label, site, kind) {
  if (!site) return "";
  const name = language() === "ar" ? site.nameAr || site.nameEn : site.nameEn;
  const dir = language() === "ar" ? site.directionAr : site.directionEn;
  // The name isolated (<bdi>), so its digits and the distance after it keep their own order in either direction.
  return `<li data-service="${kind}"><span class="service">${escapeHtml(label)}</span> <strong><bdi>${escapeHtml(name)}</bdi></strong>`
    + ` <span class="far">${escapeHtml(t("distance", { distance: distance(site.distanceMetres), direction: dir ?? direction(site.bearingDegrees) }))}</span></li>`;
}

/** The card's HTML for a lookup response. */
export function cardHtml(response, asOf) {
  const a = response.answer;
  const ar = language() === "ar";
  const hasBlock = a.block !== null && a.block !== undefined;
  // A place found by name is the title; the block it stands in comes under it.
  const title = response.place ?? (hasBlock ? t("cardBlock", { n: a.block }) : t("cardPoint", { lat: a.latitude.toFixed(5), lon: a.longitude.toFixed(5) }));
  const area = a.areas?.[0];
  if (a.coverage === "outside") {
    // Nothing Haven holds speaks for this place: say so, and nothing else.
    const swapped = a.swapped
      ? `<p>${escapeHtml(t("statusSwapped", { lat: a.swapped.latitude, lon: a.swapped.longitude }))}</p>`
        + `<button type="button" class="swapped" data-lat="${a.swapped.latitude}" data-lon="${a.swapped.longitude}">${escapeHtml(t("showSwapped", { lat: a.swapped.latitude, lon: a.swapped.longitude }))}</button>`
      : "";
    return `<h2 id="card-title">${escapeHtml(title)}</h2>`
      + `<p class="status-line unknown" data-status="outside"><strong>${escapeHtml(t("statusOutside"))}</strong><br><span>${escapeHtml(t("statusOutsideDetail"))}</span></p>`
      + swapped;
  }
  let status;
  if (a.underOrder) {
    status = `<p class="status-line danger" data-status="order"><strong>${escapeHtml(t("statusOrder"))}</strong> ${escapeHtml(t("since", { date: longDate(a.underOrder.since) }))}`
      + `<br><span>${escapeHtml(t("order", { id: a.underOrder.id }))}: ${escapeHtml(ar ? a.underOrder.statusAr : a.underOrder.statusEn)}</span></p>`;
  } else if (a.inZone) {
    const z = a.inZone;
    status = `<p class="status-line safe" data-status="zone"><strong>${escapeHtml(t("statusZone"))}</strong>: ${escapeHtml(ar ? z.nameAr || z.nameEn : z.nameEn)}`
      + ` ${escapeHtml(t("since", { date: longDate(z.since ?? z.validFrom) }))}</p>`;
  } else if (a.coverage === "outside_blocks") {
    status = `<p class="status-line unknown" data-status="unknown"><strong>${escapeHtml(t("statusOutsideBlocks"))}</strong><br><span>${escapeHtml(t("statusOutsideBlocksDetail"))}</span></p>`;
  } else if (a.ordersRecorded === false) {
    status = `<p class="status-line unknown" data-status="unknown"><strong>${escapeHtml(t("statusNoOrders"))}</strong><br><span>${escapeHtml(t("statusNoOrdersDetail"))}</span></p>`;
  } else {
    status = `<p class="status-line clear" data-status="clear"><strong>${escapeHtml(t("statusClear"))}</strong></p>`;
  }
  const zone = a.nearestZone && !a.inZone
    ? { ...a.nearestZone, directionEn: direction(a.nearestZone.bearingDegrees), directionAr: direction(a.nearestZone.bearingDegrees) } : null;
  const services = [
    serviceRow(t("nearestHealth"), a.nearestHealth, "health"),
    serviceRow(t("nearestWater"), a.nearestWater, "water"),
    serviceRow(t("nearestShelter"), a.nearestShelter, "shelter"),
    serviceRow(t("nearestZone"), zone, "zone"),
  ].join("");
  return `<h2 id="card-title">${escapeHtml(title)}</h2>`
    + (response.place && hasBlock ? `<p class="area">${escapeHtml(t("cardBlock", { n: a.block }))}</p>` : "")
    + (area ? `<p class="area">${escapeHtml(t("area"))}: ${escapeHtml(ar ? area.nameAr || area.nameEn : area.nameEn)}</p>` : "")
    + `<p class="asof">${escapeHtml(longDate(a.asOf ?? asOf))}</p>`
    + status
    + (services ? `<h3>${escapeHtml(t("nearest"))}</h3><ul class="services">${services}</ul>` : "")
    + `<details><summary>${escapeHtml(t("bulletin"))}</summary><p class="bulletin">${escapeHtml(ar ? response.bulletinAr : response.bulletinEn)}</p></details>`;
}
