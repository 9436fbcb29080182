#!/usr/bin/env python3
# The module graph of a crate from its `crate::X` paths (test modules left out), and its cycles.
# Usage: python3 scripts/cycles.py src
import re,os,sys,itertools
src=sys.argv[1]
def top(p):
  rel=os.path.relpath(p,src).split(os.sep)
  return rel[0].removesuffix('.rs')
deps={}
for root,_,files in os.walk(src):
  for f in files:
    if not f.endswith('.rs'): continue
    p=os.path.join(root,f); t=top(p)
    if t in('main','lib'): continue
    txt=open(p).read()
    # strip test modules roughly
    txt=txt.split('#[cfg(test)]')[0]
    for m in re.finditer(r'crate::(\w+)',txt):
      if m.group(1)!=t: deps.setdefault(t,set()).add(m.group(1))
    for m in re.finditer(r'use crate::\{([^;]*)\}',txt,re.S):
      for n in re.findall(r'(?:^|[,{\s])(\w+)(?:::|\s*,|\s*\})',m.group(1)):
        if n!=t and n not in('self',): deps.setdefault(t,set()).add(n)
mods=sorted(set(deps)|{d for v in deps.values() for d in v})
for a in sorted(deps): print(a,'->',' '.join(sorted(deps[a])))
# SCCs
idx={};low={};st=[];on=set();out=[];c=[0]
def sc(v):
  idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
  for w in deps.get(v,()):
    if w not in idx: sc(w);low[v]=min(low[v],low[w])
    elif w in on: low[v]=min(low[v],idx[w])
  if low[v]==idx[v]:
    comp=[]
    while True:
      w=st.pop();on.discard(w);comp.append(w)
      if w==v:break
    if len(comp)>1: out.append(comp)
for v in mods:
  if v not in idx: sc(v)
print('CYCLES:',out)
