#!/usr/bin/env bash
# Sentence completion on the King James Bible: a character-level LSTM language model, trained through the CLI.
# Writes models/completion.safetensors (and its report); prints the test split's bits per character.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f $D/kjv-test.txt ] || examples/fetch-data.sh
mkdir -p models
./rnn4j train --task lm --train $D/kjv-train.txt --valid $D/kjv-valid.txt --model models/completion.safetensors \
    --hidden 512 --embedding 64 --batch 32 --epochs ${EPOCHS:-8} --lr 0.002 --lr-decay 0.85 --clip 5 --seed 1
./rnn4j evaluate --model models/completion.safetensors --test $D/kjv-test.txt
