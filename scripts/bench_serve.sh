#!/bin/sh
# How long `orewatch serve` takes to answer a search: the bundled sample site
# fetched into a fresh archive (7 articles + the day's briefing), and, for
# scale, a generated 30-day history (examples/gen_history.rs: 30,000 articles).
# Each query is asked 20 times to warm up, then 200 times one after another
# over one keep-alive connection; prints median, p95 and max in milliseconds.
# Usage: scripts/bench_serve.sh [WORKDIR]
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
work=${1:-/tmp/orewatch-bench-serve}
mkdir -p "$work"
cargo build --release --bin orewatch --example gen_history
bin="$root/target/release/orewatch"

# 1. the sample archive
rm -rf "$work/sample" && mkdir -p "$work/sample"
cp -r samples/site "$work/sample/site"
cat > "$work/sample/config.toml" <<TOML
timezone = "Asia/Hong_Kong"
data_dir = "data"
[fetch]
per_host_delay_ms = 0
[[sources]]
name = "sample"
url = "site/index.html"
kind = "listing"
link_selector = "ul.story-list a.headline"
body_selector = "div.article-body"
TOML
(cd "$work/sample" && "$bin" run --once >/dev/null)

# 2. a 30-day generated history
if [ ! -f "$work/d30/orewatch.sqlite" ]; then
    mkdir -p "$work/d30"
    target/release/examples/gen_history "$work/d30/orewatch.sqlite" 30 100 10 2026-11-30
fi
printf 'timezone = "Asia/Hong_Kong"\ndata_dir = "."\n' > "$work/d30/config.toml"

for set in sample d30; do
    cd "$work/$set"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$bin" serve --bind "127.0.0.1:$port" >/dev/null 2>&1 &
    pid=$!
    python3 - "$port" "$set" <<'PY'
import http.client, statistics, sys, time, urllib.parse
port, name = int(sys.argv[1]), sys.argv[2]
for _ in range(100):
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/healthz"); break
    except OSError:
        time.sleep(0.05)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
def ask(path):
    conn.request("GET", path)
    r = conn.getresponse(); body = r.read()
    assert r.status == 200, (path, r.status, body[:200])
    return body
for q in ["copper", "Goldman Sachs", "恒生指数", "黄金", "铜"]:
    for page in ["/search", "/search.json"]:
        path = page + "?" + urllib.parse.urlencode({"q": q})
        for _ in range(20):
            ask(path)
        times = []
        for _ in range(200):
            t = time.perf_counter(); ask(path); times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(f"{name:6} {page:12} q={q:14} median {statistics.median(times):7.2f} ms  p95 {times[189]:7.2f} ms  max {times[-1]:7.2f} ms")
PY
    kill -TERM "$pid"
    wait "$pid" || true
    cd "$root"
done
