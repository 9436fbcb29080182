#!/usr/bin/env python3
"""Whole-process benchmarks of vncite, measured side by side in one run on this machine.

    python3 scripts/bench.py                     # 100,000 documents for speed, 1,000,000 for the index
    EXTRACT_DOCS=20000 INDEX_DOCS=100000 RUNS=3 python3 scripts/bench.py
    BASE=/tmp/vncite-base INDEX_DOCS=100000 RUNS=2 python3 scripts/bench.py index

`scale` makes a new index at each size of SCALE (documents, comma-separated) and re-indexes it
unchanged, beside `vncite extract` of the same files (best of RUNS): ratio, peak memory per
document and its slope.

`index` times `vncite index`, side by side with the binary BASE (an older build) when given
and with `vncite extract` of the same files, run by run in turn: a new index, again with nothing changed, after touching 1 % of the
files (time only), after appending a line to 1 % of them. Each update starts from a copy of
the index that binary made, so both see the same change. Wall s, CPU s (user + system), peak
RSS and bytes written (`/usr/bin/time` %O, 512-byte blocks) are reported.

It builds vncite and the corpus generator (release), generates the corpora (deterministic,
seed 1) under $WORK (default /tmp/vncite-bench), then times each command RUNS times (default 5)
with /usr/bin/time and reports the median wall time and the peak resident memory. Comparisons:
ripgrep (`rg -o` with an equivalent number/symbol pattern) and scripts/baseline.py (Python,
`re` and networkx). Results go to stdout as Markdown, the form BENCHMARKS.md records."""
import json, os, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.environ.get("WORK", "/tmp/vncite-bench")
RUNS = int(os.environ.get("RUNS", "5"))
EXTRACT_DOCS = int(os.environ.get("EXTRACT_DOCS", "100000"))
INDEX_DOCS = int(os.environ.get("INDEX_DOCS", "1000000"))
VNCITE = os.environ.get("VNCITE", os.path.join(ROOT, "target/release/vncite"))
GEN = os.environ.get("GEN", os.path.join(ROOT, "target/release/examples/gencorpus"))
RG_PATTERN = r"[0-9]{1,7}(/[0-9]{4})?(-[A-ZĐ]+)?/[A-ZĐ][A-Za-zĐđ0-9&.]*(-[A-ZĐ0-9][A-Za-zĐđ0-9&.]*)*"

def timed(cmd, runs=RUNS):
    """Median wall seconds and max peak RSS (KB) of `cmd` over `runs` runs; output discarded."""
    walls, rss = [], []
    for _ in range(runs):
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode not in (0, 1):
            raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr}")
        w, m = r.stderr.strip().splitlines()[-1].split()
        walls.append(float(w)); rss.append(int(m))
    return statistics.median(walls), max(rss)

def corpus(n):
    out = os.path.join(WORK, f"corpus-{n}")
    if not os.path.exists(os.path.join(out, "truth.jsonl")):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([GEN, "--docs", str(n), "--seed", "1", "--out", out], check=True, stdout=subprocess.DEVNULL)
    return out

def size_of(path):
    total = files = 0
    for d, _, fs in os.walk(path):
        for f in fs:
            total += os.path.getsize(os.path.join(d, f)); files += 1
    return total, files

