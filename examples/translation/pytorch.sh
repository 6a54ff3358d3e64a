#!/usr/bin/env bash
# The same architecture as train.sh's, trained with PyTorch (tools/pytorch_translation.py) on the same split, with
# the subwords and vocabularies of models/translation.safetensors (train.sh writes it) and the same budget
# (recipe.sh); then the test split's greedy translations scored as rnn4j's are, and PyTorch's weights, written as an
# rnn4j model file (out/translation/pytorch.safetensors), evaluated by rnn4j greedy and with a beam of 5. The training
# state is written after every epoch (out/translation/pytorch.ckpt): the run takes hours, and running this script
# again goes on after the last epoch written. Needs Debian's python3-torch and libopenblas0-pthread.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f models/translation.safetensors ] || { echo "pytorch.sh: no models/translation.safetensors; run examples/translation/train.sh first" >&2; exit 1; }
mkdir -p out/translation
. examples/translation/recipe.sh
/usr/bin/python3 tools/pytorch_translation.py models/translation.safetensors $D/translation-train.tsv $D/translation-valid.tsv \
    $D/translation-test.tsv out/translation/pytorch.txt --hidden $HIDDEN --embedding $EMBEDDING --dropout $DROPOUT \
    --batch $BATCH --epochs $EPOCHS --lr $LR --decay $DECAY --clip $CLIP --seed $SEED --threads 2 \
    --checkpoint out/translation/pytorch.ckpt --rnn4j-model out/translation/pytorch.safetensors
echo "PyTorch, greedy:"
./rnn4j score --references $D/translation-test.tsv --translations out/translation/pytorch.txt
echo "PyTorch's weights decoded by rnn4j, greedy (the same translations) and with a beam of 5:"
./rnn4j evaluate --model out/translation/pytorch.safetensors --test $D/translation-test.tsv
./rnn4j evaluate --model out/translation/pytorch.safetensors --test $D/translation-test.tsv --beam 5
