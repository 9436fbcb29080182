#!/usr/bin/env python3
# Functions longer than N lines, from `fn` to its closing brace. Usage: python3 scripts/longfn.py src 120
import re,sys,os
# rough: find 'fn name' at line start (after spaces/pub), count lines until matching brace
res=[]
for root,_,files in os.walk(sys.argv[1]):
  for f in files:
    if not f.endswith('.rs'): continue
    p=os.path.join(root,f); L=open(p).read().split('\n')
    i=0
    while i<len(L):
      m=re.match(r'\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)',L[i])
      if m and not L[i].strip().endswith(';'):
        depth=0;started=False;j=i
        while j<len(L):
          s=re.sub(r'"(\\.|[^"\\])*"','""',L[j]); s=re.sub(r"'(\\.|[^'\\])'","''",s); s=s.split('//')[0]
          for c in s:
            if c=='{': depth+=1;started=True
            elif c=='}': depth-=1
          if started and depth<=0: break
          j+=1
        n=j-i+1
        if n>int(sys.argv[2]): res.append((n,p,i+1,m.group(6)))
        i+=1
      else: i+=1
for r in sorted(res,reverse=True): print(*r)
