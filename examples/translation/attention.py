#!/usr/bin/env python3
"""Prints the attention map of one translation as text: a row per written subword, a column per source subword,
each weight as a shade ( .:-=+*#%@ for 0 to 1) as wide as the source subword above it. Reads the answer of the demo server's visualise call:

    ./rnn4j serve --models models &
    curl -s -X POST localhost:8080/api/v1/translation/visualise -H 'Content-Type: application/json' \\
        -d '{"text": "Jesus wept."}' | python3 examples/translation/attention.py

A subword that begins a word carries its space, shown as SentencePiece shows it: ▁.
"""
import json
import sys

SHADES = " .:-=+*#%@"


def shown(token):
    return "\u2581" + token[1:] if token.startswith(" ") else token


def main():
    answer = json.load(open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin)
    if not answer.get("attention"):
        sys.exit("attention.py: this answer has no attention map (a model without attention?)")
    source = [shown(t) for t in answer["tokens"]]
    target = [shown(t) for t in answer["attention"]["target"]]
    weights = answer["attention"]["weights"]
    print(answer["result"]["source"] + "  ->  " + answer["result"]["prediction"])
    left = max(len(t) for t in target)
    print(" " * left + " " + " ".join(source))
    for token, row in zip(target, weights):
        cells = (SHADES[min(len(SHADES) - 1, int(w * len(SHADES)))] * len(s) for w, s in zip(row, source))
        print(token.rjust(left) + " " + " ".join(cells))

if __name__ == "__main__":
    main()