def main():
    os.makedirs(WORK, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--bin", "vncite", "--example", "gencorpus"], cwd=ROOT, check=True)
    print(f"# vncite benchmarks\n\nmachine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}; runs: {RUNS} (median)\n")
    small = corpus(EXTRACT_DOCS)
    docs = os.path.join(small, "docs")
    nbytes, nfiles = size_of(docs)
    # Warm the page cache so every tool reads from memory.
    subprocess.run(["cat"] + [os.path.join(d, f) for d, _, fs in os.walk(docs) for f in fs][:1], stdout=subprocess.DEVNULL)
    subprocess.run(f"find {docs} -type f -exec cat {{}} + > /dev/null", shell=True)
    # The tools take turns, run by run, so the machine's ups and downs fall on all of them.
    tools = [("vncite extract --format jsonl", [VNCITE, "extract", "--format", "jsonl", docs])]
    if shutil.which("rg"):
        tools.append(("rg -o (number/symbol pattern)", ["rg", "-o", "--no-filename", "-e", RG_PATTERN, docs]))
    try:
        import networkx  # noqa: F401
        tools.append(("python3 scripts/baseline.py (re + networkx)", [sys.executable, os.path.join(ROOT, "scripts/baseline.py"), docs]))
    except ImportError:
        pass
    walls = {name: [] for name, _ in tools}
    peaks = {name: 0 for name, _ in tools}
    for _ in range(RUNS):
        for name, cmd in tools:
            w, m = timed(cmd, runs=1)
            walls[name].append(w)
            peaks[name] = max(peaks[name], m)
    rows = [(name, statistics.median(walls[name]), peaks[name]) for name, _ in tools]
    med = {name: s for name, s, _ in rows}
    v = med["vncite extract --format jsonl"]
    r = med.get("rg -o (number/symbol pattern)")
    p = med.get("python3 scripts/baseline.py (re + networkx)")
    print(f"## Extraction: {nfiles} files, {nbytes / 1e6:.1f} MB\n")
    print("| command | median s | MB/s | documents/s | peak RSS MB |\n|---|---|---|---|---|")
    for name, s, m in rows:
        print(f"| {name} | {s:.2f} | {nbytes / 1e6 / s:.1f} | {nfiles / s:.0f} | {m / 1024:.0f} |")
    print("\nEach run, in turn (s): " + "; ".join(f"{n.split(' (')[0]}: " + ", ".join(f"{x:.2f}" for x in walls[n]) for n in walls))
    if r:
        print(f"\nvncite / rg time ratio: **{v / r:.1f}×** (target ≤ 3×)")
    if p:
        print(f"python / vncite time ratio: **{p / v:.1f}×** (target ≥ 10×)")
    # Index of the large corpus, once, then queries from it.
    big = corpus(INDEX_DOCS)
    bdocs = os.path.join(big, "docs")
    bbytes, bfiles = size_of(bdocs)
    db = os.path.join(WORK, f"index-{INDEX_DOCS}.db")
    if os.path.exists(db):
        os.remove(db)
    s, m = timed([VNCITE, "index", bdocs, "-o", db], runs=1)
    print(f"\n## Index: {bfiles} files, {bbytes / 1e6:.0f} MB\n")
    print(f"| command | s | documents/s | peak RSS MB |\n|---|---|---|---|\n| vncite index (new) | {s:.1f} | {bfiles / s:.0f} | {m / 1024:.0f} |")
    s2, m2 = timed([VNCITE, "index", bdocs, "-o", db], runs=1)
    print(f"| vncite index (again, nothing changed) | {s2:.1f} | {bfiles / s2:.0f} | {m2 / 1024:.0f} |")
    print(f"\nindex file: {os.path.getsize(db) / 1e6:.0f} MB")
    # The national directive with most implementers, a commune document, a province document.
    kids = {}
    for line in open(os.path.join(big, "truth.jsonl")):
        e = json.loads(line)
        kids.setdefault(e["cited"], []).append(e["citing"])
    gdocs = [json.loads(l) for l in open(os.path.join(big, "docs.jsonl"))]
    root = max((c for c in kids if gdocs[c]["level"] == 0), key=lambda c: (len(kids[c]), -c))
    leaf = next(d for d in reversed(gdocs) if d["level"] == 3 and d["path"])
    key = gdocs[root]["key"]
    # A number restarts every year: when the key names several documents, use the node id.
    if subprocess.run([VNCITE, "show", key, "--index", db], capture_output=True).returncode == 2:
        key = f"{key} ({gdocs[root]['year']})"
    print(f"\n## Queries from the index of {bfiles} documents (whole process)\n")
    print("| query | median ms | peak RSS MB |\n|---|---|---|")
    for name, cmd in [
        (f"descendants {key} (national directive)", [VNCITE, "descendants", key, "--format", "list", "--index", db]),
        ("ancestors (a commune document)", [VNCITE, "ancestors", os.path.join(big, leaf["path"]), "--index", db]),
        (f"show {key}", [VNCITE, "show", key, "--index", db]),
        (f"graph --root {key} --depth 2 -o x.svg", [VNCITE, "graph", "--root", key, "--depth", "2", "-o", os.path.join(WORK, "x.svg"), "--index", db]),
    ]:
        s, m = timed(cmd)
        print(f"| `{name}` | {s * 1000:.0f} | {m / 1024:.0f} |")
    ev = subprocess.run([GEN, "--eval", big, "--index", db], capture_output=True, text=True).stdout.strip()
    print(f"\n## Accuracy on the synthetic truth ({bfiles} documents)\n\n{ev}")

def index_side_by_side():
    """`vncite index` of INDEX_DOCS documents: new, unchanged, 1 % touched, 1 % modified."""
    os.makedirs(WORK, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--bin", "vncite", "--example", "gencorpus"], cwd=ROOT, check=True)
    big = corpus(INDEX_DOCS)
    bdocs = os.path.join(big, "docs")
    _, nfiles = size_of(bdocs)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(bdocs) for f in fs)
    bins = [("new", VNCITE)]
    if os.environ.get("BASE"):
        bins.insert(0, ("base", os.environ["BASE"]))
    def run(cmd):
        r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M %O"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode not in (0, 1):
            raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr}")
        w, u, sy, m, o = r.stderr.strip().splitlines()[-1].split()
        return float(w), float(u) + float(sy), int(m), int(o) * 512
    cases = ["new index", "again, nothing changed", "1 % touched", "1 % modified"]
    got = {(b, c): [] for b, _ in bins for c in cases}
    sizes = {}
    # Extraction of the same corpus, in the same turns: the index's target is a multiple of it.
    # The files are put in the page cache first, or the first turn's extract pays for the disk.
    subprocess.run(f"find {bdocs} -type f -exec cat {{}} + > /dev/null", shell=True)
    extract = []
    for i in range(RUNS):
        extract.append(run([VNCITE, "extract", "--format", "jsonl", bdocs]))
        for name, exe in bins:
            db = os.path.join(WORK, f"index-{name}.db")
            snap = db + ".snap"
            for p in (db, snap):
                if os.path.exists(p):
                    os.remove(p)
            got[(name, cases[0])].append(run([exe, "index", bdocs, "-o", db]))
            sizes[name] = os.path.getsize(db)
            got[(name, cases[1])].append(run([exe, "index", bdocs, "-o", db]))
            shutil.copyfile(db, snap)
            for f in files[i::100]:
                os.utime(f)
            got[(name, cases[2])].append(run([exe, "index", bdocs, "-o", db]))
            shutil.copyfile(snap, db)
            for f in files[50 + i::100]:
                with open(f, "a") as fh:
                    fh.write("\n")
            got[(name, cases[3])].append(run([exe, "index", bdocs, "-o", db]))
    print(f"## Index of {nfiles} files: side by side, {RUNS} runs each, in turn (best wall)\n")
    print("| binary | case | wall s (each run) | CPU s | files/s | peak RSS MB | MB written |\n|---|---|---|---|---|---|---|")
    for c in cases:
        for name, _ in bins:
            rs = got[(name, c)]
            best = min(rs)
            print(f"| {name} | {c} | {best[0]:.2f} ({', '.join(f'{r[0]:.2f}' for r in rs)}) | {best[1]:.2f} | {nfiles / best[0]:.0f} | {max(r[2] for r in rs) / 1024:.0f} | {best[3] / 1e6:.0f} |")
    print("\nindex file: " + "; ".join(f"{n} {s / 1e6:.0f} MB" for n, s in sizes.items()))
    ex = min(extract)
    new_index = min(got[("new", cases[0])])
    print(f"\n`vncite extract --format jsonl` of the same files, in the same turns: {ex[0]:.2f} s best wall "
          f"({', '.join(f'{r[0]:.2f}' for r in extract)}), {max(r[2] for r in extract) / 1024:.0f} MB peak; "
          f"new index ÷ extract: **{new_index[0] / ex[0]:.2f}×**; new index peak per file: "
          f"{max(r[2] for r in got[('new', cases[0])]) / nfiles:.2f} KiB")

