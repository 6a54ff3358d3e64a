#!/usr/bin/env bash
# Word vectors from unlabelled text, then a spam filter trained on 500 labelled messages starting from them, beside
# the same filter starting from random embeddings. Writes models/spam-vectors.txt, models/spam500-pretrained.safetensors
# and models/spam500-random.safetensors; prints both test scores. Also trains vectors on the King James Bible
# (models/kjv-vectors.txt) and prints the neighbours shown in examples/vectors/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f $D/spam-test.tsv ] || examples/fetch-data.sh
mkdir -p models out/vectors
O=out/vectors

# 500 messages spread evenly over the training split (which is sorted by label: 343 ham, 157 spam) keep their labels;
# the other 4,337 lose them and become the text the vectors learn from.
awk -v n="$(wc -l < $D/spam-train.tsv)" 'int(NR * 500 / n) != int((NR - 1) * 500 / n)' $D/spam-train.tsv > $O/spam-500.tsv
awk -v n="$(wc -l < $D/spam-train.tsv)" 'int(NR * 500 / n) == int((NR - 1) * 500 / n)' $D/spam-train.tsv | cut -f2- > $O/spam-unlabelled.txt

./rnn4j vectors --train $O/spam-unlabelled.txt --out models/spam-vectors.txt --dim 64 --epochs 10 --min-count 2 --seed 1
for init in pretrained random; do
  extra=()
  [ $init = pretrained ] && extra=(--pretrained models/spam-vectors.txt)
  ./rnn4j train --task classify --train $O/spam-500.tsv --model models/spam500-$init.safetensors --seed 1 --no-report \
      --bidirectional --pooling max --hidden 64 --embedding 64 --epochs 30 --lr 0.005 --min-count 1 "${extra[@]}"
  echo "== $init embeddings, test split:"
  ./rnn4j evaluate --model models/spam500-$init.safetensors --test $D/spam-test.tsv
done

./rnn4j vectors --train $D/kjv-train.txt --out models/kjv-vectors.txt --dim 100 --epochs 5 --min-count 5 --seed 1
for w in god jesus david water sword king; do
  echo "== neighbours of $w:"; ./rnn4j vectors --vectors models/kjv-vectors.txt --neighbours $w --top 8
done
echo "== man : king :: woman : ?"; ./rnn4j vectors --vectors models/kjv-vectors.txt --analogy man king woman --top 5
