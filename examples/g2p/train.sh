#!/usr/bin/env bash
# Grapheme-to-phoneme translation on the CMU Pronouncing Dictionary: an encoder-decoder LSTM with attention,
# letters in, phonemes out. Writes models/g2p.safetensors (and its report); prints the test split's scores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f $D/g2p-test.tsv ] || examples/fetch-data.sh
mkdir -p models
./rnn4j train --task seq2seq --train $D/g2p-train.tsv --valid $D/g2p-valid.tsv --model models/g2p.safetensors \
    --tokens chars --target-tokens split --bidirectional --attention general --layers 2 \
    --hidden 256 --embedding 64 --dropout 0.3 --batch 64 --epochs ${EPOCHS:-20} --lr 0.003 --lr-decay 0.9 --seed 1 \
    --monitor val_exact_match
./rnn4j evaluate --model models/g2p.safetensors --test $D/g2p-test.tsv
