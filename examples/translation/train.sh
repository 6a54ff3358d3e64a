#!/usr/bin/env bash
# English to Spanish on verse-aligned Bibles (World English Bible, Reina-Valera 1909): an encoder-decoder LSTM with
# attention over BPE subwords. Writes models/translation.safetensors (and its report); prints the test split's scores,
# greedy and with a beam of 5, beside the copy and word-for-word dictionary baselines.
# PYTORCH=1 then trains the same architecture with PyTorch on the same split and subwords (examples/translation/pytorch.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f $D/translation-test.tsv ] || examples/fetch-data.sh
mkdir -p models out/translation
. examples/translation/recipe.sh
./rnn4j train --task seq2seq --tokens bpe:2000 --train $D/translation-train.tsv --valid $D/translation-valid.tsv \
    --model models/translation.safetensors --bidirectional --attention general --hidden $HIDDEN --embedding $EMBEDDING \
    --dropout $DROPOUT --batch $BATCH --epochs $EPOCHS --lr $LR --lr-decay $DECAY --clip $CLIP --patience 0 --seed $SEED \
    --monitor val_sacrebleu
echo "rnn4j, greedy:"
./rnn4j evaluate --model models/translation.safetensors --test $D/translation-test.tsv
echo "rnn4j, beam 5:"
./rnn4j evaluate --model models/translation.safetensors --test $D/translation-test.tsv --beam 5
cut -f1 $D/translation-test.tsv > out/translation/copy.txt
python3 examples/translation/dictionary.py $D/translation-test.tsv > out/translation/dictionary.txt
echo "copy the English:"
./rnn4j score --references $D/translation-test.tsv --translations out/translation/copy.txt
echo "word for word through FreeDict (dict-freedict-eng-spa):"
[ -f /usr/share/dictd/freedict-eng-spa.index ] || apt-get install -y -qq dict-freedict-eng-spa > /dev/null
./rnn4j score --references $D/translation-test.tsv --translations out/translation/dictionary.txt
if [ "${PYTORCH:-0}" = 1 ]; then
  EPOCHS=$EPOCHS examples/translation/pytorch.sh
fi
