#!/usr/bin/env bash
# The applications' CI slices: each application end to end (data, rnn4j train, rnn4j evaluate) on a small slice of
# its real data, in a few minutes, checking that the metric beats a baseline on the same slice. Full runs are
# examples/<name>/train.sh. Fetches the data first (examples/fetch-data.sh). Exits non-zero if any slice fails.
# Usage: examples/slices.sh [NAME...]   (default: all of spam completion punctuation g2p captions births qa vectors translation)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
examples/fetch-data.sh > /dev/null
R=examples/data/real
W=$(mktemp -d "${TMPDIR:-/tmp}/rnn4j-slices.XXXXXX")
trap 'rm -rf "$W"' EXIT
failed=0

metric() {   # metric MODEL TEST KEY -> the value of KEY in rnn4j evaluate --json
  ./rnn4j evaluate --model "$1" --test "$2" --json | python3 -c "import json, sys; print(json.load(sys.stdin)['$3'])"
}

check() {   # check NAME WHAT VALUE OP BASELINE
  if python3 -c "import sys; sys.exit(0 if $3 $4 $5 else 1)"; then
    echo "slices: $1: $2 $3 $4 baseline $5: ok"
  else
    echo "slices: $1: $2 $3 is not $4 baseline $5: FAILED" >&2
    failed=1
  fi
}

train() {   # train ARGS... (quiet unless it fails)
  if ! ./rnn4j train --seed 1 --threads ${SLICE_THREADS:-2} --no-report "$@" > "$W/train.log" 2>&1; then
    cat "$W/train.log" >&2
    return 1
  fi
}

spam() {      # every third message of each split, both classes; baseline: the majority class
  awk 'NR % 3 == 0' $R/spam-train.tsv > "$W/spam-train.tsv"
  awk 'NR % 3 == 0' $R/spam-test.tsv > "$W/spam-test.tsv"
  train --task classify --forget-bias 1 --train "$W/spam-train.tsv" --model "$W/spam.safetensors" --bidirectional --pooling max \
      --hidden 32 --embedding 32 --epochs 3 --lr 0.005 --min-count 2 --max-vocab 10000
  majority=$(cut -f1 "$W/spam-test.tsv" | sort | uniq -c | sort -rn | awk -v n="$(wc -l < "$W/spam-test.tsv")" 'NR == 1 {print $1 / n}')
  check spam accuracy "$(metric "$W/spam.safetensors" "$W/spam-test.tsv" accuracy)" ">" "$majority + 0.15"
}

