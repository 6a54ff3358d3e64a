#!/usr/bin/env bash
# rnn4j against PyTorch on the same setup, at a size this machine trains in minutes: the verses of at most 20 English
# words of each split (12,499 training, 413 validation, 437 test pairs), BPE 2,000 per language, a bidirectional LSTM
# 128 encoder and an LSTM 128 decoder with general attention, embeddings 128, dropout 0.2, Adam 0.003, clipping 1,
# batch 64, 10 epochs, the epoch with the best validation BLEU kept. PyTorch (tools/pytorch_translation.py) reads
# rnn4j's subwords and vocabularies from its model file, so both see the same token ids. Prints the test scores:
# rnn4j greedy and with a beam of 5, PyTorch greedy, word for word through FreeDict. Writes into out/translation-short/.
# EPOCHS (10) and SEED (1) may be set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
O=out/translation-short
[ -f $D/translation-test.tsv ] || examples/fetch-data.sh
mkdir -p $O
for split in train valid test; do
  awk -F'\t' '{ n = split($1, w, " ") } n <= 20' $D/translation-$split.tsv > $O/$split.tsv
done
EPOCHS=${EPOCHS:-10} SEED=${SEED:-1}
./rnn4j train --task seq2seq --tokens bpe:2000 --train $O/train.tsv --valid $O/valid.tsv --model $O/rnn4j.safetensors \
    --bidirectional --attention general --hidden 128 --embedding 128 --dropout 0.2 --batch 64 --epochs $EPOCHS --lr 0.003 \
    --clip 1 --patience 0 --seed $SEED --monitor val_sacrebleu
echo "rnn4j, greedy:"
./rnn4j evaluate --model $O/rnn4j.safetensors --test $O/test.tsv
echo "rnn4j, beam 5:"
./rnn4j evaluate --model $O/rnn4j.safetensors --test $O/test.tsv --beam 5
/usr/bin/python3 tools/pytorch_translation.py $O/rnn4j.safetensors $O/train.tsv $O/valid.tsv $O/test.tsv $O/pytorch.txt \
    --hidden 128 --embedding 128 --dropout 0.2 --batch 64 --epochs $EPOCHS --lr 0.003 --clip 1 --seed $SEED --threads 2
echo "PyTorch, greedy:"
./rnn4j score --references $O/test.tsv --translations $O/pytorch.txt
[ -f /usr/share/dictd/freedict-eng-spa.index ] || apt-get install -y -qq dict-freedict-eng-spa > /dev/null
python3 examples/translation/dictionary.py $O/test.tsv > $O/dictionary.txt
echo "word for word through FreeDict:"
./rnn4j score --references $O/test.tsv --translations $O/dictionary.txt
