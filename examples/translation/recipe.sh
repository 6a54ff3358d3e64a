# The training budget both trainings share: train.sh gives it to rnn4j and pytorch.sh to PyTorch. Sourced, not run.
HIDDEN=256 EMBEDDING=256 DROPOUT=0.3 BATCH=64 LR=0.002 DECAY=0.9 CLIP=1 SEED=1
EPOCHS=${EPOCHS:-14}
