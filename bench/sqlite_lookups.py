#!/usr/bin/env python3
"""CPU microseconds per hot-path lookup of random existing keys on SQLite files (docs/performance.md, "Scale").
Usage: bench/sqlite_lookups.py DB... ; PRAGMA="PRAGMA mmap_size = 268435456" to try a setting. Read-only."""
import sqlite3, time, random, sys
Q = {
 "account by thumbprint": ("SELECT * FROM accounts WHERE thumbprint = ?", "SELECT thumbprint FROM accounts"),
 "order by id": ("SELECT * FROM orders WHERE id = ?", "SELECT id FROM orders"),
 "authorization + challenges by id": ("SELECT a.*, c.* FROM authorizations a LEFT JOIN challenges c ON c.authorization_id = a.id WHERE a.id = ? ORDER BY a.id, c.position", "SELECT id FROM authorizations"),
 "certificate by serial": ("SELECT * FROM certificates WHERE serial = ?", "SELECT serial FROM certificates"),
 "ARI: order replacing certID": ("SELECT * FROM orders WHERE replaces = ? AND phase <> 'INVALID'", "SELECT replaces FROM orders WHERE replaces IS NOT NULL"),
}
dbs = sys.argv[1:]
conns = {d: sqlite3.connect(f"file:{d}?mode=ro", uri=True) for d in dbs}
import os
for c in conns.values():
    c.execute(os.environ.get("PRAGMA", "PRAGMA cache_size = -2000"))
rnd = random.Random(1)
keys = {}
for d, c in conns.items():
    for name, (q, k) in Q.items():
        n = c.execute(f"SELECT count(*) FROM ({k})").fetchone()[0]
        step = max(1, n // 3000)
        ks = [r[0] for r in c.execute(f"{k} LIMIT 3000 OFFSET ?", (rnd.randrange(0, max(1, n - 3000)),))] if n > 3000 else [r[0] for r in c.execute(k)]
        rnd.shuffle(ks); keys[(d, name)] = ks[:2000] or ["x"]
res = {}
for rep in range(3):
    for d in (dbs if rep % 2 == 0 else dbs[::-1]):
        c = conns[d]
        for name, (q, k) in Q.items():
            ks = keys[(d, name)]
            t = time.process_time()
            for key in ks:
                c.execute(q, (key,)).fetchall()
            res.setdefault((d, name), []).append((time.process_time() - t) / len(ks) * 1e6)
print("| lookup | " + " | ".join(dbs) + " |")
for name in Q:
    print(f"| {name} | " + " | ".join(f"{sorted(res[(d, name)])[1]:.1f}" for d in dbs) + " |")
