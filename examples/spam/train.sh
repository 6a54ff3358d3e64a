#!/usr/bin/env bash
# Spam filtering on the SpamAssassin corpus: a bidirectional LSTM with max pooling, and the TF-IDF baseline beside
# it. Writes models/spam.safetensors and models/spam-tfidf.safetensors (and their reports); prints both test scores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f $D/spam-test.tsv ] || examples/fetch-data.sh
mkdir -p models
./rnn4j train --task classify --forget-bias 1 --train $D/spam-train.tsv --model models/spam.safetensors --seed 1 \
    --bidirectional --pooling max --hidden 64 --embedding 64 --epochs 6 --lr 0.005 --min-count 2 --max-vocab 20000
./rnn4j evaluate --model models/spam.safetensors --test $D/spam-test.tsv
./rnn4j train --task classify --train $D/spam-train.tsv --model models/spam-tfidf.safetensors --seed 1 \
    --baseline TFIDF --hidden 64 --epochs 10 --lr 0.005 --min-count 2 --max-vocab 20000
./rnn4j evaluate --model models/spam-tfidf.safetensors --test $D/spam-test.tsv
