#!/usr/bin/env bash
# Alignment of a folder of OPERA-named bursts (15 bursts x 21 dates x VV/VH, each burst on its own 30 m grid,
# DEFLATE tiles; synthetic) onto one grid over an area of interest: `haven stack build` against gdalwarp doing
# the same job (one mosaic per date and polarisation, bilinear, same grid), in one run on the same files.
# gdalwarp runs as a user would script it, twice: a loop of one call per mosaic with -multi and all cores, and
# the same calls run $(nproc) at a time; the faster is the comparison. Writes bench/results/align-vs-gdalwarp.md.
# Needs: .NET SDK, gdal-bin, GNU time, python3-numpy and python3-gdal (for the agreement check).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/haven-align}
PY=${PY:-/usr/bin/python3}
dotnet build -c Release -v q -nologo src/Haven.Cli >/dev/null
dotnet build -c Release -v q -nologo bench/Haven.Benchmarks >/dev/null
dotnet bench/Haven.Benchmarks/bin/Release/net10.0/Haven.Benchmarks.dll burst-folder "$WORK"
HAVEN="dotnet src/Haven.Cli/bin/Release/net10.0/haven.dll"
products="$WORK/products"
cat "$products"/*.tif > /dev/null
files=$(ls "$products" | wc -l)
groups=$(ls "$products" | sed -E 's/.*-IW[123]_([0-9]{8})T.*_(VV|VH)\.tif/\1 \2/' | sort -u)

median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
haven=(); loop=(); parallel=()
for run in $(seq "$RUNS"); do
  rm -rf "$WORK/haven" "$WORK/gdal"
  /usr/bin/time -f "%e %M" -o "$WORK/time" $HAVEN stack build "$products" --aoi "$WORK/aoi.geojson" --out "$WORK/haven" > "$WORK/haven.log"
  read -r seconds kb < "$WORK/time"; haven+=("$seconds"); haven_kb=$kb
  # The grid Haven chose, given to gdalwarp: "EPSG:32636 WxH origin X,Y cell 30".
  grid=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['grid'])" "$WORK/haven/alignment.json")
  read -r epsg size origin cell <<< "$(echo "$grid" | sed -E 's/EPSG:([0-9]+) ([0-9]+)x([0-9]+) origin ([-0-9.E]+),([-0-9.E]+) cell ([0-9.]+)/\1 \2x\3 \4,\5 \6/')"
  w=${size%x*}; h=${size#*x}; x0=${origin%,*}; y0=${origin#*,}
  x1=$(echo "$x0 + $w * $cell" | bc); y1=$(echo "$y0 - $h * $cell" | bc)
  warp() { gdalwarp -q -overwrite -t_srs "EPSG:$epsg" -te "$x0" "$y1" "$x1" "$y0" -ts "$w" "$h" -r bilinear -srcnodata nan -dstnodata nan \
             -co TILED=YES -multi -wo NUM_THREADS=ALL_CPUS "$products"/*-IW?_"$1"T*_"$2".tif "$WORK/gdal/$1_$2.tif"; }
  export -f warp; export products epsg x0 y1 x1 y0 w h WORK
  mkdir -p "$WORK/gdal"
  start=$(date +%s.%N)
  while read -r d p; do warp "$d" "$p"; done <<< "$groups"
  loop+=("$(printf '%.2f' "$(echo "$(date +%s.%N) - $start" | bc)")")
  start=$(date +%s.%N)
  echo "$groups" | xargs -P "$(nproc)" -n 2 bash -c 'warp "$0" "$1"'
  parallel+=("$(printf '%.2f' "$(echo "$(date +%s.%N) - $start" | bc)")")
  echo "run $run: haven ${haven[-1]} s, gdalwarp loop ${loop[-1]} s, gdalwarp $(nproc) at a time ${parallel[-1]} s"
done
hm=$(median "${haven[@]}"); lm=$(median "${loop[@]}"); pm=$(median "${parallel[@]}")
best=$(printf '%s\n' "$lm" "$pm" | sort -g | head -1)
first=$(ls "$WORK/haven" | grep -m1 '_VV.tif$'); date=${first%%_*}
{
  echo "# Alignment of a folder of bursts: haven stack build against gdalwarp"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(gdalinfo --version)."
  echo "Folder: $files OPERA-named files (15 bursts x 21 dates x VV/VH; each burst 1,200 x 500 cells of 30 m on its own grid, DEFLATE + floating-point predictor, 512-pixel tiles; synthetic), aligned onto one ${w} x ${h} grid of ${cell} m (EPSG:${epsg}) over an area of interest: $(echo "$groups" | wc -l) mosaics. Files in the page cache; medians of ${RUNS} alternating runs."
  echo
  echo "| job | wall time | target |"
  echo "|---|---|---|"
  echo "| haven stack build (recognise, align, write the stack and manifest) | $hm s (runs: ${haven[*]}); peak memory $(( haven_kb / 1024 )) MB | no slower than gdalwarp |"
  echo "| gdalwarp, one call per mosaic in a loop, -multi, all cores | $lm s (runs: ${loop[*]}) | |"
  echo "| gdalwarp, the same calls $(nproc) at a time | $pm s (runs: ${parallel[*]}) | |"
  echo "| ratio (gdalwarp's faster way / haven) | $(echo "scale=2; $best / $hm" | bc)x | ≥ 1x |"
  echo
  echo "Agreement on one mosaic ($date VV), Haven's against gdalwarp's:"
  $PY bench/pwtt_numpy.py --compare "$WORK/haven/$first" "$WORK/gdal/${date}_VV.tif"
} > bench/results/align-vs-gdalwarp.md
cat bench/results/align-vs-gdalwarp.md
