#!/usr/bin/env python3
"""Turns the raw outputs of bench/side-by-side.sh into a Markdown report of medians and
Cairn/Pebble ratios. Arguments: WORKDIR SHA UPTIME COMMANDS PEBBLE_VERSION JAVA_VERSION."""
import glob
import json
import os
import re
import statistics
import sys
from datetime import datetime, timezone

work, sha, uptime, commands, pebble_version, java_version = sys.argv[1:7]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def load_runs(server, clients):
    runs = []
    for path in sorted(glob.glob(os.path.join(work, f"load-{server}-c{clients}-r*.json"))):
        with open(path) as f:
            runs.append(json.load(f))
    return runs


LOAD_FIGURES = [  # (label, getter, better)
    ("certificates/s", lambda r: r["certificatesPerSecond"], "higher"),
    ("flow latency p50 (ms)", lambda r: r["flowLatencyMs"]["p50"], "lower"),
    ("flow latency p95 (ms)", lambda r: r["flowLatencyMs"]["p95"], "lower"),
    ("flow latency p99 (ms)", lambda r: r["flowLatencyMs"]["p99"], "lower"),
    ("server CPU per certificate (ms)", lambda r: (r.get("server") or {}).get("cpuMsPerCertificate"), "lower"),
    ("server peak RSS (MiB)", lambda r: (r.get("server") or {}).get("peakRssMiB"), "lower"),
    ("server VmHWM (MiB)", lambda r: (r.get("server") or {}).get("vmHwmMiB"), "lower"),
    ("client CPU per certificate (ms)", lambda r: r.get("clientCpuMsPerCertificate"), "lower"),
    ("errors", lambda r: sum(r["errors"].values()), "lower"),
]


def fmt(v):
    if v is None:
        return "n/a"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}"


def ratio(c, p):
    if c is None or p is None or p == 0:
        return "n/a"
    return f"{c / p:.2f}"


def row(label, c, p, better):
    return f"| {label} | {fmt(c)} | {fmt(p)} | {ratio(c, p)} | {better} is better |"


out = []
out.append(f"# Side-by-side: Cairn vs Pebble, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {sha}")
out.append("")
out.append(f"- machine: {os.cpu_count()} CPUs; load before the run: `{uptime.strip()}`")
out.append(f"- {pebble_version.strip() or 'pebble (Debian)'}; {java_version.strip()}")
startup = os.path.join(work, "cairn-startup-ms.txt")
if os.path.exists(startup):
    with open(startup) as f:
        out.append(f"- Cairn answered its directory {', '.join(l.strip() for l in f if l.strip())} ms after launch")
out.append("- figures are medians over rounds; ratio = Cairn / Pebble")
out.append("")
out.append("Commands:")
out.append("")
out.append("```")
out.extend(commands.splitlines())
out.append("```")

