#!/usr/bin/env bash
# The same answer as the published method: Haven's building ROC AUC against bench/pwtt_numpy.py (the paper's
# formulas written straight in numpy/scipy, reading with GDAL) on the same stack and the same labels.
# The stack is the Sample Strip (synthetic); the labels are damage points (UNOSAT class 1) at the destroyed
# buildings, tied to buildings within 10 m as in the paper; the AUC is area-weighted with ties counted half.
# Writes bench/results/auc-vs-numpy.md. Needs: .NET SDK, python3-numpy, python3-scipy and python3-gdal (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/haven-auc}
PY=${PY:-/usr/bin/python3}
SEEDS=${SEEDS:-"1 2 3"}
rm -rf "$WORK"; mkdir -p "$WORK" bench/results
dotnet build -c Release -v q -nologo src/Haven.Cli >/dev/null
HAVEN="dotnet src/Haven.Cli/bin/Release/net10.0/haven.dll"
out=bench/results/auc-vs-numpy.md
{
  echo "# Building ROC AUC: haven assess against the paper's formulas in numpy/scipy"
  echo
  echo "Sample Strip (synthetic), default windows (12 months before the event, 2 months from the inference date), inference 2023-10-15."
  echo "Labels: a damage point at every destroyed building, tied to buildings within 10 m; AUC area-weighted, ties half."
  echo "Haven scores a building by the coverage-weighted mean of T over its footprint; the numpy script by the mean over the cells whose centres it holds (GDAL's rasterizer)."
  echo
  echo "| seed | haven AUC | numpy AUC | difference | target |"
  echo "|---|---|---|---|---|"
} > "$out.tmp"
worst=0
for seed in $SEEDS; do
  strip="$WORK/strip-$seed"
  $HAVEN simulate --out "$strip" --seed "$seed" > /dev/null
  "$PY" - "$strip" <<'PYEOF'
import csv, json, sys
strip = sys.argv[1]
destroyed = {row[0] for row in list(csv.reader(open(f"{strip}/truth/destroyed_buildings.csv")))[2:]}
features = []
for f in json.load(open(f"{strip}/buildings.geojson"))["features"]:
    if str(f["properties"]["id"]) in destroyed:
        ring = f["geometry"]["coordinates"][0][:-1]
        x = sum(p[0] for p in ring) / len(ring); y = sum(p[1] for p in ring) / len(ring)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": {"Main_Damage_Site_Class": 1}})
json.dump({"type": "FeatureCollection", "features": features}, open(f"{strip}/damage-points.geojson", "w"))
PYEOF
  $HAVEN assess --stack "$strip/radar/stack.csv" --event 2023-10-07 --inference 2023-10-15 --buildings "$strip/buildings.geojson" \
    --areas "$strip/areas.geojson" --labels "$strip/damage-points.geojson" --out "$strip/out" --db "$strip/haven.db" > /dev/null
  haven_auc=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['validation'][0]['metrics']['roc_auc'])" "$strip/out/summary.json")
  numpy_auc=$("$PY" bench/pwtt_numpy.py "$strip/radar/stack.csv" --event 2023-10-07 --inference 2023-10-15 --buildings "$strip/buildings.geojson" \
    --labels "$strip/damage-points.geojson" | sed -n 's/.*ROC AUC: //p')
  diff=$("$PY" -c "print(f'{abs($haven_auc - $numpy_auc):.4f}')")
  echo "| $seed | $(printf '%.4f' "$haven_auc") | $numpy_auc | $diff | ≤ 0.005 |" >> "$out.tmp"
  worst=$("$PY" -c "print(max($worst, $diff))")
done
echo >> "$out.tmp"
echo "Largest difference: $worst (target ≤ 0.005)." >> "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
