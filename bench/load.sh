#!/usr/bin/env bash
# Load test: starts the server (Release) on 127.0.0.1 with the demo store, then runs wrk for 30 s against
# the coordinate lookup and against building tiles, and writes requests per second and latency percentiles
# to bench/results/load.md. Needs wrk (apt-get install wrk). The rate limit is turned off for the run.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-30s}"
threads="${THREADS:-1}"
connections="${CONNECTIONS:-32}"
port="${PORT:-5099}"
data="$(mktemp -d /tmp/haven-load.XXXXXX)"
out=bench/results/load.md

dotnet build src/Haven.Server -c Release -v q -nologo >/dev/null
Haven__DataDirectory="$data" Haven__PublicRequestsPerSecond=0 Logging__LogLevel__Default=Warning \
  dotnet src/Haven.Server/bin/Release/net10.0/Haven.Server.dll --urls "http://127.0.0.1:$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done

# Lua for wrk: spread requests over many points and tiles across the demo strip, and print percentiles.
cat >"$data/lookup.lua" <<'LUA'
local i = 0
request = function()
  i = i + 1
  local lat = 31.22 + (i % 97) * 0.0021
  local lon = 34.26 + (i % 89) * 0.0019
  return wrk.format("GET", string.format("/api/lookup?lat=%.5f&lon=%.5f&asOf=2024-02-01", lat, lon))
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
LUA
# Tiles at zoom 15 over the strip's extent, read from the running server's areas layer.
extent=$(curl -fs "http://127.0.0.1:$port/api/layers/areas" | python3 -c '
import json,sys
xs=[];ys=[]
def walk(c):
    if isinstance(c[0],(int,float)): xs.append(c[0]); ys.append(c[1])
    else: [walk(d) for d in c]
for f in json.load(sys.stdin)["features"]: walk(f["geometry"]["coordinates"])
print(min(xs),min(ys),max(xs),max(ys))')
sed "s/^done = .*//" "$data/lookup.lua" | sed -n '/^done/,$p' >/dev/null
cat >"$data/tiles.lua" <<LUA
local minx, miny, maxx, maxy = $(echo "$extent" | tr ' ' ',')
local z = 15
local n = 2 ^ z
local function tx(lon) return math.floor((lon + 180) / 360 * n) end
local function ty(lat) local r = math.rad(lat) return math.floor((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n) end
local x0, x1, y0, y1 = tx(minx), tx(maxx), ty(maxy), ty(miny)
local i = 0
request = function()
  i = i + 1
  local x = x0 + (i % (x1 - x0 + 1))
  local y = y0 + (math.floor(i / (x1 - x0 + 1)) % (y1 - y0 + 1))
  return wrk.format("GET", string.format("/tiles/buildings/%d/%d/%d.mvt?asOf=2024-02-01", z, x, y))
end
LUA
sed -n '/^done = /,$p' "$data/lookup.lua" >>"$data/tiles.lua"

run() { wrk -t"$threads" -c"$connections" -d"$duration" -s "$2" "http://127.0.0.1:$port" | grep '^RESULT' | sed "s/^RESULT/$1/"; }
# Warm up both paths (JIT, caches), then measure.
wrk -t1 -c8 -d5s -s "$data/lookup.lua" "http://127.0.0.1:$port" >/dev/null
wrk -t1 -c8 -d5s -s "$data/tiles.lua" "http://127.0.0.1:$port" >/dev/null
lookup=$(run lookup "$data/lookup.lua")
tiles=$(run tiles "$data/tiles.lua")

{
  echo "# Load: coordinate lookup and building tiles"
  echo
  echo "wrk ($threads thread, $connections connections, $duration each) against the Release server on 127.0.0.1, demo store (Sample Strip, synthetic), on $(nproc) cores shared with wrk. $(date -u +%Y-%m-%d)."
  echo
  echo "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | socket errors | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for line in "$lookup" "$tiles"; do
    set -- $line
    echo "| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"
  done
  echo
  echo "Targets: lookup at least 15,000 requests/s with p99 under 10 ms; tiles p95 under 20 ms; zero errors."
  echo
  echo "Lookups are answered from the in-memory protection lookup. Tiles (zoom 15, every tile over the strip in turn) are cut"
  echo "once per data refresh (every 15 s) and date that changes them, then served from memory; the p99 holds the re-cuts."
} >"$out"
cat "$out"
