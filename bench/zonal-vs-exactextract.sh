#!/usr/bin/env bash
# Zonal statistics as a whole process: `haven zonal` against exactextract's command line, in one run, on the same
# files: a 2,000 x 2,000 Float32 GeoTIFF in UTM zone 36N (256-pixel tiles; once DEFLATE with the floating-point
# predictor, once uncompressed) and 30,000 rotated rectangles 8-25 m a side in a GeoPackage (bench/zonal_workload.py).
# Each tool runs RUNS times, alternating; CPU time (user + system), wall time and peak resident memory are reported
# (medians; memory the largest), with the largest difference between the two tools' means, in
# bench/results/zonal-vs-exactextract.md.
# Needs: .NET SDK, GNU time, python3-gdal and python3-numpy (Debian), and exactextract's command line: set
# EXACTEXTRACT to its binary (built from https://github.com/isciences/exactextract with cmake; Debian's
# libgdal-dev and libgeos-dev provide what it links to).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
WORK=${WORK:-/tmp/haven-zonal-bench}
PY=${PY:-/usr/bin/python3}
EXACTEXTRACT=${EXACTEXTRACT:-exactextract}
STATS=${STATS:-mean}
command -v "$EXACTEXTRACT" >/dev/null || { echo "exactextract not found: set EXACTEXTRACT to its binary" >&2; exit 2; }
mkdir -p "$WORK" bench/results
dotnet publish src/Haven.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/haven" -v q -nologo >/dev/null
# The build servers the publish leaves running would share the machine with the timed runs.
dotnet build-server shutdown >/dev/null 2>&1 || true
HAVEN="dotnet $WORK/haven/haven.dll"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
out=bench/results/zonal-vs-exactextract.md
{
  echo "# Zonal statistics as a whole process: haven zonal against exactextract"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dotnet --version) SDK; $("$EXACTEXTRACT" --help | head -1 | sed 's/.*version/exactextract/'); GDAL $($PY -c 'from osgeo import gdal; print(gdal.__version__)')."
  echo "Workload: 2,000 x 2,000 Float32 cells of 10 m in EPSG:32636, 256-pixel tiles; 30,000 rotated rectangles 8-25 m a side in a GeoPackage (EPSG:32636); statistics: $STATS. Synthetic. Each tool ran $RUNS times, alternating, files in the page cache; times are medians, memory the largest peak resident set."
  echo
  echo "| raster layout | tool | CPU (user + system) | wall | peak memory |"
  echo "|---|---|---|---|---|"
} > "$out.tmp"
agreement=""
for layout in deflate uncompressed; do
  dir="$WORK/$layout"
  mkdir -p "$dir"
  [ -f "$dir/polygons.gpkg" ] || "$PY" bench/zonal_workload.py "$dir" $([ "$layout" = uncompressed ] && echo --uncompressed)
  cat "$dir"/* > /dev/null
  declare -A cpu wall mem
  for tool in haven exactextract; do cpu[$tool]=""; wall[$tool]=""; mem[$tool]=0; done
  for run in $(seq "$RUNS"); do
    for tool in haven exactextract; do
      if [ "$tool" = haven ]; then
        cmd=($HAVEN zonal -r "$dir/raster.tif" -p "$dir/polygons.gpkg" --stats "$STATS" --out "$dir/haven.csv")
      else
        cmd=("$EXACTEXTRACT" -r "$dir/raster.tif" -p "$dir/polygons.gpkg" -f id -s "$STATS" -o "$dir/exactextract.csv")
      fi
      /usr/bin/time -f "%U %S %e %M" -o "$WORK/time" "${cmd[@]}" > /dev/null
      read -r user sys elapsed kb < "$WORK/time"
      cpu[$tool]+="$(printf '%.2f' "$(echo "$user + $sys" | bc)") "; wall[$tool]+="$elapsed "; (( kb > mem[$tool] )) && mem[$tool]=$kb
    done
  done
  for tool in haven exactextract; do
    echo "| $layout | $tool | $(echo ${cpu[$tool]} | tr ' ' '\n' | median) s (runs: ${cpu[$tool]% }) | $(echo ${wall[$tool]} | tr ' ' '\n' | median) s | $(( mem[$tool] / 1024 )) MiB |" >> "$out.tmp"
  done
  agreement+="**$layout**: $("$PY" - "$dir/haven.csv" "$dir/exactextract.csv" <<'PYEOF'
import csv, sys
h = {r["id"].strip('"'): r for r in csv.DictReader(open(sys.argv[1]))}
e = {r["id"].strip('"'): r for r in csv.DictReader(open(sys.argv[2]))}
cols = [c for c in next(iter(e.values())).keys() if c != "id"]
worst = max(abs(float(h[k][c]) - float(e[k][c])) for k in e for c in cols if e[k][c] not in ("", "nan") and h[k][c] != "")
print(f"{len(h):,} rows from haven, {len(e):,} from exactextract; largest difference {worst:.1e}")
PYEOF
)"$'\n'
done
{
  echo
  echo "Agreement of the statistics, polygon by polygon:"
  echo
  echo "$agreement"
} >> "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
