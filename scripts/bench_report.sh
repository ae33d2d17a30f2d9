#!/bin/sh
# `orewatch report` on a generated history: a year of 100 sources x 10
# articles a day (365,000 articles), and a 30-day one for comparison.
# Prints wall time, CPU and peak RSS per report: the second rendering of a day (its
# content unchanged) and a day's first rendering. Usage: scripts/bench_report.sh [WORKDIR]
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
# A day's first rendering (its content is new: the page and the briefing are written,
# its search entries made, the day before relinked, the day after rendered again), as
# on a freshly generated database: the days' stored briefings are deleted first
# (sqlite3), then each day is rendered once. Days 11-20..11-23 lie between 11-15 and
# 11-30, so each has a day on either side; the last is counted under strace.
first="2026-11-20 2026-11-21 2026-11-22"
traced=2026-11-23
if command -v sqlite3 >/dev/null 2>&1; then
    for days in 30 365; do
        dir="$work/d$days"
        for day in $first $traced; do
            sqlite3 "$dir/orewatch.sqlite" "DELETE FROM briefings WHERE day = '$day'"
        done
        cat "$dir/orewatch.sqlite" >/dev/null # the page cache, as warm as for the runs above
        for day in $first; do
            /usr/bin/time -f "history=${days}d day=$day (first rendering): %e s wall, %U s user, %S s sys, %M KB max RSS" \
                target/release/orewatch --config "$dir/config.toml" report --date "$day" >/dev/null
        done
        if command -v strace >/dev/null 2>&1; then
            n=$(strace -f -e trace=fsync,fdatasync -o /dev/stdout \
                target/release/orewatch --config "$dir/config.toml" report --date "$traced" 2>/dev/null |
                grep -c 'sync(')
            echo "history=${days}d day=$traced (first rendering): $n fsyncs"
        fi
    done
else
    echo "sqlite3 not found: a day's first rendering not measured"
fi
# The history-dependent part alone: the briefing's queries (Store::briefing_data).
cargo build --release --example briefing_time
for days in 30 365; do
    target/release/examples/briefing_time "$work/d$days/orewatch.sqlite" 2026-11-30 2026-11-15 2026-12-01
done
uptime
