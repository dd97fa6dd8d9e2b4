// Vendors the pinned MapLibre build from node_modules into web/vendor, which is committed so a fresh
// clone runs with the .NET SDK alone. The server's build copies web/src and web/vendor into its wwwroot.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "vendor", "maplibre-gl");
const dist = join(here, "node_modules", "maplibre-gl", "dist");

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const file of ["maplibre-gl.js", "maplibre-gl.css", "LICENSE.txt"]) {
  cpSync(join(dist, file), join(target, file));
}
console.log(`web: vendored MapLibre into ${target}`);
