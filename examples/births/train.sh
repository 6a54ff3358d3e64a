#!/usr/bin/env bash
# Forecasting US daily births: an LSTM reads the last 56 days and predicts the next day (models/births-next-day.safetensors)
# and the next 7 days (models/births.safetensors); prints the test period's MAE per day ahead beside the seasonal-naive
# baseline's (the same weekday a week before).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
D=examples/data/real
[ -f $D/births-test.csv ] || examples/fetch-data.sh
mkdir -p models
for h in 1 7; do
  model=models/births.safetensors
  [ $h = 1 ] && model=models/births-next-day.safetensors
  ./rnn4j train --task regress --forget-bias 1 --train $D/births-train.csv --valid $D/births-valid.csv --column births --window 56 --horizon $h \
      --model $model --hidden 128 --batch 32 --epochs ${EPOCHS:-60} --lr 0.002 --lr-decay 0.97 --patience 15 --seed 1
  ./rnn4j evaluate --model $model --test $D/births-test.csv
  python3 examples/births/seasonal-naive.py $D/births-test.csv births 56 $h
done
