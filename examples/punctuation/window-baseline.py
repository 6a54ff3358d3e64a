#!/usr/bin/env python3
"""The non-recurrent window baseline for punctuation and case restoration: each word gets the tag seen most often
in training for its window (previous word, word, next word), backing off to (word, next word), then to the word,
then to the most frequent tag. Scores the test file as `rnn4j evaluate` scores a tagger: accuracy, macro F1 over
the tags that occur, and per-tag precision, recall and F1 (standard library only).

Usage: examples/punctuation/window-baseline.py TRAIN.conll TEST.conll
"""
import collections
import sys


def sentences(path):
    sentence = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            word, tag = line.split("\t")
            sentence.append((word, tag))
    if sentence:
        yield sentence


def windows(sentence):
    words = ["<s>"] + [w for w, _ in sentence] + ["</s>"]
    for i, (_, tag) in enumerate(sentence):
        yield (words[i], words[i + 1], words[i + 2]), tag


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tables = [collections.defaultdict(collections.Counter) for _ in range(3)]
    overall = collections.Counter()
    for s in sentences(sys.argv[1]):
        for (prev, word, nxt), tag in windows(s):
            tables[0][(prev, word, nxt)][tag] += 1
            tables[1][(word, nxt)][tag] += 1
            tables[2][word][tag] += 1
            overall[tag] += 1
    default = overall.most_common(1)[0][0]
    gold, guess = [], []
    for s in sentences(sys.argv[2]):
        for (prev, word, nxt), tag in windows(s):
            for table, key in zip(tables, ((prev, word, nxt), (word, nxt), word)):
                if key in table:
                    guess.append(table[key].most_common(1)[0][0])
                    break
            else:
                guess.append(default)
            gold.append(tag)
    tags = sorted(set(gold) | set(guess))
    f1s = []
    print("%-6s %9s %9s %9s %8s" % ("tag", "precision", "recall", "f1", "support"))
    for t in tags:
        tp = sum(1 for g, p in zip(gold, guess) if g == t and p == t)
        predicted, support = guess.count(t), gold.count(t)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if support:
            f1s.append(f1)
        print("%-6s %9.4f %9.4f %9.4f %8d" % (t, precision, recall, f1, support))
    accuracy = sum(1 for g, p in zip(gold, guess) if g == p) / len(gold)
    print("accuracy %.4f  macro_f1 %.4f  tokens %d" % (accuracy, sum(f1s) / len(f1s), len(gold)))


if __name__ == "__main__":
    main()
