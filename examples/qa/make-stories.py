#!/usr/bin/env python3
"""Writes question-answering stories in the style of bAbI task 1 ("single supporting fact"): people move between
rooms; the question asks where one of them is; the answer is the room of their last move.

    Mary moved to the bathroom. John went to the hallway. Mary travelled to the office.<TAB>Where is Mary?<TAB>office

Usage: examples/qa/make-stories.py OUT TRAIN VALID TEST [SEED]  ->  OUT/qa-{train,valid,test}.tsv
The same arguments give the same files. No story of the valid or test split appears in the training split.
"""
import os
import random
import sys

PEOPLE = ["Mary", "John", "Sandra", "Daniel"]
ROOMS = ["bathroom", "hallway", "garden", "office", "bedroom", "kitchen"]
VERBS = ["moved to", "went to", "journeyed to", "travelled to", "went back to"]


def story(rng):
    n = rng.randint(2, 12)
    where, lines = {}, []
    for _ in range(n):
        person, room = rng.choice(PEOPLE), rng.choice(ROOMS)
        where[person] = room
        lines.append(f"{person} {rng.choice(VERBS)} the {room}.")
    person = rng.choice(sorted(where))
    return " ".join(lines), f"Where is {person}?", where[person]


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    out, counts = sys.argv[1], [int(a) for a in sys.argv[2:5]]
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    os.makedirs(out, exist_ok=True)
    seen = set()
    for split, count in zip(("train", "valid", "test"), counts):
        rows = []
        while len(rows) < count:
            s = story(rng)
            if (s[0], s[1]) in seen:
                continue
            seen.add((s[0], s[1]))
            rows.append("\t".join(s))
        path = os.path.join(out, f"qa-{split}.tsv")
        with open(path + ".tmp", "w") as f:
            f.write("\n".join(rows) + "\n")
        os.replace(path + ".tmp", path)
    print(f"stories: {sum(counts)} in {out}/qa-{{train,valid,test}}.tsv")


if __name__ == "__main__":
    main()
