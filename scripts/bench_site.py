#!/usr/bin/env python3
"""A generated news site on loopback for the cycle benchmarks (scripts/bench_cycle.sh).

Source i lives on its own host, 127.0.0.(i+2), port PORT: /robots.txt, a
listing /news/index.html and PAGES article pages of 30-60 KB (navigation,
scripts, related links, a body of metals prose with figures; every sentence is
written for this script). Answers carry strong ETags and a matching
If-None-Match gets 304. --latency-ms delays every answer.

    scripts/bench_site.py --sources 20 --pages 50 --port 8700 [--latency-ms 200] [--config out.toml]
"""

import argparse
import hashlib
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

METALS = ["copper", "aluminium", "zinc", "nickel", "gold", "silver", "iron ore", "lithium", "tin", "lead"]
MARKETS = ["London Metal Exchange", "Shanghai Futures Exchange", "Comex"]
BANKS = ["Goldman Sachs", "Citi", "UBS", "Macquarie", "BMO Capital Markets"]
MINERS = ["Rio Tinto", "BHP", "Glencore", "Anglo American", "Freeport-McMoRan", "Zijin Mining"]
PROSE = [
    "Traders said demand from cable makers had picked up after the holiday, while smelters kept output steady.",
    "Warehouse stocks tracked by the exchange fell for a fifth straight session, the longest run since spring.",
    "Analysts pointed to a firmer yuan and fresh stimulus talk as reasons for the stronger tone in Asian hours.",
    "Fund managers trimmed their short positions ahead of the central bank meeting later in the week.",
    "A strike at a large mine in South America entered its second week with no talks scheduled.",
    "Physical premiums in Shanghai held near their highest level in three months, brokers said.",
    "The market shrugged off softer factory data from Europe and a stronger dollar.",
    "Shipping delays at two ports added to worries about tight supply into the end of the year.",
]


def sentences(rng, day):
    metal, market = rng.choice(METALS), rng.choice(MARKETS)
    price = rng.randint(1800, 12000) + rng.random()
    pct = rng.uniform(-3, 3)
    bank, miner = rng.choice(BANKS), rng.choice(MINERS)
    target = int(price * rng.uniform(1.02, 1.2))
    out = [
        f"Three-month {metal} on the {market} {'rose' if pct > 0 else 'fell'} {abs(pct):.1f}% to ${price:,.1f} a tonne by the close on {day}.",
        f"{bank} raised its 2027 {metal} forecast to ${target:,} a tonne, citing low inventories.",
        f"Shares of {miner} {'gained' if pct > 0 else 'lost'} {abs(pct) * 1.3:.1f}% in Sydney trading.",
    ]
    out += rng.sample(PROSE, 4)
    rng.shuffle(out)
    return out


def article(source, k, rng):
    day = f"2026-11-{1 + k % 28:02d}"
    paras = "".join(f"<p>{s}</p>\n" for _ in range(3) for s in sentences(rng, day))
    related = "".join(
        f'<li><a href="/news/related-{source}-{j}.html">Related market story number {j} for readers</a></li>'
        for j in range(40)
    )
    script = "var cfg = {" + ",".join(f'"k{j}": {j * 7}' for j in range(600)) + "};"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Metals wrap {source}-{k}: markets on {day}</title>
<meta property="article:published_time" content="{day}T08:00:00Z">
<script>{script}</script><style>body{{font-family:sans-serif}} .nav li{{display:inline}}</style>
</head><body><header><ul class="nav">{''.join(f'<li><a href="/s{j}">Section {j}</a></li>' for j in range(30))}</ul></header>
<main><article><h1>Metals wrap {source}-{k}: markets on {day}</h1>
<time datetime="{day}">{day}</time>
<div class="article-body">
{paras}</div></article>
<aside><h3>Most read</h3><ul>{related}</ul></aside></main>
<footer><p>Copyright orewatch benchmark site. All rights reserved.</p>{''.join(f'<a href="/f{j}">Footer link {j}</a> ' for j in range(40))}</footer>
</body></html>"""


def build(sources, pages):
    site = {}
    for i in range(sources):
        rng = random.Random(i)
        host = f"127.0.0.{i + 2}"
        files = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
        links = "".join(f'<li><a class="headline" href="/news/{k}.html">Story {k}</a></li>' for k in range(pages))
        files["/news/index.html"] = f'<html><body><ul class="story-list">{links}</ul></body></html>'.encode()
        for k in range(pages):
            files[f"/news/{k}.html"] = article(i, k, rng).encode()
        site[host] = files
    return site


def handler(files, latency):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if latency:
                time.sleep(latency)
            body = files.get(self.path.split("?")[0])
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            ctype = "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return H


def config(site, port, pages, extra):
    out = ['timezone = "UTC"', 'data_dir = "data"', "", "[fetch]", f"max_articles_per_source = {pages}", extra, ""]
    for i, host in enumerate(site):
        out += [
            "[[sources]]",
            f'name = "s{i:03}"',
            f'url = "http://{host}:{port}/news/index.html"',
            'link_selector = "ul.story-list a.headline"',
            'body_selector = "div.article-body"',
            "",
        ]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=20)
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--port", type=int, default=8700)
    ap.add_argument("--latency-ms", type=int, default=0)
    ap.add_argument("--config", help="write an orewatch config for this site here")
    ap.add_argument("--fetch-extra", default="", help="more [fetch] lines for the config")
    a = ap.parse_args()
    site = build(a.sources, a.pages)
    if a.config:
        with open(a.config, "w") as f:
            f.write(config(site, a.port, a.pages, a.fetch_extra.replace(";", "\n")))
    servers = []
    for host, files in site.items():
        srv = ThreadingHTTPServer((host, a.port), handler(files, a.latency_ms / 1000))
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    size = sum(len(b) for f in site.values() for b in f.values())
    print(f"serving {a.sources} hosts x {a.pages} pages ({size // 1024} KiB) on port {a.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
