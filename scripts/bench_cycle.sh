#!/bin/sh
# Cycle benchmarks on a generated site on loopback (scripts/bench_site.py):
#  1. CPU per page and peak RSS: 20 sources x 50 pages (1,000 pages), no latency,
#     no pacing; a first cycle (every page new) then a second (every page 304).
#  2. Wall time: 100 sources x 10 pages, 200 ms per answer, 1 s per-host pacing,
#     with the default global limit (8) and with 32 requests in flight.
# Usage: scripts/bench_cycle.sh [WORKDIR]
set -eu
cd "$(dirname "$0")/.."
work=${1:-/tmp/orewatch-bench-cycle}
bin=$PWD/target/release/orewatch
cargo build --release --bin orewatch
rm -rf "$work" && mkdir -p "$work/cpu" "$work/lat8" "$work/lat32"
measure() { # label dir
    /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB max RSS" \
        "$bin" --config "$2/config.toml" fetch >/dev/null 2>"$2/err.txt" || true
    tail -1 "$2/err.txt"
}

python3 scripts/bench_site.py --sources 20 --pages 50 --port 8711 \
    --config "$work/cpu/config.toml" --fetch-extra "per_host_delay_ms = 0" &
site=$!
sleep 8
measure "1000 pages, all new" "$work/cpu"
measure "1000 pages, all 304" "$work/cpu"
kill $site 2>/dev/null || true

for limit in 8 32; do
    python3 scripts/bench_site.py --sources 100 --pages 10 --port 8712 --latency-ms 200 \
        --config "$work/lat$limit/config.toml" --fetch-extra "per_host_delay_ms = 1000;concurrency = $limit" &
    site=$!
    sleep 5
    measure "100 sources x 10 pages, 200 ms latency, 1 s pacing, concurrency $limit" "$work/lat$limit"
    kill $site 2>/dev/null || true
done
# Politeness bound per host: robots.txt + listing + 10 pages = 12 answers of 0.2 s with
# 11 pauses of 1 s = 13.4 s; with a global limit L, 1,200 answers of 0.2 s need at least
# 240 / L s (30 s for L = 8, 7.5 s for L = 32). The bound is the larger of the two.
