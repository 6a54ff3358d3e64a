#!/usr/bin/env python3
"""The word-for-word baseline: each English word replaced by its first Spanish translation in the FreeDict
English-Spanish dictionary (Debian's dict-freedict-eng-spa, GPL-2.0+; 5,907 headwords), a word it does not have kept as it is,
punctuation kept; a capitalised word gets a capitalised translation. Standard library only.

    dictionary.py SOURCES.tsv > translations.txt      (the English column of each line, translated)
"""
import gzip
import re
import sys

DICT = "/usr/share/dictd/freedict-eng-spa"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def number(text):
    n = 0
    for c in text:
        n = n * 64 + B64.index(c)
    return n


def load():
    """{english word: first Spanish translation} from the dictd index and data. The index files a phrase under its
    first word ("The Hague" under "the"), so of a word's entries the one with the shortest pronunciation is the word's."""
    data = gzip.open(DICT + ".dict.dz").read()
    best = {}
    with open(DICT + ".index", encoding="utf-8") as f:
        for line in f:
            head, offset, length = line.rstrip("\n").split("\t")
            if head.startswith("00database") or " " in head:
                continue
            entry = data[number(offset):number(offset) + number(length)].decode("utf-8").split("\n")
            m = re.match(r"^\S+ /([^/]*)/", entry[0])
            senses = [re.sub(r"^\d+\.\s*", "", s).strip() for s in entry[1:] if s.strip()]
            if not senses:
                continue
            key, size = head.lower(), len(m.group(1)) if m else 0
            if key not in best or size < best[key][0]:
                best[key] = (size, senses[0].split(",")[0].strip())
    return {w: t for w, (_, t) in best.items()}


def translate(text, words):
    out = []
    for token in re.findall(r"\w+(?:['’]\w+)*|[^\w\s]", text):
        spanish = words.get(token.lower())
        if spanish is None:
            out.append(token)
        else:
            out.append(spanish[:1].upper() + spanish[1:] if token[:1].isupper() else spanish)
    return re.sub(r" ([,.;:!?’”)])", r"\1", re.sub(r"([“(]) ", r"\1", " ".join(out)))


if __name__ == "__main__":
    words = load()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            print(translate(line.rstrip("\n").split("\t")[0], words))
