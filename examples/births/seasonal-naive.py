#!/usr/bin/env python3
"""The seasonal-naive baseline for the births forecast: the value h days ahead is predicted by the value on the same
weekday of the last week seen (h - 7 days before the target, for h = 1..7). Scored on the same windows as
`rnn4j evaluate` on a --window W --horizon H model: after every W values, the next H values (standard library only).

Usage: examples/births/seasonal-naive.py FILE.csv COLUMN WINDOW HORIZON   (HORIZON ≤ 7 ≤ WINDOW)
"""
import csv
import sys


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    path, column, window, horizon = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if not 1 <= horizon <= 7 <= window:
        sys.exit("seasonal-naive: needs HORIZON between 1 and 7 and WINDOW of at least 7")
    with open(path, encoding="utf-8") as f:
        values = [float(r[column]) for r in csv.DictReader(f)]
    windows = len(values) - window - horizon + 1
    errors = [0.0] * horizon
    for i in range(windows):
        for h in range(1, horizon + 1):
            target = i + window + h - 1
            errors[h - 1] += abs(values[target] - values[target - 7])
    mae = [e / windows for e in errors]
    print("mae                %.4f" % (sum(mae) / horizon))
    for h, e in enumerate(mae, 1):
        print("mae output %-7d %.4f" % (h, e))
    print("examples           %d" % windows)


if __name__ == "__main__":
    main()
