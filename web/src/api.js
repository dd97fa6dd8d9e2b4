// Requests to the server's own origin. A refused request throws with the server's own explanation
// (the ProblemDetails detail), so the page can show it as it is.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = `HTTP ${response.status}`;
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not a problem document; keep the status
    }
    throw new ApiError(response.status, detail);
  }
  return response.json();
}

/** Days between two YYYY-MM-DD dates, and the date a number of days after one. */
export function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function isoFromDay(day) {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** A bounding box [[west, south], [east, north]] of a GeoJSON feature collection, feature or geometry. */
export function extentOf(value) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => {
    if (typeof c[0] === "number") {
      box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1]);
    } else c.forEach(visit);
  };
  const geometries = value.type === "FeatureCollection" ? value.features.map((f) => f.geometry)
    : value.type === "Feature" ? [value.geometry] : [value];
  for (const g of geometries) if (g) visit(g.coordinates);
  return [[box[0], box[1]], [box[2], box[3]]];
}

/**
 * A point inside a polygon or multipolygon to hang its label on: the middle of the widest horizontal run through
 * the largest part, at the height of that part's centre. Inside even for concave shapes.
 */
export function labelPoint(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  let best = null;
  let bestArea = -1;
  for (const rings of polygons) {
    const outer = rings[0];
    let area = 0;
    for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) area += (outer[j][0] * outer[i][1] - outer[i][0] * outer[j][1]);
    if (Math.abs(area) > bestArea) { bestArea = Math.abs(area); best = rings; }
  }
  if (!best) return null;
  const ys = best[0].map((c) => c[1]);
  const y = (Math.min(...ys) + Math.max(...ys)) / 2;
  const xs = [];
  for (const ring of best) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x1, y1] = ring[j]; const [x2, y2] = ring[i];
      if ((y1 <= y && y2 > y) || (y2 <= y && y1 > y)) xs.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
    }
  }
  xs.sort((a, b) => a - b);
  let run = [xs[0], xs[1]];
  for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1] - xs[i] > run[1] - run[0]) run = [xs[i], xs[i + 1]];
  return [(run[0] + run[1]) / 2, y];
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
