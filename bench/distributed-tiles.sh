#!/usr/bin/env bash
# Distributed PWTT: the same SIZE x SIZE x 132-image stack (DEFLATE + floating-point predictor, 256-pixel tiles,
# as products are laid out) assessed (1) in one process over the whole grid, (2) in one process tile by tile
# (--tile-size TILE), and through Hangfire over PostgreSQL (--distribute) with (3) one worker process running one
# tile at a time and (4) one worker running two. Per-tile throughput comes from (2). The job system's overhead
# (queueing, picking up, writing and reading tile results) is measured inside (3): the time the run waited for its
# tiles against the seconds the worker spent computing them (both in its summary.json), as a share of the wait;
# (3) against (2) is given too, though two separate runs on a shared VM differ by more than the overhead. Figures go to
# bench/results/distributed-tiles-$TILE.md. PostgreSQL: a throwaway cluster started here (Debian's postgresql-15 with
# PostGIS, as .ci/run installs it). Needs the .NET SDK, GNU time and bc.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-2000}
TILE=${TILE:-512}
WORK=${WORK:-/tmp/haven-distributed}
mkdir -p "$WORK" bench/results
dotnet publish src/Haven.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/haven" -v q -nologo >/dev/null
dotnet build -c Release -v q -nologo bench/Haven.Benchmarks >/dev/null
HAVEN="dotnet $WORK/haven/haven.dll"
stack="$WORK/deflate-tiles-$SIZE"
[ -f "$stack/stack.csv" ] || dotnet bench/Haven.Benchmarks/bin/Release/net10.0/Haven.Benchmarks.dll stack-write "$SIZE" deflate-tiles "$stack"
cat "$stack"/*.tif > /dev/null

pg_bin=/usr/lib/postgresql/15/bin; pg_dir="$(mktemp -d /tmp/haven-bench-pg.XXXXXX)"; pg_port=${PG_PORT:-54377}
  chown postgres "$pg_dir" 2>/dev/null || true
  as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  trap 'as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/log" -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off" start >/dev/null
  psql -h "$pg_dir" -p "$pg_port" -U postgres -q -c "CREATE ROLE haven_bench LOGIN PASSWORD 'bench'" -c "CREATE DATABASE haven_bench OWNER haven_bench"
  psql -h "$pg_dir" -p "$pg_port" -U postgres -d haven_bench -q -c "CREATE EXTENSION postgis"
  pg="Host=127.0.0.1;Port=$pg_port;Username=haven_bench;Password=bench;Database=haven_bench"

args=(assess --stack "$stack/stack.csv" --event 2023-10-07 --inference 2023-10-15 --buildings "$stack/buildings.geojson" --areas "$stack/areas.geojson" --post-months 1)
timed() { /usr/bin/time -f "%e" -o "$WORK/time" "$@" > "$WORK/last.log" 2>&1; cat "$WORK/time"; }
# A run's stored tiles would let the next run of the same stack finish at once: each distributed run starts clean.
clear_runs() { psql -h "$pg_dir" -p "$pg_port" -U postgres -d haven_bench -q -c "DROP TABLE IF EXISTS haven_tile_results; DROP SCHEMA IF EXISTS hangfire CASCADE" >/dev/null 2>&1; }
stage() { /usr/bin/python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['stage_seconds']; print(round(s.get(sys.argv[2], 0), 2))" "$WORK/$1/summary.json" "$2"; }

rm -rf "$WORK"/whole "$WORK"/tiled "$WORK"/dist1 "$WORK"/dist2 "$WORK"/*.db
whole=$(timed $HAVEN "${args[@]}" --out "$WORK/whole" --db "$WORK/whole.db")
tiled=$(timed $HAVEN "${args[@]}" --out "$WORK/tiled" --db "$WORK/tiled.db" --tile-size "$TILE")
tiles=$(( ((SIZE + TILE - 1) / TILE) * ((SIZE + TILE - 1) / TILE) ))
test_seconds=$(stage tiled filter_and_test)

run_distributed() { # $1: worker threads; $2: output folder
  clear_runs
  $HAVEN worker --db "$pg" --workers "$1" > "$WORK/worker.log" 2>&1 & local worker=$!
  local seconds; seconds=$(timed $HAVEN "${args[@]}" --out "$WORK/$2" --db "$pg" --tile-size "$TILE" --distribute)
  kill "$worker"; wait "$worker" 2>/dev/null || true
  echo "$seconds"
}
dist1=$(run_distributed 1 dist1)
dist2=$(run_distributed 2 dist2)
wait1=$(stage dist1 tiles_on_workers); compute1=$(stage dist1 tile_compute_on_workers)
same1=$(cmp -s "$WORK/whole/areas.csv" "$WORK/dist1/areas.csv" && echo yes || echo no)
same2=$(cmp -s "$WORK/whole/areas.csv" "$WORK/dist2/areas.csv" && echo yes || echo no)
pixels=$(( SIZE * SIZE ))
{
  echo "# Distributed PWTT: tiles on Hangfire workers over PostgreSQL"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dotnet --version) SDK; PostgreSQL on 127.0.0.1."
  echo "Stack: ${SIZE} x ${SIZE} pixels of 10 m, 132 images (2 orbits x VV/VH x 33 dates), DEFLATE with the floating-point predictor in 256-pixel tiles, synthetic, in the page cache. Tiles of ${TILE} cells a side: ${tiles} tiles, each read with a halo of 17 cells. Wall time of the whole command (start-up, reading footprints, scoring and writing included)."
  echo
  echo "| run | wall time | notes |"
  echo "|---|---|---|"
  echo "| one process, whole grid | ${whole} s | |"
  echo "| one process, tile by tile | ${tiled} s | filter and test ${test_seconds} s over ${tiles} tiles: $(echo "scale=2; $test_seconds / $tiles" | bc) s a tile, $(echo "scale=1; $pixels * 132 / $test_seconds / 1000000" | bc) million cell-images a second on $(nproc) cores |"
  echo "| Hangfire, 1 worker running 1 tile at a time | ${dist1} s | the run waited ${wait1} s for its tiles, of which the worker computed them for ${compute1} s: **overhead of the job system $(echo "scale=1; 100 * ($wait1 - $compute1) / $wait1" | bc)%** of the wait (target under 5%), $(echo "scale=2; ($wait1 - $compute1) / $tiles" | bc) s a tile; against the run tile by tile in process: $(echo "scale=1; 100 * ($dist1 - $tiled) / $dist1" | bc)%; same areas.csv as the whole-grid run: ${same1} |"
  echo "| Hangfire, 1 worker running 2 tiles at a time | ${dist2} s | speed-up over 1 at a time: $(echo "scale=2; $dist1 / $dist2" | bc)x on $(nproc) cores; same areas.csv: ${same2} |"
} > bench/results/distributed-tiles-$TILE.md
cat bench/results/distributed-tiles-$TILE.md
