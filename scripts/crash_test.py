#!/usr/bin/env python3
"""Crash test: SIGKILL `orewatch run --once` at random points, restart, and
check that nothing is lost, half-stored or mailed twice per kill.

Everything runs on 127.0.0.1: a news site (scripts/crash/site.py: a listing,
small and multi-megabyte articles, ETag + 304) and an SMTP server
(scripts/crash/smtp.py) recording each message's Message-ID.

1. Reference: one uninterrupted `run --once` on a fresh database.
2. Trials, until --kills kills: a fresh database; start `run --once`, kill it
   (SIGKILL) after a random delay in [0, 1.2 x the reference run's time],
   restart, ... until a run ends by itself or --per-trial kills; then a clean
   run (and, if a killed sender left mail claimed, another once its lease is
   over). Checked per trial: the database holds exactly the reference's
   articles, facts, forecast history, alert state, quarantine, alerts and
   outbox message-ids; PRAGMA integrity_check is ok; every message reached the SMTP
   server; duplicates <= kills.

Usage: cargo build --release && python3 scripts/crash_test.py [--kills 60]
Exit status 0 when every check passed.
"""

import argparse
import concurrent.futures
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

import importlib.util


def load(name):
    """scripts/crash/NAME.py, loaded by path (`site` is also a standard module)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "crash", f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"crash_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


crash_site, crash_smtp = load("site"), load("smtp")

SUBSCRIBERS = ["ana@crash.localhost", "bo@crash.localhost", "cy@crash.localhost"]


def write_config(d, base, smtp_port):
    subs = "".join(
        f'[[subscribers]]\nemail = "{e}"\nname = "Reader {i}"\n' for i, e in enumerate(SUBSCRIBERS)
    )
    text = f"""timezone = "Asia/Hong_Kong"
