#!/usr/bin/env bash
# Soak test: starts the Release server on 127.0.0.1 with the demo store, then runs wrk for 5 minutes with a
# mix of coordinate lookups, building tiles, dated layers and SMS messages, sampling the server's resident
# memory every 5 s and counting errors. Writes bench/results/soak.md (figures), soak-rss.csv (the samples)
# and soak-rss.svg (a chart of them). Needs wrk (apt-get install wrk). The rate limit is off for the run.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-300}"
threads="${THREADS:-1}"
connections="${CONNECTIONS:-32}"
port="${PORT:-5098}"
data="$(mktemp -d /tmp/haven-soak.XXXXXX)"
results=bench/results

dotnet build src/Haven.Server -c Release -v q -nologo >/dev/null
Haven__DataDirectory="$data" Haven__PublicRequestsPerSecond=0 Logging__LogLevel__Default=Warning \
  dotnet src/Haven.Server/bin/Release/net10.0/Haven.Server.dll --urls "http://127.0.0.1:$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 240); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
# Let the demo's own assessment finish so the run measures serving, not the first start.
sleep 20

cat >"$data/mix.lua" <<'LUA'
local i = 0
local z = 15
local n = 2 ^ z
local function tx(lon) return math.floor((lon + 180) / 360 * n) end
local function ty(lat) local r = math.rad(lat) return math.floor((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n) end
request = function()
  i = i + 1
  local lat = 31.22 + (i % 97) * 0.0021
  local lon = 34.26 + (i % 89) * 0.0019
  local kind = i % 4
  if kind == 0 then
    return wrk.format("GET", string.format("/api/lookup?lat=%.5f&lon=%.5f&asOf=2024-02-01", lat, lon))
  elseif kind == 1 then
    return wrk.format("GET", string.format("/tiles/buildings/%d/%d/%d.mvt?asOf=2024-02-01", z, tx(lon), ty(lat)))
  elseif kind == 2 then
    local layers = { "orders", "zones", "sites", "blocks" }
    return wrk.format("GET", string.format("/api/layers/%s?asOf=2023-%02d-15", layers[(i % 4) + 1], 10 + (i % 3)))
  else
    return wrk.format("POST", "/api/sms", { ["Content-Type"] = "application/json" },
      string.format('{"text": "BLOCK %d", "asOf": "2023-11-10"}', 101 + (i % 40)))
  end
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.0f %.2f %.2f %.2f %d %d\n", summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
LUA

rss() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$server/status"; }
echo "seconds,rss_mib" >"$results/soak-rss.csv"
( t=0; while [ "$t" -le "$duration" ]; do echo "$t,$(rss)" >>"$results/soak-rss.csv"; sleep 5; t=$((t + 5)); done ) &
sampler=$!
result=$(wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$data/mix.lua" "http://127.0.0.1:$port" | grep '^RESULT')
wait "$sampler" || true
set -- $result
requests=$2 rate=$3 p50=$4 p95=$5 p99=$6 socket=$7 status=$8
server_errors=$(grep -c ' 500 \|Unhandled exception\|fail:' "$data/server.log" || true)
read -r first peak last < <(awk -F, 'NR > 1 { if (NR == 2) f = $2; if ($2 > p) p = $2; l = $2 } END { print f, p, l }' "$results/soak-rss.csv")

# A chart of resident memory over the run (SVG, no dependencies).
awk -F, -v peak="$peak" -v dur="$duration" 'BEGIN {
    w = 640; h = 240; m = 40; top = (peak < 64 ? 64 : peak * 1.25)
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", w, h
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"%d\" y=\"16\">Haven server resident memory (MiB) during a %d s soak</text>\n", m, dur
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", m, h - m, w - 10, h - m
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", m, 24, m, h - m
    printf "<text x=\"4\" y=\"%d\">%d</text><text x=\"4\" y=\"%d\">0</text>\n", 30, top, h - m
    printf "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\">%d s</text>\n", m, h - m + 14, w - 50, h - m + 14, dur
    printf "<polyline fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\" points=\""
  }
  NR > 1 { printf "%.1f,%.1f ", m + ($1 / dur) * (w - 10 - m), (h - m) - ($2 / top) * (h - m - 24) }
  END { printf "\"/>\n</svg>\n" }' "$results/soak-rss.csv" >"$results/soak-rss.svg"

{
  echo "# Soak: five minutes of mixed traffic"
  echo
  echo "wrk ($threads thread, $connections connections, ${duration} s) against the Release server on 127.0.0.1 with the demo store"
  echo "(Sample Strip, synthetic), on $(nproc) cores shared with wrk, $(date -u +%Y-%m-%d). One request in four each: a coordinate"
  echo "lookup, a building tile at zoom 15, a dated layer (orders, zones, sites or blocks) and an SMS (\`BLOCK n\`)."
  echo
  echo "| requests | requests/s | p50 ms | p95 ms | p99 ms | socket errors | non-2xx | server errors logged |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $requests | $rate | $p50 | $p95 | $p99 | $socket | $status | $server_errors |"
  echo
  echo "Resident memory of the server: $first MiB at the start of the run, $peak MiB at most, $last MiB at the end"
  echo "(sampled every 5 s: \`soak-rss.csv\`, drawn in \`soak-rss.svg\`)."
  echo
  echo "Targets: no error of any kind, and memory that levels off instead of growing with the requests served."
  echo
  echo "![Resident memory over the soak](soak-rss.svg)"
} >"$results/soak.md"
cat "$results/soak.md"
