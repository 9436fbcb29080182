#!/usr/bin/env python3
"""The baseline vncite is compared with: a plain Python script using `re` and networkx, as
policy researchers write it. It reads every .txt/.md file, takes the own number after `Số:`,
finds number/symbol keys with one regular expression, builds a networkx graph and writes one
JSON line per document."""
import json, os, re, sys
import networkx as nx

KEY = re.compile(r"\b\d{1,7}(?:/\d{4})?(?:-[A-ZĐ]+)?/[A-ZĐ][A-Za-zĐđ0-9&.]*(?:-[A-ZĐ0-9][A-Za-zĐđ0-9&.]*)*")
OWN = re.compile(r"Số:?\s*(\S+)")

def main(root):
    g = nx.DiGraph()
    out = sys.stdout
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith((".txt", ".md")):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            own = OWN.search(text)
            me = own.group(1) if own else path
            keys = [m.group(0) for m in KEY.finditer(text)]
            for k in keys:
                if k != me:
                    g.add_edge(me, k)
            out.write(json.dumps({"path": path, "number": me, "references": keys}, ensure_ascii=False) + "\n")
    sys.stderr.write(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges\n")

if __name__ == "__main__":
    main(sys.argv[1])
