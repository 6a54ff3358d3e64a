#!/usr/bin/env bash
# Question answering on generated bAbI-style stories: a many-to-one LSTM reads the question, a separator and the
# story, and names the room. Writes models/qa.safetensors (and its report); prints the test split's scores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/qa
[ -f $D/qa-test.tsv ] || python3 examples/qa/make-stories.py $D 10000 1000 1000 1
mkdir -p models
./rnn4j train --task qa --forget-bias 1 --train $D/qa-train.tsv --valid $D/qa-valid.tsv --model models/qa.safetensors \
    --hidden 128 --embedding 32 --epochs ${EPOCHS:-30} --lr 0.003 --seed 1
./rnn4j evaluate --model models/qa.safetensors --test $D/qa-test.tsv
