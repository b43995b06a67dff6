"""One long document of made-up text whose names work the document-wide
stages of extract: names several places share (resolve_groups), names that
need context and roles (the sense stage), surnames with forms of address
(their linking), full names, counties and organisations, from the bundled
dictionary, in random order with filler words. Seeded, to stdout.

usage: bench/gen_longdoc.py SIZE_MB [SEED]
"""
import collections
import os
import random
import sys
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'dict') + '/'
rng=random.Random(int(sys.argv[2]) if len(sys.argv)>2 else 1)
def rows(f):
    for l in open(D+f):
        if l.startswith('#') or l.startswith('id\t'): continue
        yield l.rstrip('\n').split('\t')
ppl=[r for r in rows('people_notable.tsv')]
ctxp=[r[1] for r in ppl if len(r)>6 and r[6]=='context']
roles=[r[5].split('、')[0] for r in ppl if len(r)>5 and r[5]]
town=collections.Counter(r[1] for r in rows('cn_townships.tsv'))
groups=[n for n,c in town.items() if c>1]
counties=[r[1] for r in rows('cn_divisions.tsv')]
orgs=[r[1] for r in rows('cn_organisations.tsv')]
gen=[r[1] for r in rows('generic_organisations.tsv')]
sur='王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
addr=['女士','先生','局长','老师','书记','师傅']
fill=['表示','在','会见了','说','指出','和','的','今天','访问','。','，','据报道','记者','']
def piece():
    r=rng.random()
    if r<0.15: return rng.choice(ctxp)
    if r<0.22: return rng.choice(roles)+rng.choice(ctxp)
    if r<0.40: return rng.choice(groups)
    if r<0.50: return rng.choice(counties)
    if r<0.58: return rng.choice(orgs)
    if r<0.62: return rng.choice(gen)
    if r<0.70: s=rng.choice(sur); return s+rng.choice('明华强丽军伟')+rng.choice('平东林')
    if r<0.80: s=rng.choice(sur); return rng.choice([s+rng.choice(addr),'老'+s,'小'+s])
    return ''
out=[]
n=0; lim=int(float(sys.argv[1])*1e6)
while n<lim:
    par=''.join(piece()+rng.choice(fill) for _ in range(rng.randint(5,40)))+'。'
    out.append(par); n+=len(par.encode())
print('\n\n'.join(out))
