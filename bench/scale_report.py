#!/usr/bin/env python3
"""Turns the raw outputs of bench/scale.sh into a Markdown report: per backend and client count,
each stored-data size's medians and their ratio to the empty database's.
Arguments: WORKDIR SHA UPTIME_BEFORE UPTIME_AFTER COMMAND JAVA_VERSION."""
import glob
import json
import os
import re
import statistics
import sys
from datetime import datetime, timezone

work, sha, uptime_before, uptime_after, command, java_version = sys.argv[1:7]

runs = {}  # (backend, size, clients) -> [run]
for path in sorted(glob.glob(os.path.join(work, "load-*.json"))):
    m = re.match(r"load-(\w+)-(\d+)-c(\d+)-r(\d+)\.json", os.path.basename(path))
    backend, size, clients = m.group(1), int(m.group(2)), int(m.group(3))
    with open(path) as f:
        run = json.load(f)
    pgcpu = path[: -len(".json")] + ".pgcpu"
    if os.path.exists(pgcpu) and run["certificates"] > 0:
        ticks, hz = open(pgcpu).read().split()
        run["pgCpuMsPerCertificate"] = int(ticks) * 1000.0 / int(hz) / run["certificates"]
    runs.setdefault((backend, size, clients), []).append(run)

FIGURES = [  # (label, getter)
    ("certificates/s", lambda r: r["certificatesPerSecond"]),
    ("flow p50 ms", lambda r: r["flowLatencyMs"]["p50"]),
    ("flow p99 ms", lambda r: r["flowLatencyMs"]["p99"]),
    ("Cairn CPU ms/cert", lambda r: (r.get("server") or {}).get("cpuMsPerCertificate")),
    ("PostgreSQL CPU ms/cert", lambda r: r.get("pgCpuMsPerCertificate")),
    ("errors", lambda r: sum(r["errors"].values()) + (1 if r["stalled"] else 0)),
]


def median(rs, getter):
    values = [getter(r) for r in rs]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v):
    if v is None:
        return "—"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}"


backends = sorted({k[0] for k in runs}, key=lambda b: (b != "sqlite", b))
sizes = sorted({k[1] for k in runs})
clients_list = sorted({k[2] for k in runs})

out = [f"# Scale: Cairn with stored certificates, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {sha}", ""]
out.append(f"- machine: {os.cpu_count()} CPUs; load before: `{uptime_before.strip()}`; after: `{uptime_after.strip()}`")
out.append(f"- {java_version}")
out.append(f"- command: `{command}`")
if os.path.exists(os.path.join(work, "stored.txt")):
    out.append("- stored certificates: " + "; ".join(line.strip() for line in open(os.path.join(work, "stored.txt"))))
out.append("- each figure is the median over rounds; ratio = figure / the same backend's and clients' figure on the empty database")
out.append("")
out.append("## Per backend and concurrency")
out.append("")
for backend in backends:
    for clients in clients_list:
        base = runs.get((backend, 0, clients))
        out.append(f"### {backend}, {clients} clients")
        out.append("")
        header = "| stored | " + " | ".join(label for label, _ in FIGURES) + " | certificates/s ratio | CPU/cert ratio | runs |"
        out.append(header)
        out.append("|" + "---|" * (len(FIGURES) + 4))
        for size in sizes:
            rs = runs.get((backend, size, clients))
            if not rs:
                continue
            cells = [fmt(median(rs, g)) for _, g in FIGURES]
            tput = median(rs, FIGURES[0][1])
            cpu = median(rs, FIGURES[3][1])
            tput_ratio = cpu_ratio = "—"
            if base and size != 0:
                b_tput, b_cpu = median(base, FIGURES[0][1]), median(base, FIGURES[3][1])
                tput_ratio = f"{tput / b_tput:.3f}" if b_tput else "—"
                cpu_ratio = f"{cpu / b_cpu:.3f}" if cpu and b_cpu else "—"
            out.append(f"| {size:,} | " + " | ".join(cells) + f" | {tput_ratio} | {cpu_ratio} | {len(rs)} |")
        out.append("")

out.append("## Growth: certificates/s (Cairn CPU ms per certificate)")
out.append("")
out.append("| backend | stored | " + " | ".join(f"{c} clients" for c in clients_list) + " |")
out.append("|---|---|" + "---|" * len(clients_list))
for backend in backends:
    for size in sizes:
        cells = []
        for clients in clients_list:
            rs = runs.get((backend, size, clients))
            cells.append(
                f"{fmt(median(rs, FIGURES[0][1]))} ({fmt(median(rs, FIGURES[3][1]))})" if rs else "—")
        out.append(f"| {backend} | {size:,} | " + " | ".join(cells) + " |")
out.append("")
out.append("## Commands")
out.append("")
out.append("```")
out.extend(line.rstrip() for line in open(os.path.join(work, "commands.txt")))
out.append("```")
print("\n".join(out))