data_dir = "data"
[fetch]
per_host_delay_ms = 5
backoff_ms = 10
max_retries = 1
timeout_secs = 20
[[sources]]
name = "crash-desk"
url = "{base}/index.html"
kind = "listing"
link_selector = "ul.story-list a.headline"
body_selector = "div.article-body"
[[alerts.price]]
commodity = "gold"
level = 2650
unit = "oz"
[[alerts.rule]]
name = "copper-13000"
kind = "level"
commodity = "copper"
level = 13000
band = 100
[[alerts.rule]]
name = "gold-moves"
kind = "pct_move"
commodity = "gold"
unit = "oz"
pct = 0.6
subscribers = ["ana@crash.localhost"]
[[alerts.rule]]
name = "forecasts"
kind = "forecast"
[mail]
transport = "smtp"
from = "Crash desk <desk@crash.localhost>"
[mail.smtp]
host = "127.0.0.1"
port = {smtp_port}
tls = "none"
timeout_secs = 2
{subs}"""
    path = os.path.join(d, "config.toml")
    with open(path, "w") as f:
        f.write(text)
    return path


def digest(v):
    return hashlib.sha256(v if isinstance(v, bytes) else str(v).encode()).hexdigest()[:16]


def snapshot(db):
    """What the database holds, without times and row ids."""
    c = sqlite3.connect(db)
    q = lambda sql: sorted(tuple(r) for r in c.execute(sql))  # noqa: E731
    snap = {
        "articles": q("SELECT url, title, published, length(body), sectors_json, content_hash FROM articles"),
        "facts": q("SELECT a.url, f.idx, f.kind, f.json FROM facts f JOIN articles a ON a.id = f.article_id"),
        "forecast_history": q(
            "SELECT a.url, h.institution, h.commodity, h.period, h.value, h.previous FROM forecast_history h "
            "JOIN facts f ON f.id = h.fact_id JOIN articles a ON a.id = f.article_id"
        ),
        # last_fired is a time: left out.
        "alert_state": q("SELECT rule, kind, json_remove(json, '$.last_fired') FROM alert_state"),
        "quarantine": q("SELECT series, day, reason, status FROM quarantine"),
        "alerts": q(
            "SELECT x.key, x.rule_key, a.url, x.fact_idx, x.day, x.summary FROM alerts x "
            "LEFT JOIN articles a ON a.id = x.article_id"
        ),
        "outbox": q("SELECT message_id, kind, ref_key, recipient FROM outbox"),
    }
    status = dict(c.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())
    integrity = c.execute("PRAGMA integrity_check").fetchone()[0]
    claimed = c.execute("SELECT MAX(next_attempt_at) FROM outbox WHERE status IN ('sending', 'pending')").fetchone()[0]
    c.close()
    return snap, status, integrity, claimed


def run(binary, cfg, timeout=600):
    return subprocess.run([binary, "--config", cfg, "run", "--once"], capture_output=True, timeout=timeout)


def finish(binary, cfg, db, log):
    """Clean runs until no mail is waiting (a killed sender's claim lasts its lease)."""
    for _ in range(4):
        r = run(binary, cfg)
        if r.returncode != 0:
            log(f"  clean run exit {r.returncode}: {r.stderr.decode(errors='replace').strip()[-400:]}")
        _, status, _, claimed = snapshot(db)
        if not status.get("sending") and not status.get("pending"):
            return
        due = datetime.strptime(claimed[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
        wait = max(0.0, (due - datetime.now(timezone.utc)).total_seconds()) + 1.0
        log(f"  {os.path.basename(os.path.dirname(cfg))}: mail still claimed by a killed run, waiting {wait:.0f} s for its lease")
        time.sleep(wait)


def trial(args, base, ref, ref_secs, t, seed, log):
    rng = random.Random(seed)
    server, inbox, port = crash_smtp.start()
    d = tempfile.mkdtemp(prefix=f"orewatch-crash-{t}-")
    cfg = write_config(d, base, port)
    db = os.path.join(d, "data", "orewatch.sqlite")
    inbox.tag = f"trial{t}"
    kills, ended = 0, False
    while kills < args.per_trial:
        delay = rng.uniform(0.0, ref_secs * 1.2)
        p = subprocess.Popen([args.bin, "--config", cfg, "run", "--once"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            p.wait(timeout=delay)
            ended = True
            break
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            kills += 1
    finish(args.bin, cfg, db, log)
    snap, status, integrity, _ = snapshot(db)
    got = inbox.of(inbox.tag)
    ids = [m for m, _ in got]
    expected = {m for (m, *_rest) in ref["outbox"]}
    missing = expected - set(ids)
    unexpected = set(ids) - expected
    dups = len(ids) - len(set(ids))
    problems = [k for k in ref if snap[k] != ref[k]]
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")
    if status.get("failed"):
        problems.append(f"{status['failed']} outbox rows failed")
    if missing:
        problems.append(f"{len(missing)} messages never arrived")
    if unexpected:
        problems.append(f"{len(unexpected)} unexpected messages")
    if dups > kills:
        problems.append(f"{dups} duplicates for {kills} kills")
    log(
        f"trial {t}: kills {kills}{' (then a run ended by itself)' if ended else ''}; "
        f"articles {len(snap['articles'])}/{len(ref['articles'])}, facts {len(snap['facts'])}/{len(ref['facts'])}, "
        f"alerts {len(snap['alerts'])}/{len(ref['alerts'])}; messages expected {len(expected)}, "
        f"delivered {len(set(ids) & expected)}, duplicates {dups}; integrity {integrity}"
        + (f"; PROBLEMS: {', '.join(problems)}" if problems else "; ok")
    )
    if problems and args.keep:
        log(f"  kept {d}")
    else:
        shutil.rmtree(d, ignore_errors=True)
    server.shutdown()
    return kills, dups, len(expected), len(set(ids) & expected), problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/orewatch")
    ap.add_argument("--kills", type=int, default=60, help="total SIGKILLs (default 60)")
    ap.add_argument("--per-trial", type=int, default=6, help="kills per fresh database (default 6)")
    ap.add_argument("--articles", type=int, default=12)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=3, help="trials run at once (default 3)")
    ap.add_argument("--keep", action="store_true", help="keep the data of a failed trial")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    log = lambda s: print(s, flush=True)  # noqa: E731

    _http, base, pages = crash_site.start(args.articles)
    _smtp, inbox, port = crash_smtp.start()
    sizes = sorted(len(b) for b in pages.values())
    log(f"seed {seed}; site {base}: {len(pages) - 1} articles, {sum(sizes) / 1e6:.1f} MB, largest {sizes[-1] / 1e6:.1f} MB")

    d = tempfile.mkdtemp(prefix="orewatch-crash-ref-")
    cfg = write_config(d, base, port)
    inbox.tag = "ref"
    t0 = time.monotonic()
    r = run(args.bin, cfg)
    ref_secs = time.monotonic() - t0
    ref, status, integrity, _ = snapshot(os.path.join(d, "data", "orewatch.sqlite"))
    ref_ids = [m for m, _ in inbox.of("ref")]
    log(
        f"reference run: exit {r.returncode}, {ref_secs:.2f} s; articles {len(ref['articles'])}, facts {len(ref['facts'])}, "
        f"alerts {len(ref['alerts'])}, messages {len(ref['outbox'])} (delivered {len(set(ref_ids))}, status {status})"
    )
    if r.returncode != 0 or not ref["alerts"] or len(set(ref_ids)) != len(ref["outbox"]):
        log("the reference run did not store and mail everything: fix that first")
        log(r.stderr.decode(errors="replace")[-2000:])
        return 2

    total = {"kills": 0, "dups": 0, "expected": 0, "delivered": 0, "trials": 0, "failed": 0}
    t = 0
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)
    while total["kills"] < args.kills:
        batch = []
        for _ in range(args.jobs):
            t += 1
            batch.append(pool.submit(trial, args, base, ref, ref_secs, t, rng.randrange(1 << 30), log))
        for f in batch:
            kills, dups, expected, delivered, problems = f.result()
            total["kills"] += kills
            total["dups"] += dups
            total["expected"] += expected
            total["delivered"] += delivered
            total["trials"] += 1
            total["failed"] += bool(problems)
    log(
        f"TOTAL: {total['trials']} trials, {total['kills']} SIGKILLs; per trial expected articles {len(ref['articles'])}, "
        f"facts {len(ref['facts'])}, alerts {len(ref['alerts'])}; messages expected {total['expected']}, "
        f"delivered {total['delivered']}, duplicates {total['dups']}; trials with problems: {total['failed']}"
    )
    return 1 if total["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
