// Vendors what the map page needs from node_modules into web/vendor, which is committed so a fresh clone runs
// with the .NET SDK alone (the server's build copies web/src and web/vendor into its wwwroot):
//   - MapLibre GL JS and its stylesheet;
//   - the right-to-left text plugin (Arabic shaping and bidi for map labels);
//   - map label glyphs: signed-distance-field PBF ranges cut from Noto Sans and Noto Sans Arabic, so labels draw
//     with no font server. Each code point is taken from Noto Sans Arabic when it has it, else from Noto Sans.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import opentype from "opentype.js";
import { PbfWriter } from "pbf";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "vendor");

function copy(from, to, files) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const file of files) cpSync(join(from, file), join(to, basename(file)));
}

copy(join(modules, "maplibre-gl", "dist"), join(vendor, "maplibre-gl"), ["maplibre-gl.js", "maplibre-gl.css", "LICENSE.txt"]);
copy(join(modules, "@mapbox", "mapbox-gl-rtl-text"), join(vendor, "rtl-text"), ["dist/mapbox-gl-rtl-text.js", "LICENSE.md"]);

// Glyphs, as MapLibre expects them: 24 px em, a 3 px border, distance radius 8 px with the edge at 0.25 (value 191).
export const FONTSTACK = "HavenSans";
const SIZE = 24;
const BORDER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
const ASCENT = 26; // glyph tops are measured from this line above the baseline, as for Noto Sans at 24 px

const font = (pkg, file) => opentype.parse(readFileSync(join(modules, "@expo-google-fonts", pkg, "400Regular", file)).buffer);
const fonts = [font("noto-sans-arabic", "NotoSansArabic_400Regular.ttf"), font("noto-sans", "NotoSans_400Regular.ttf")];

/** The glyph's outline in pixels (y up) as closed polylines, curves flattened. */
function outline(glyph, scale) {
  const rings = [];
  let ring = [];
  let x = 0;
  let y = 0;
  const to = (nx, ny) => { ring.push([nx * scale, ny * scale]); x = nx; y = ny; };
  for (const c of glyph.path.commands) {
    if (c.type === "M") { if (ring.length) rings.push(ring); ring = []; to(c.x, c.y); }
    else if (c.type === "L") to(c.x, c.y);
    else if (c.type === "Q") {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= 8; i++) {
        const t = i / 8; const u = 1 - t;
        to(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
      }
    } else if (c.type === "C") {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= 10; i++) {
        const t = i / 10; const u = 1 - t;
        to(u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y);
      }
    } else if (c.type === "Z") { if (ring.length) rings.push(ring); ring = []; }
  }
  if (ring.length) rings.push(ring);
  return rings;
}

/** Signed distance field of one glyph; null for a glyph with no outline (a space). */
function rasterize(glyph, scale) {
  const rings = outline(glyph, scale);
  const advance = Math.round(glyph.advanceWidth * scale);
  if (rings.length === 0) return { width: 0, height: 0, left: 0, top: -ASCENT, advance, bitmap: new Uint8Array(0) };
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings) for (const [px, py] of r) { minX = Math.min(minX, px); minY = Math.min(minY, py); maxX = Math.max(maxX, px); maxY = Math.max(maxY, py); }
  const left = Math.floor(minX);
  const top = Math.ceil(maxY);
  const width = Math.max(1, Math.ceil(maxX) - left);
  const height = Math.max(1, top - Math.floor(minY));
  const w = width + 2 * BORDER;
  const h = height + 2 * BORDER;
  const bitmap = new Uint8Array(w * h);
  const segments = [];
  for (const r of rings) for (let i = 0; i < r.length; i++) segments.push([r[i], r[(i + 1) % r.length]]);
  for (let j = 0; j < h; j++) {
    const py = top + BORDER - j - 0.5;
    for (let i = 0; i < w; i++) {
      const px = left - BORDER + i + 0.5;
      let best = Infinity;
      let winding = 0;
      for (const [[ax, ay], [bx, by]] of segments) {
        const dx = bx - ax; const dy = by - ay;
        const len = dx * dx + dy * dy;
        const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
        const ex = ax + t * dx - px; const ey = ay + t * dy - py;
        best = Math.min(best, ex * ex + ey * ey);
        if (ay <= py) { if (by > py && dx * (py - ay) - (px - ax) * dy > 0) winding++; }
        else if (by <= py && dx * (py - ay) - (px - ax) * dy < 0) winding--;
      }
      const d = Math.sqrt(best) * (winding !== 0 ? -1 : 1);
      bitmap[j * w + i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))));
    }
  }
  return { width, height, left, top: top - ASCENT, advance, bitmap };
}

function writeRange(start, glyphs) {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_, p) => {
    p.writeStringField(1, FONTSTACK);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (const g of glyphs) {
      p.writeMessage(3, (__, q) => {
        q.writeVarintField(1, g.id);
        if (g.bitmap.length) q.writeBytesField(2, g.bitmap);
        q.writeVarintField(3, g.width);
        q.writeVarintField(4, g.height);
        q.writeSVarintField(5, g.left);
        q.writeSVarintField(6, g.top);
        q.writeVarintField(7, g.advance);
      });
    }
  });
  return pbf.finish();
}

const glyphTarget = join(vendor, "glyphs", FONTSTACK);
rmSync(join(vendor, "glyphs"), { recursive: true, force: true });
mkdirSync(glyphTarget, { recursive: true });
const byRange = new Map();
// Latin (basic, supplements, extended, punctuation) and Arabic (with its supplements and presentation forms, which the
// RTL plugin shapes text into): the scripts of place names here. A label in another script draws without those letters.
const RANGES = [0x0000, 0x0100, 0x0200, 0x0600, 0x0700, 0x0800, 0x1e00, 0x2000, 0xfb00, 0xfc00, 0xfd00, 0xfe00];
for (const cp of RANGES.flatMap((start) => Array.from({ length: 256 }, (_, i) => start + i))) {
  const owner = fonts.find((f) => f.tables.cmap.glyphIndexMap[cp] !== undefined);
  if (!owner) continue;
  const glyph = owner.charToGlyph(String.fromCharCode(cp));
  const start = cp - (cp % 256);
  if (!byRange.has(start)) byRange.set(start, []);
  byRange.get(start).push({ id: cp, ...rasterize(glyph, SIZE / owner.unitsPerEm) });
}
for (const [start, glyphs] of byRange) writeFileSync(join(glyphTarget, `${start}-${start + 255}.pbf`), writeRange(start, glyphs));
cpSync(join(modules, "@expo-google-fonts", "noto-sans-arabic", "LICENSE_FONT"), join(vendor, "glyphs", "LICENSE-NotoSans-OFL.txt"));
console.log(`web: vendored MapLibre, the RTL text plugin and ${byRange.size} glyph ranges into ${vendor}`);
