"""What the generators of the rules' tables share: the surnames of the
rules' data (src/recognize_sets.txt) and the entries of jieba's general
dictionary.

jieba's dictionary: Debian `apt-get install python3-jieba` puts it at
/usr/lib/python3/dist-packages/jieba/dict.txt (MIT licence), lines
"word frequency tag".
"""
import os

DEFAULT = "/usr/lib/python3/dist-packages/jieba/dict.txt"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def is_han(c):
    return "\u4e00" <= c <= "\u9fff"


def surnames():
    """The single-character surnames of the rules (set single_surnames of
    src/recognize_sets.txt: the indented lines after its header)."""
    chars, inside = "", False
    with open(os.path.join(ROOT, "src", "recognize_sets.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            if not line[0].isspace():
                inside = line.split() == ["set", "single_surnames"]
            elif inside:
                chars += line.strip()
    return set(chars)


def entries(path=DEFAULT):
    """(word, frequency, tag) for each well-formed line."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                yield parts[0], int(parts[1]), parts[2]
