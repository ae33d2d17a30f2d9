"""The crash test's news site on 127.0.0.1: a listing page and article pages,
small and multi-megabyte, generated here (sentences written for this test),
served with ETag and Last-Modified and answering 304 to a matching
If-None-Match, as a real news site does."""

import hashlib
import http.server
import threading

INSTITUTIONS = ["UBS", "Goldman Sachs", "Citi", "Morgan Stanley"]
# Copper prices that cross 13,000 USD/t back and forth: crossing alerts.
COPPER = [12850, 13120, 12940, 13260, 12990, 13050, 12870, 13310, 12720, 13180, 12960, 13075]
# Sizes of the padded pages, by article index (others are a few KB).
BIG = {2: 1_500_000, 5: 3_500_000, 8: 4_600_000, 11: 2_800_000}

FILLER = [
    "Port operators described loading schedules as routine, and warehouse staff said deliveries arrived in the usual order.",
    "Freight brokers reported steady demand for bulk carriers along the coastal routes during the week.",
    "Several smelters held their regular maintenance meetings and published no change to their plans.",
    "Analysts at the conference spent most of the session on logistics, labour and the weather outlook.",
    "Traders said the afternoon was quiet, with many desks waiting for the next round of official statistics.",
]


def article(i):
    day = 1 + i % 28
    copper = COPPER[i % len(COPPER)]
    gold = 2580 + 17 * i
    inst = INSTITUTIONS[i % len(INSTITUTIONS)]
    old, new = 11000 + 150 * i, 11000 + 150 * (i + 1)
    title = f"Metals wrap {i}: copper at {copper:,} dollars as {inst} revises its view"
    paras = [
        f"Three-month copper on the London Metal Exchange rose 1.{i % 10}% to ${copper:,.2f} a tonne in afternoon trade.",
        f"Spot gold gained 0.{i % 9 + 1}% to ${gold:,.2f} an ounce, while silver was steady.",
        f"{inst} raised its 2027 copper forecast to ${new:,} a tonne from ${old:,}, citing low inventories.",
    ]
    size = BIG.get(i, 0)
    pad, n = [], 0
    while n < size:
        p = FILLER[n % len(FILLER)] + f" (Note {n // 100 + 1}.)"
        pad.append(p)
        n += len(p) + 8
    body = "\n".join(f"<p>{p}</p>" for p in paras + pad)
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2026-11-{day:02d}T09:00:00+08:00"></head>
<body><main><article><h1>{title}</h1>
<time datetime="2026-11-{day:02d}T09:00:00+08:00">November {day}, 2026</time>
<div class="article-body">
{body}
</div></article></main></body></html>
"""
    return html.encode()


def build(n):
    """path -> bytes of the whole site with `n` articles."""
    pages = {f"/news/a{i}.html": article(i) for i in range(n)}
    links = "\n".join(
        f'<li><a class="headline" href="news/a{i}.html">Story {i}</a></li>' for i in range(n)
    )
    pages["/index.html"] = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Crash test desk</title></head>"
        f"<body><ul class='story-list'>{links}</ul></body></html>"
    ).encode()
    return pages


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        body = self.server.pages.get("/index.html" if path == "/" else path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Sun, 01 Nov 2026 01:00:00 GMT")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client was killed mid-transfer


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def start(n):
    """Serve a site of `n` articles on a free port; returns (server, base URL, pages)."""
    server = Server(("127.0.0.1", 0), Handler)
    server.pages = build(n)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", server.pages
