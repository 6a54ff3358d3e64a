#!/usr/bin/env bash
# Image captioning on rendered scenes: a convolutional encoder and a GRU decoder with attention over the image,
# trained together from pixels. Renders the scenes once (examples/data/captions), writes models/captions.safetensors
# (and its report) and eight held-out scenes to models/captions.samples/ for rnn4j serve, prints the test split's
# scores and the ten best beam captions of a test scene.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/captions
[ -f $D/test.tsv ] || java examples/captions/Scenes.java $D 10000 1000 1000 1 64
mkdir -p models
./rnn4j train --task caption --train $D/train.tsv --valid $D/valid.tsv --model models/captions.safetensors \
    --image-size 64 --filters 16,32,64 --cell gru --hidden 192 --embedding 32 --batch 32 \
    --epochs ${EPOCHS:-30} --lr 0.002 --lr-decay 0.95 --seed 1 --monitor val_exact_match
./rnn4j evaluate --model models/captions.safetensors --test $D/test.tsv
./rnn4j generate --model models/captions.safetensors --prompt $D/images/scene-11001.png --beam 10
mkdir -p models/captions.samples                                   # sample scenes for the demo site's Caption tab
cp $D/images/scene-1100[1-8].png models/captions.samples/
