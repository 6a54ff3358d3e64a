#!/usr/bin/env bash
# rnn4j's word2vec beside fastText's on the same tokens, settings and threads (org.rnn4j.bench.Word2VecBench):
# words/s on a corpus, and the planted-structure scores of both. Installs Debian's fasttext when missing (as root).
# Usage: tools/word2vec-vs-fasttext.sh CORPUS [dim window negative minCount epochs sample threads,...]
#   e.g. tools/word2vec-vs-fasttext.sh examples/data/real/kjv-train.txt 50 5 5 5 5 1e-4 1,2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v fasttext >/dev/null || { apt-get update -qq && apt-get install -y -qq fasttext; }
"$root/tools/build-if-stale" "$root/rnn4j-cli/target/rnn4j.jar"
exec java --add-modules jdk.incubator.vector -cp "$root/rnn4j-cli/target/rnn4j.jar" org.rnn4j.bench.Word2VecBench "$@" \
    2> >(grep -v '^WARNING: Using incubator modules' >&2)