clients = sorted({int(m.group(1)) for m in (re.search(r"-c(\d+)-r", p) for p in glob.glob(os.path.join(work, "load-*.json"))) if m})
for c in clients:
    cairn, pebble = load_runs("cairn", c), load_runs("pebble", c)
    out.append("")
    out.append(f"## Issuance, {c} clients ({len(cairn)} Cairn and {len(pebble)} Pebble runs)")
    out.append("")
    out.append("| figure | Cairn | Pebble | Cairn/Pebble | |")
    out.append("|---|---:|---:|---:|---|")
    for label, get, better in LOAD_FIGURES:
        out.append(row(label, median([get(r) for r in cairn]), median([get(r) for r in pebble]), better))
    stalls = [f"{name} round {i + 1}: {r['stallDetail']}" for name, runs in (("Cairn", cairn), ("Pebble", pebble))
              for i, r in enumerate(runs) if r["stalled"]]
    out.append(f"| stalls | {sum(r['stalled'] for r in cairn)} | {sum(r['stalled'] for r in pebble)} | | |")
    for s in stalls:
        out.append(f"\n- STALL {s}")
    for name, runs in (("Cairn", cairn), ("Pebble", pebble)):
        errors = {}
        for r in runs:
            for k, v in r["errors"].items():
                errors[k] = errors.get(k, 0) + v
        if errors:
            out.append(f"\n- {name} errors over all rounds: {errors}")
    out.append("")
    out.append("Per request type, median over rounds of each run's p50 / p99 (ms):")
    out.append("")
    out.append("| request | Cairn count | Cairn p50 | Cairn p99 | Pebble count | Pebble p50 | Pebble p99 |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    types = []
    for r in cairn + pebble:
        types += [t for t in r["requests"] if t not in types]
    for t in types:
        def m(runs, key):
            return median([r["requests"][t][key] for r in runs if t in r["requests"]])
        out.append(f"| {t} | {fmt(m(cairn, 'count'))} | {fmt(m(cairn, 'p50Ms'))} | {fmt(m(cairn, 'p99Ms'))} | "
                   f"{fmt(m(pebble, 'count'))} | {fmt(m(pebble, 'p50Ms'))} | {fmt(m(pebble, 'p99Ms'))} |")


def number(pattern, text, kind=float, default=None):
    """The first group of pattern in text as kind, or default when it is not there."""
    m = re.search(pattern, text, re.M)
    return kind(m.group(1)) if m else default


def read(path):
    with open(path) as f:
        return f.read()


def wrk(path):
    """(requests/s, p99 ms, failed or non-2xx, socket errors, requests) from one wrk output."""
    text = read(path)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\b", text, re.M)
    errors = re.search(r"Socket errors:.*", text)
    return (number(r"Requests/sec:\s*([\d.]+)", text),
            float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else None,
            number(r"Non-2xx or 3xx responses:\s*(\d+)", text, int, 0),
            errors.group(0) if errors else "",
            number(r"^\s*(\d+) requests in", text, int))


def ab(paths):
    """The same for one round of ab processes run at once: rates and requests add up, and the
    round's p99 is the highest of the processes' (each reports its own distribution)."""
    texts = [read(p) for p in paths]
    rates = [number(r"Requests per second:\s*([\d.]+)", t) for t in texts]
    p99s = [number(r"^\s*99%\s+(\d+)", t) for t in texts]
    totals = [number(r"Complete requests:\s*(\d+)", t, int) for t in texts]
    problems = sum(number(r"Failed requests:\s*(\d+)", t, int, 0)
                   + number(r"Non-2xx responses:\s*(\d+)", t, int, 0) for t in texts)
    complete = lambda xs: bool(xs) and None not in xs
    return (sum(rates) if complete(rates) else None, max(p99s) if complete(p99s) else None,
            problems, "", sum(totals) if complete(totals) else None)


def cpu_us_per_request(server, kind, rnd, requests):
    """Server CPU (user + system) per request over one measurement, in microseconds."""
    path = os.path.join(work, f"cpu-{server}-{kind}-r{rnd}.txt")
    if not requests or not os.path.exists(path):
        return None
    with open(path) as f:
        ticks, per_second = (int(x) for x in f.read().split())
    return ticks / per_second / requests * 1e6


def rounds(pattern):
    """Round number -> the files of that round, for a pattern with {r}."""
    found = {}
    for path in glob.glob(os.path.join(work, pattern.format(r="*"))):
        m = re.search(r"-r(\d+)(?:-p\d+)?\.txt$", path)
        found.setdefault(int(m.group(1)), []).append(path)
    return found


if glob.glob(os.path.join(work, "wrk-*.txt")):
    out.append("")
    out.append("## newNonce")
    out.append("")
    out.append("| figure | Cairn | Pebble | Cairn/Pebble | |")
    out.append("|---|---:|---:|---:|---|")
    notes = []
    table = [  # label, file pattern per server, parser of one round's files, CPU record kind
        ("GET (wrk)", "wrk-{s}-GET-r{r}.txt", lambda ps: wrk(ps[0]), "GET"),
        ("HEAD (ab -i -k, one process per wrk thread)", "ab-{s}-HEAD-r{r}-p*.txt", ab, "HEAD"),
        ("HEAD (wrk, Cairn only)", "wrkhead-{s}-HEAD-r{r}.txt", lambda ps: wrk(ps[0]), "HEADwrk"),
    ]
    for label, pattern, parse, kind in table:
        res = {}
        for server in ("cairn", "pebble"):
            res[server] = []
            for rnd, paths in sorted(rounds(pattern.replace("{s}", server)).items()):
                rate, p99, bad, errs, total = parse(sorted(paths))
                if bad or errs:
                    notes.append(f"- {label} {server} round {rnd}: {bad} failed or non-2xx {errs}")
                res[server].append((rate, p99, cpu_us_per_request(server, kind, rnd, total)))
        for name, i, better in (("requests/s", 0, "higher"), ("latency p99 (ms)", 1, "lower"),
                                ("server CPU per request (µs)", 2, "lower")):
            out.append(row(f"{label} {name}", median([r[i] for r in res["cairn"]]),
                           median([r[i] for r in res["pebble"]]), better))
    if notes:
        out.append("")
        out.extend(notes)

print("\n".join(out))
