#!/bin/sh
# `orewatch report` on a generated history: a year of 100 sources x 10
# articles a day (365,000 articles), and a 30-day one for comparison.
# Prints wall time and peak RSS per report. Usage: scripts/bench_report.sh [WORKDIR]
set -eu
cd "$(dirname "$0")/.."
work=${1:-/tmp/orewatch-bench-report}
mkdir -p "$work"
cargo build --release --bin orewatch --example gen_history --example briefing_time
# The machine's load: wall times mean little when other work shares the cores
# (compare user CPU then, or instruction counts: valgrind --tool=callgrind).
uptime
for days in 30 365; do
    dir="$work/d$days"
    if [ ! -f "$dir/orewatch.sqlite" ]; then
        mkdir -p "$dir"
        target/release/examples/gen_history "$dir/orewatch.sqlite" "$days" 100 10 2026-11-30
    fi
    cat > "$dir/config.toml" <<TOML
timezone = "Asia/Hong_Kong"
data_dir = "."
TOML
    for day in 2026-11-30 2026-11-15 2026-12-01; do
        # Warm run first (page cache), then the measured one.
        target/release/orewatch --config "$dir/config.toml" report --date "$day" >/dev/null 2>&1
        /usr/bin/time -f "history=${days}d day=$day: %e s wall, %U s user, %S s sys, %M KB max RSS" \
            target/release/orewatch --config "$dir/config.toml" report --date "$day" >/dev/null
    done
done
# The history-dependent part alone: the briefing's queries (Store::briefing_data).
cargo build --release --example briefing_time
for days in 30 365; do
    target/release/examples/briefing_time "$work/d$days/orewatch.sqlite" 2026-11-30 2026-11-15 2026-12-01
done
uptime
