// Copies the page sources and the pinned MapLibre build into the server's wwwroot.
// The output is committed, so a fresh clone runs with the .NET SDK alone; rerun after changing web/src.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "Haven.Server", "wwwroot");
const lib = join(out, "lib", "maplibre-gl");
const dist = join(here, "node_modules", "maplibre-gl", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(lib, { recursive: true });
cpSync(join(here, "src"), out, { recursive: true });
for (const file of ["maplibre-gl.js", "maplibre-gl.css", "LICENSE.txt"]) {
  cpSync(join(dist, file), join(lib, file));
}
console.log(`web: wrote ${out}`);
