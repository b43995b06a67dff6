#!/usr/bin/python3
"""Starts an entgraph build on a generated corpus large enough that writing
its graph takes a while, waits until a hidden temporary output file
appears in TMP/o (the build is writing), and kills it with SIGKILL.
usage: kill_while_writing.py TMP (entgraph on PATH)"""
import os, random, signal, subprocess, sys, time
tmp = sys.argv[1]
random.seed(3)
names = ["实体%04d号" % i for i in range(1500)]
with open(tmp + "/big.tsv", "w") as f:
    f.write("id\tname\ttype\taliases\tparent\n")
    for i, n in enumerate(names):
        f.write("e:%d\t%s\tORG\t\t\n" % (i, n))
with open(tmp + "/big.txt", "w") as f:
    for _ in range(3000):
        f.write("，".join(random.sample(names, 5)) + "。\n")
p = subprocess.Popen(["entgraph", "build", "-q", "--no-default-dict", "-d", tmp + "/big.tsv",
                      "-o", tmp + "/o", tmp + "/big.txt"])
caught = None
while p.poll() is None and caught is None:
    caught = next((n for n in os.listdir(tmp + "/o") if ".tmp-" in n), None)
    if caught is None:
        time.sleep(0.002)
if caught:
    p.send_signal(signal.SIGKILL)
p.wait()
print("killed while writing" if caught else "finished before it could be killed (rc %d)" % p.returncode)
