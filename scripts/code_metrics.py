#!/usr/bin/env python3
"""Measure the shape of src/: files and lines per module, the longest
functions, and the include/call cycles among source files.

    scripts/code_metrics.py [--build DIR] [--top N] [--json]

Run from a checkout whose build directory (default build/) is compiled:
calls between files come from the object files' symbol tables (nm), so they
are the calls the linker resolves, not guesses from the text.

A module is a folder under src/ (src/cli, src/graphio, ...) or, for files
directly in src/, the first word of the file name (export_json.c and
export_csv.c are "export"; egb.c, egb_map.c and egb_index.c are "egb").
A public header include/entgraph/X.h belongs to the module of src/X.c.
A cycle is a strongly connected component of two or more files in the graph
"file A includes a header of file B, or calls a function defined in B"; it
is counted once, and marked cross-module when its files span modules.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def module_of(path):
    rel = os.path.relpath(path, 'src')
    parts = rel.split(os.sep)
    if len(parts) > 1:
        return parts[0]
    stem = os.path.splitext(parts[0])[0]
    return stem.split('_')[0]


def source_files():
    out = []
    for root, dirs, files in os.walk('src'):
        dirs[:] = [d for d in dirs if d not in ('web', 'vendor')]
        for f in files:
            if f.endswith(('.c', '.h')):
                out.append(os.path.join(root, f))
    for f in sorted(os.listdir('include/entgraph')):
        if f.endswith('.h'):
            out.append(os.path.join('include/entgraph', f))
    return sorted(out)


def unit_of(path, units):
    """The .c file a header stands for (same stem), else the header itself."""
    stem = os.path.splitext(os.path.basename(path))[0]
    if path.endswith('.h'):
        for c in units:
            if os.path.splitext(os.path.basename(c))[0] == stem:
                return c
        for suffix in ('_impl', '_load'):
            if stem.endswith(suffix):
                base = stem[:-len(suffix)]
                for c in units:
                    if os.path.splitext(os.path.basename(c))[0] == base:
                        return c
    return path


def header_module(path, units):
    u = unit_of(path, units)
    if u.startswith('include/'):
        return 'public'
    return module_of(u)


def functions(path):
    """(name, first line, length) of each function defined at column 0."""
    lines = open(path, encoding='utf-8', errors='replace').read().split('\n')
    out = []
    i = 0
    while i < len(lines):
        if lines[i] == '{':
            j = i - 1
            sig = ''
            while j >= 0 and lines[j].strip() and not lines[j].startswith(('}', '#', '/*', ' *')):
                sig = lines[j] + ' ' + sig
                if '(' in lines[j] and not lines[j].startswith((' ', '\t')):
                    break
                j -= 1
            m = re.search(r'([A-Za-z_][A-Za-z0-9_]*)\s*\(', sig)
            k = i + 1
            while k < len(lines) and lines[k] != '}':
                k += 1
            if m and '=' not in sig.split('(')[0]:
                out.append((m.group(1), i + 1, k - i + 1))
            i = k
        i += 1
    return out


def nm_graph(build, units):
    """Edges caller file -> callee file from defined/undefined symbols."""
    objs = {}
    for root, _, files in os.walk(os.path.join(build, 'src')):
        for f in files:
            if f.endswith('.c.o'):
                src = f[:-2]
                # meson names objects after the source path with / as _
                objs[os.path.join(root, f)] = src
    by_name = defaultdict(list)
    for c in units:
        by_name[os.path.basename(c)].append(c)
        flat = c[len('src/'):].replace('/', '_')
        by_name[flat].append(c)
    defined, used = {}, defaultdict(set)
    for obj, name in objs.items():
        cands = by_name.get(name) or by_name.get(name.split('_', 1)[-1])
        if not cands:
            continue
        src = cands[0]
        try:
            out = subprocess.run(['nm', obj], capture_output=True, text=True,
                                 check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in 'TDBR':
                defined.setdefault(parts[2], src)
            elif len(parts) == 2 and parts[0] == 'U':
                used[src].add(parts[1])
    edges = defaultdict(set)
    for src, syms in used.items():
        for s in syms:
            d = defined.get(s)
            if d and d != src:
                edges[src].add(d)
    return edges, bool(objs)


def sccs(nodes, edges):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--build', default='build')
    ap.add_argument('--top', type=int, default=10)
    ap.add_argument('--json', action='store_true')
    a = ap.parse_args()
    files = source_files()
    units = [f for f in files if f.endswith('.c')]

    per_module = defaultdict(lambda: [0, 0])
    for f in files:
        if f.startswith('include/'):
            mod = 'include'
        else:
            mod = module_of(f)
        n = sum(1 for _ in open(f, encoding='utf-8', errors='replace'))
        per_module[mod][0] += 1
        per_module[mod][1] += n

    funcs = []
    for f in units:
        for name, line, length in functions(f):
            funcs.append((length, f, line, name))
    funcs.sort(key=lambda t: (-t[0], t[1], t[2]))

    # file graph: includes (header -> its unit) plus calls (from nm)
    edges = defaultdict(set)
    for f in units:
        for line in open(f, encoding='utf-8', errors='replace'):
            m = INCLUDE.match(line)
            if not m:
                continue
            inc = m.group(1)
            for cand in (os.path.join(os.path.dirname(f), inc),
                         os.path.join('src', inc), os.path.join('include', inc)):
                if os.path.exists(cand):
                    tgt = unit_of(os.path.normpath(cand), units)
                    if tgt != f and tgt.endswith('.c'):
                        edges[f].add(tgt)
                    break
    calls, have_objs = nm_graph(a.build, units)
    for s, ds in calls.items():
        edges[s] |= ds
    cycles = sccs(units, edges)
    cross = [c for c in cycles if len({module_of(f) for f in c}) > 1]

    if a.json:
        json.dump({'modules': {m: {'files': v[0], 'lines': v[1]}
                               for m, v in sorted(per_module.items())},
                   'longest': [{'lines': l, 'file': f, 'line': n, 'name': nm}
                               for l, f, n, nm in funcs[:a.top]],
                   'cycles': cycles, 'cross_module_cycles': cross,
                   'calls_from_objects': have_objs},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    print('module            files   lines')
    tot = [0, 0]
    for m, (nf, nl) in sorted(per_module.items(), key=lambda kv: -kv[1][1]):
        print(f'{m:16} {nf:6} {nl:7}')
        tot[0] += nf
        tot[1] += nl
    print(f'{"total":16} {tot[0]:6} {tot[1]:7}')
    print(f'\nlongest functions (lines, {len(funcs)} functions):')
    for l, f, n, nm in funcs[:a.top]:
        print(f'  {l:4}  {nm}  ({f}:{n})')
    if not have_objs:
        print(f'\n(no object files under {a.build}/src: cycles from includes only)')
    print(f'\ninclude/call cycles among source files: {len(cycles)} '
          f'({len(cross)} spanning modules)')
    for c in cycles:
        mods = sorted({module_of(f) for f in c})
        tag = 'cross-module' if len(mods) > 1 else 'within ' + mods[0]
        print(f'  [{tag}] ' + ' <-> '.join(os.path.relpath(f, 'src') for f in c))


if __name__ == '__main__':
    main()