def extract_three():
    """`vncite extract --format jsonl` on three corpora, side by side with rg -o, the Python
    baseline and (when BASE names an older build) that build, the tools taking turns run by
    run: generated documents (EXTRACT_DOCS), the web-page mix (WEB_MB megabytes), and
    ../shared/dev-corpus (real pages), when present. NOBUILD=1 skips the release build."""
    os.makedirs(WORK, exist_ok=True)
    if not os.environ.get("NOBUILD"):
        subprocess.run(["cargo", "build", "--release", "--bin", "vncite", "--example", "gencorpus"], cwd=ROOT, check=True)
    web = os.path.join(WORK, f"web-{WEB_MB}")
    if not os.path.exists(os.path.join(web, "web")):
        subprocess.run([GEN, "--web", str(WEB_MB), "--seed", "1", "--out", web], check=True, stdout=subprocess.DEVNULL)
    corpora = [("synthetic documents", os.path.join(corpus(EXTRACT_DOCS), "docs")), ("web-page mix", os.path.join(web, "web"))]
    dev = os.path.join(ROOT, "..", "shared", "dev-corpus")
    if os.path.isdir(dev):
        corpora.append(("dev corpus (real pages)", dev))
    print(f"## Extraction side by side\n\nmachine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}; runs: {RUNS} (median)\n")
    for label, docs in corpora:
        nbytes, nfiles = size_of(docs)
        subprocess.run(f"find {docs} -type f -exec cat {{}} + > /dev/null", shell=True)
        tools = [("vncite", [VNCITE, "extract", "--format", "jsonl", docs])]
        if os.environ.get("BASE"):
            tools.append(("vncite (base)", [os.environ["BASE"], "extract", "--format", "jsonl", docs]))
        if not shutil.which("rg"):
            raise SystemExit("bench.py extract needs ripgrep (`apt-get install ripgrep`)")
        tools.append(("rg -o", ["rg", "-o", "--no-filename", "-e", RG_PATTERN, docs]))
        tools.append(("python baseline.py", [sys.executable, os.path.join(ROOT, "scripts/baseline.py"), docs]))
        walls = {name: [] for name, _ in tools}
        for _ in range(RUNS):
            for name, cmd in tools:
                walls[name].append(timed(cmd, runs=1)[0])
        med = {n: statistics.median(w) for n, w in walls.items()}
        print(f"### {label}: {nfiles} files, {nbytes / 1e6:.1f} MB\n")
        print("| command | median s | MB/s | × rg | python ÷ it | each run (s) |\n|---|---|---|---|---|---|")
        for n, w in walls.items():
            print(f"| {n} | {med[n]:.2f} | {nbytes / 1e6 / med[n]:.0f} | {med[n] / med['rg -o']:.2f} | {med['python baseline.py'] / med[n]:.1f} | {', '.join(f'{x:.2f}' for x in w)} |")
        print()

