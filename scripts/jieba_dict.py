"""What the generators of the rules' tables share: the surnames of
src/recognize.c and the entries of jieba's general dictionary.

jieba's dictionary: Debian `apt-get install python3-jieba` puts it at
/usr/lib/python3/dist-packages/jieba/dict.txt (MIT licence), lines
"word frequency tag".
"""
import os
import re

DEFAULT = "/usr/lib/python3/dist-packages/jieba/dict.txt"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def is_han(c):
    return "\u4e00" <= c <= "\u9fff"


def surnames():
    """The single-character surnames of src/recognize.c."""
    with open(os.path.join(ROOT, "src", "recognize.c"), encoding="utf-8") as f:
        src = f.read()
    block = src.split("single_surnames[] =", 1)[1].split(";", 1)[0]
    return set("".join(re.findall(r'"([^"]*)"', block)))


def entries(path=DEFAULT):
    """(word, frequency, tag) for each well-formed line."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                yield parts[0], int(parts[1]), parts[2]