completion() {   # 3,000 verses; baseline: the characters' unigram entropy (bits per character, <eos> counted)
  head -3000 $R/kjv-train.txt > "$W/kjv-train.txt"
  head -300 $R/kjv-test.txt > "$W/kjv-test.txt"
  train --task lm --forget-bias 1 --train "$W/kjv-train.txt" --model "$W/kjv.safetensors" --hidden 128 --embedding 32 --epochs 2 --lr 0.005
  unigram=$(python3 -c "
import collections, math
lines = [l.rstrip('\n') for l in open('$W/kjv-test.txt', encoding='utf-8') if l.strip()]
c = collections.Counter(ch for l in lines for ch in l); c['<eos>'] = len(lines); n = sum(c.values())
print(-sum(k / n * math.log2(k / n) for k in c.values()))")
  check completion bpc "$(metric "$W/kjv.safetensors" "$W/kjv-test.txt" bpc)" "<" "$unigram - 1.0"
}

punctuation() {   # 3,000 verses; baseline: every word tagged with the most frequent tag
  awk -v RS= -v ORS='\n\n' 'NR <= 3000' $R/punct-train.conll > "$W/punct-train.conll"
  awk -v RS= -v ORS='\n\n' 'NR <= 300' $R/punct-test.conll > "$W/punct-test.conll"
  train --task tag --forget-bias 1 --train "$W/punct-train.conll" --model "$W/punct.safetensors" --hidden 64 --embedding 32 --epochs 3 --lr 0.005
  majority=$(awk 'NF == 2 {n++; c[$2]++} END {m = 0; for (t in c) if (c[t] > m) m = c[t]; print m / n}' "$W/punct-test.conll")
  check punctuation accuracy "$(metric "$W/punct.safetensors" "$W/punct-test.conll" accuracy)" ">" "$majority + 0.05"
}

g2p() {   # 8,000 words; baseline: every word read as no phonemes at all (phoneme error rate 1)
  head -8000 $R/g2p-train.tsv > "$W/g2p-train.tsv"
  head -500 $R/g2p-test.tsv > "$W/g2p-test.tsv"
  train --task seq2seq --forget-bias 1 --train "$W/g2p-train.tsv" --model "$W/g2p.safetensors" --tokens chars --target-tokens split \
      --bidirectional --hidden 64 --embedding 32 --batch 32 --epochs 4 --lr 0.005
  check g2p "phoneme error rate" "$(metric "$W/g2p.safetensors" "$W/g2p-test.tsv" token_error_rate)" "<" "0.5"
}

captions() {   # 2,000 rendered scenes; baseline: the training set's most frequent caption for every scene
  java examples/captions/Scenes.java "$W/scenes" 2000 1 300 7 64 > /dev/null
  train --task caption --train "$W/scenes/train.tsv" --model "$W/captions.safetensors" --image-size 64 --filters 16,32,64 \
      --cell gru --hidden 128 --embedding 32 --epochs 6 --lr 0.002
  baseline=$(python3 -c "
import collections
def edits(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]
train = [l.rstrip('\n').split('\t')[1].split() for l in open('$W/scenes/train.tsv')]
guess = collections.Counter(map(tuple, train)).most_common(1)[0][0]
test = [l.rstrip('\n').split('\t')[1].split() for l in open('$W/scenes/test.tsv')]
print(sum(edits(t, list(guess)) for t in test) / sum(len(t) for t in test))")
  check captions "token error rate" "$(metric "$W/captions.safetensors" "$W/scenes/test.tsv" token_error_rate)" "<" "$baseline - 0.2"
}

births() {   # the whole series, 56 days in, the next day out; baseline: the same weekday a week before
  train --task regress --forget-bias 1 --train $R/births-train.csv --column births --window 56 --horizon 1 --model "$W/births.safetensors" \
      --hidden 64 --epochs 20 --lr 0.003 --lr-decay 0.97
  naive=$(python3 examples/births/seasonal-naive.py $R/births-test.csv births 56 1 | awk '$1 == "mae" && NF == 2 {print $2}')
  check births "MAE 1 day ahead" "$(metric "$W/births.safetensors" $R/births-test.csv mae)" "<" "$naive"
}

qa() {   # 6,000 generated stories; baseline: the most frequent answer
  python3 examples/qa/make-stories.py "$W/qa" 6000 1 300 7 > /dev/null
  train --task qa --forget-bias 1 --train "$W/qa/qa-train.tsv" --model "$W/qa.safetensors" --hidden 128 --embedding 32 --epochs 15 --lr 0.003
  majority=$(cut -f3 "$W/qa/qa-test.tsv" | sort | uniq -c | sort -rn | awk -v n=300 'NR == 1 {print $1 / n}')
  check qa accuracy "$(metric "$W/qa.safetensors" "$W/qa/qa-test.tsv" accuracy)" ">" "$majority + 0.5"
}

vectors() {   # word2vec on the Bible's training verses, one thread (reproducible); baseline: random vectors
  ./rnn4j vectors --train $R/kjv-train.txt --out "$W/kjv-vectors.txt" --dim 50 --epochs 5 --threads 1 --seed 1 > /dev/null
  hits=0
  for pair in "jesus christ" "sword pestilence" "water drink" "david absalom"; do
    set -- $pair
    ./rnn4j vectors --vectors "$W/kjv-vectors.txt" --neighbours "$1" --top 10 | awk '{print $1}' | grep -qx "$2" && hits=$((hits + 1))
  done
  # random vectors put a given word among another's 10 nearest of 5,059 with probability 0.002: 4 pairs, 0.008 hits
  check vectors "related pairs among each other's 10 nearest (of 4)" "$hits" ">" "0.008 + 2"
}

translation() {   # 8,000 verse pairs of at most 20 English words, subwords; baseline: word for word through FreeDict
  short='{ n = split($1, w, " ") } n <= 20'
  awk -F'\t' "$short" $R/translation-train.tsv | head -8000 > "$W/tr-train.tsv"
  awk -F'\t' "$short" $R/translation-test.tsv | head -200 > "$W/tr-test.tsv"
  [ -f /usr/share/dictd/freedict-eng-spa.index ] || apt-get install -y -qq dict-freedict-eng-spa > /dev/null
  train --task seq2seq --tokens bpe:1000 --train "$W/tr-train.tsv" --model "$W/tr.safetensors" --bidirectional \
      --hidden 128 --embedding 128 --batch 64 --epochs 5 --lr 0.003 --clip 1 --valid-split 0.05 --monitor val_sacrebleu
  python3 examples/translation/dictionary.py "$W/tr-test.tsv" > "$W/tr-dictionary.txt"
  dictionary=$(./rnn4j score --references "$W/tr-test.tsv" --translations "$W/tr-dictionary.txt" | awk '{print $2}')
  ./rnn4j evaluate --model "$W/tr.safetensors" --test "$W/tr-test.tsv" --json > "$W/tr-scores.json"
  check translation BLEU "$(python3 -c "import json; print(json.load(open('$W/tr-scores.json'))['sacrebleu'])")" ">" "$dictionary + 3"
}

for name in "${@:-spam completion punctuation g2p captions births qa vectors translation}"; do
  for n in $name; do
    start=$SECONDS
    "$n" || { echo "slices: $n: FAILED" >&2; failed=1; }
    echo "slices: $n took $((SECONDS - start)) s"
  done
done
exit $failed
