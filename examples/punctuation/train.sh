#!/usr/bin/env bash
# Punctuation and case restoration on the King James Bible: a bidirectional LSTM tagger reads lower-cased words
# without punctuation and tags each with its case and the mark that follows it. Writes models/punctuation.safetensors
# (and its report); prints the test split's scores beside the window baseline's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f $D/punct-test.conll ] || examples/fetch-data.sh
mkdir -p models
./rnn4j train --task tag --forget-bias 1 --train $D/punct-train.conll --valid $D/punct-valid.conll --model models/punctuation.safetensors \
    --bidirectional --layers 2 --hidden 128 --embedding 64 --dropout 0.2 --batch 32 --epochs ${EPOCHS:-8} --lr 0.003 --seed 1 \
    --min-count 2 --monitor val_macro_f1
./rnn4j evaluate --model models/punctuation.safetensors --test $D/punct-test.conll
python3 examples/punctuation/window-baseline.py $D/punct-train.conll $D/punct-test.conll
