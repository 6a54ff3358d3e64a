#!/usr/bin/python3
"""Writes the small example data sets in examples/data (deterministic: seeded), one per task and format.

Run from the project root: /usr/bin/python3 tools/make_examples.py
Each file is small enough to train on in seconds; each is made so that order or memory matters.
"""
import json, math, os, random

OUT = os.path.join(os.path.dirname(__file__), "..", "examples", "data")
R = random.Random(7)


def write(name, lines):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def ratings():
    """regress, TSV: a rating 1-5 from a short review; 'not' flips the word after it."""
    words = {"awful": 1, "bad": 2, "okay": 3, "good": 4, "excellent": 5}
    subjects = ["the movie", "the plot", "the acting", "this film", "the ending", "the music"]
    lines = []
    for _ in range(400):
        w = R.choice(list(words))
        neg = R.random() < 0.35
        score = 6 - words[w] if neg else words[w]
        lines.append(f"{score}\t{R.choice(subjects)} was {'not ' if neg else ''}{w}")
    write("ratings.tsv", lines)


def tags():
    """tag, CoNLL: a tiny grammar; 'can' and 'fish' are nouns or verbs depending on their place."""
    dets, adjs = ["the", "a", "every"], ["big", "small", "old", "red"]
    nouns, verbs = ["dog", "cat", "fish", "man", "can", "bird"], ["sees", "likes", "can", "fish", "eats"]
    out = []
    for _ in range(300):
        sent = []
        for role in ("subj", "verb", "obj"):
            if role == "verb":
                sent.append((R.choice(verbs), "VERB"))
                continue
            sent.append((R.choice(dets), "DET"))
            if R.random() < 0.5:
                sent.append((R.choice(adjs), "ADJ"))
            sent.append((R.choice(nouns), "NOUN"))
        out += [f"{w}\t{t}" for w, t in sent] + [""]
    write("tags.conll", out[:-1])


def text():
    """lm, plain text: short sentences from a small grammar, one per line."""
    who = ["the cat", "a dog", "my friend", "the old man", "a small bird"]
    does = ["sat on the mat", "ran to the park", "ate the fish", "saw the moon", "sang a song"]
    when = ["today", "at night", "in the morning", "again", ""]
    write("sentences.txt", [" ".join(p for p in (R.choice(who), R.choice(does), R.choice(when)) if p) + "." for _ in range(400)])


ONES = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n):
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + spell(n % 100))


def numbers():
    """seq2seq, TSV: digits → English words ('4 2' → 'forty two'), different lengths on each side."""
    ns = list(range(1000))
    R.shuffle(ns)
    write("numbers.tsv", [f"{' '.join(str(n))}\t{spell(n)}" for n in ns[:600]])
    write("numbers-test.tsv", [f"{' '.join(str(n))}\t{spell(n)}" for n in ns[600:700]])


def captions():
    """caption, JSON Lines: a feature vector (one-hot colour, shape, size + noise) → its description."""
    colours, shapes, sizes = ["red", "green", "blue", "yellow"], ["circle", "square", "triangle"], ["small", "large"]
    lines = []
    for _ in range(300):
        c, s, z = R.randrange(4), R.randrange(3), R.randrange(2)
        x = [0.0] * 9
        x[c] = 1.0
        x[4 + s] = 1.0
        x[7 + z] = 1.0
        x = [round(v + R.gauss(0, 0.05), 3) for v in x]
        lines.append(json.dumps({"x": x, "y": f"a {sizes[z]} {colours[c]} {shapes[s]}"}))
    write("shapes.jsonl", lines)


def sensors():
    """classify, JSON Lines: 3-axis readings; the class is whether the peak comes before or after the dip."""
    lines = []
    for _ in range(300):
        t = R.randint(12, 24)
        x = [[round(R.gauss(0, 0.2), 3) for _ in range(3)] for _ in range(t)]
        a, b = R.sample(range(t), 2)
        x[a][0] += 3.0
        x[b][0] -= 3.0
        lines.append(json.dumps({"x": x, "y": "peak-first" if a < b else "dip-first"}))
    write("gestures.jsonl", lines)


def series():
    """regress, CSV: a daily series with a weekly cycle, a slow trend and noise."""
    rows = ["day,value"]
    for d in range(600):
        v = 50 + 0.02 * d + 10 * math.sin(2 * math.pi * d / 7) + 3 * math.sin(2 * math.pi * d / 30) + R.gauss(0, 1)
        rows.append(f"{d},{v:.3f}")
    write("series.csv", rows)


def vectors():
    """word vectors in GloVe text format for the review words (random here: the format, not the meaning)."""
    words = "the movie plot acting was not good bad great awful boring excellent fun".split()
    write("vectors.txt", [w + " " + " ".join(f"{R.gauss(0, 0.5):.4f}" for _ in range(16)) for w in words])


def first_token():
    """classify, TSV: 60 random words; the label is decided by the first word alone (a long dependency)."""
    words = ["w%d" % i for i in range(8)]
    lines = []
    for _ in range(2000):
        s = [R.choice(words) for _ in range(60)]
        lines.append(("early" if words.index(s[0]) < 4 else "late") + "\t" + " ".join(s))
    write("first-token.tsv", lines)


def order():
    """classify, TSV: filler words and the words 'before' and 'after' in either order; the label is their order.
    Every bag of words occurs with both labels, so only a model that reads the order can score above chance."""
    fillers = ["the", "movie", "plot", "was", "and", "very"]
    lines = []
    for _ in range(1000):
        s = [R.choice(fillers) for _ in range(R.randint(3, 7))]
        i, j = sorted(R.sample(range(len(s) + 2), 2))
        first, second = ("before", "after") if R.random() < 0.5 else ("after", "before")
        s.insert(i, first)
        s.insert(j, second)
        lines.append(("in-order" if first == "before" else "reversed") + "\t" + " ".join(s))
    write("order.tsv", lines[:800])
    write("order-test.tsv", lines[800:])


if __name__ == "__main__":
    ratings(); tags(); text(); numbers(); captions(); sensors(); series(); vectors(); first_token(); order()
