#!/usr/bin/env bash
# PWTT end to end: `haven assess` against a straight numpy/scipy implementation reading with GDAL
# (bench/pwtt_numpy.py), in one run, on the same files: SIZE x SIZE x 132 images (2 orbits x VV/VH x 33 dates),
# once as products are laid out (DEFLATE + floating-point predictor, 256-pixel tiles) and once uncompressed.
# Each tool runs RUNS times, alternating; the medians of wall time and the peak resident memory are reported,
# with the agreement of the two T maps, in bench/results/pwtt-vs-numpy.md. haven keeps the digests of its inputs
# between runs (in a cache folder of its own under WORK, emptied before each layout): its first run reads every input
# to hash it, later runs find the digests kept. Both are reported.
# Needs: .NET SDK, GNU time (/usr/bin/time), python3-numpy, python3-scipy and python3-gdal (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1000}
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/haven-vs-numpy}
PY=${PY:-/usr/bin/python3}
mkdir -p "$WORK" bench/results
# haven as a user installs it (README, "Installing the command"): published, compiled ahead of time.
dotnet publish src/Haven.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/haven" -v q -nologo >/dev/null
dotnet build -c Release -v q -nologo bench/Haven.Benchmarks >/dev/null
# The build servers the builds leave running would share the machine with the timed runs.
dotnet build-server shutdown >/dev/null 2>&1 || true
HAVEN="dotnet $WORK/haven/haven.dll"
export XDG_CACHE_HOME="$WORK/cache"
out=bench/results/pwtt-vs-numpy.md
{
  echo "# PWTT end to end: haven assess against numpy/scipy + GDAL"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dotnet --version) SDK; libdeflate $([ -e /usr/lib/x86_64-linux-gnu/libdeflate.so.0 ] && echo present || echo absent); numpy $($PY -c 'import numpy; print(numpy.__version__)'), scipy $($PY -c 'import scipy; print(scipy.__version__)'), GDAL $($PY -c 'from osgeo import gdal; print(gdal.__version__)')."
  echo "Stack: ${SIZE} x ${SIZE} pixels of 10 m, 132 images (2 orbits x VV/VH x 33 dates: 30 in the year before the event, 3 after), synthetic. Each tool ran ${RUNS} times, alternating, with the files in the page cache; wall time is the median, memory the largest peak resident set."
  echo
  echo "| layout | haven assess | numpy/scipy + GDAL | speed-up | target | haven's first run (inputs hashed) | haven peak memory | numpy peak memory |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$out.tmp"
agreement=""
maps=""
for layout in deflate-tiles strips; do
  stack="$WORK/$layout-$SIZE"
  dotnet bench/Haven.Benchmarks/bin/Release/net10.0/Haven.Benchmarks.dll stack-write "$SIZE" "$layout" "$stack"
  cat "$stack"/*.tif > /dev/null
  haven_times=(); numpy_times=(); haven_mem=0; numpy_mem=0; haven_maps=(); numpy_maps=()
  rm -rf "$XDG_CACHE_HOME"
  for run in $(seq "$RUNS"); do
    rm -rf "$WORK/out" "$WORK/haven.db"
    /usr/bin/time -f "%e %M" -o "$WORK/time" $HAVEN assess --stack "$stack/stack.csv" --event 2023-10-07 --inference 2023-10-15 \
      --buildings "$stack/buildings.geojson" --areas "$stack/areas.geojson" --out "$WORK/out" --db "$WORK/haven.db" --post-months 1 > "$WORK/haven.log"
    read -r seconds kb < "$WORK/time"; haven_times+=("$seconds"); (( kb > haven_mem )) && haven_mem=$kb
    # The T map alone, inside the same run: haven's band loop (reading included) and smoothing, from summary.json.
    haven_maps+=("$("$PY" -c "import json,sys; s=json.load(open(sys.argv[1]))['stage_seconds']; print(f\"{s['filter_and_test'] + s['smoothing']:.3f}\")" "$WORK/out/summary.json")")
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$PY" bench/pwtt_numpy.py "$stack/stack.csv" --event 2023-10-07 --inference 2023-10-15 \
      --buildings "$stack/buildings.geojson" --out "$WORK/numpy-t.tif" --post-months 1 --map-seconds "$WORK/numpy-map" > "$WORK/numpy.log"
    read -r seconds kb < "$WORK/time"; numpy_times+=("$seconds"); (( kb > numpy_mem )) && numpy_mem=$kb
    numpy_maps+=("$(cat "$WORK/numpy-map")")
    echo "$layout run $run: haven ${haven_times[-1]} s, numpy ${numpy_times[-1]} s"
  done
  h=$(printf '%s\n' "${haven_times[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  n=$(printf '%s\n' "${numpy_times[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  target=$([ "$layout" = strips ] && echo "≥ 20x" || echo "≥ 5x")
  echo "| $layout | $h s (runs: ${haven_times[*]}) | $n s (runs: ${numpy_times[*]}) | $(echo "scale=1; $n / $h" | bc)x | $target | ${haven_times[0]} s: $(echo "scale=1; $n / ${haven_times[0]}" | bc)x | $(( haven_mem / 1024 )) MB | $(( numpy_mem / 1024 )) MB |" >> "$out.tmp"
  hm=$(printf '%s\n' "${haven_maps[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  nm=$(printf '%s\n' "${numpy_maps[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  maps+="| $layout | $hm s (runs: ${haven_maps[*]}) | $nm s (runs: ${numpy_maps[*]}) | $(echo "scale=1; $nm / $hm" | bc)x |"$'\n'
  agreement+=$'\n'"**$layout**: $("$PY" bench/pwtt_numpy.py --compare "$WORK/out/t.tif" "$WORK/numpy-t.tif" | tr '\n' ' ')"$'\n'
  agreement+="haven: buildings $("$PY" -c "import json,sys; b=json.load(open(sys.argv[1]))['buildings']; print(b['total'], 'damaged', b['damaged'][0]['cumulative'])" "$WORK/out/summary.json"); numpy: $(cat "$WORK/numpy.log")"$'\n'
done
{
  echo
  echo "The T map alone, inside the same runs (reading, filtering, testing and smoothing; haven's from its summary.json, numpy's timed around its pwtt()). Not a target: for comparison with the end-to-end figures."
  echo
  echo "| layout | haven | numpy/scipy + GDAL | ratio |"
  echo "|---|---|---|---|"
  printf '%s' "$maps"
  echo
  echo "Agreement of the T maps (Haven's t.tif against the numpy script's), and what each called damaged:"
  echo "$agreement"
} >> "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