WEB_MB = int(os.environ.get("WEB_MB", "30"))

def index_scale():
    """A new index and an unchanged re-index at each size of SCALE (default 100000,300000,1000000
    documents), beside `vncite extract` of the same files: the index's ratio to extraction, its
    peak memory per document and the slope of that memory from one size to the next."""
    os.makedirs(WORK, exist_ok=True)
    if not os.environ.get("NOBUILD"):
        subprocess.run(["cargo", "build", "--release", "--bin", "vncite", "--example", "gencorpus"], cwd=ROOT, check=True)
    def run(cmd):
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode not in (0, 1):
            raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr}")
        w, m = r.stderr.strip().splitlines()[-1].split()
        return float(w), int(m)
    print("## Index by size\n\n| documents | files | extract s | new index s | ÷ extract | peak MB | KiB a document | slope KiB a document | unchanged s | unchanged peak MB |\n|---|---|---|---|---|---|---|---|---|---|")
    last = None
    for n in [int(x) for x in os.environ.get("SCALE", "100000,300000,1000000").split(",")]:
        docs = os.path.join(corpus(n), "docs")
        subprocess.run(f"find {docs} -type f -exec cat {{}} + > /dev/null", shell=True)
        db = os.path.join(WORK, f"scale-{n}.db")
        ex = min(run([VNCITE, "extract", "--format", "jsonl", docs]) for _ in range(RUNS))
        if os.path.exists(db):
            os.remove(db)
        new = run([VNCITE, "index", docs, "-o", db])
        again = min(run([VNCITE, "index", docs, "-o", db]) for _ in range(RUNS))
        import sqlite3
        con = sqlite3.connect(db)
        ndocs = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        nfiles = con.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        con.close()
        slope = f"{(new[1] - last[1]) / (ndocs - last[0]):.2f}" if last else "—"
        print(f"| {ndocs} | {nfiles} | {ex[0]:.2f} | {new[0]:.2f} | {new[0] / ex[0]:.2f}× | {new[1] / 1024:.0f} | {new[1] / ndocs:.2f} | {slope} | {again[0]:.2f} | {again[1] / 1024:.0f} |")
        last = (ndocs, new[1])

if __name__ == "__main__":
    if sys.argv[1:] == ["extract"]:
        extract_three()
    elif sys.argv[1:] == ["index"]:
        index_side_by_side()
    elif sys.argv[1:] == ["scale"]:
        index_scale()
    else:
        main()
