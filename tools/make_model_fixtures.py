#!/usr/bin/python3
"""Writes PyTorch modules equivalent to rnn4j models as safetensors, with PyTorch's outputs on fixed inputs.

Set-up (Debian): apt-get install -y python3-torch; run from the project root:
    /usr/bin/python3 tools/make_model_fixtures.py
Writes rnn4j-core/src/test/resources/models/<name>.safetensors (the weights) and <name>.json (the rnn4j
config, the inputs and the expected outputs). ModelFileTest loads each pair and compares within 1e-4.
"""
import json, os
import torch
from rnn4j_reference import ManyToOne, Seq2Seq, save_safetensors

OUT = os.path.join(os.path.dirname(__file__), "..", "rnn4j-core", "src", "test", "resources", "models")


def write(name, module, config, case):
    os.makedirs(OUT, exist_ok=True)
    save_safetensors(os.path.join(OUT, name + ".safetensors"), module, {"format": "pt"})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"config": config, **case}, f)


def many_to_one():
    torch.manual_seed(1)
    m = ManyToOne(vocab=10, emb=4, cell="LSTM", hidden=6, layers=2, bidirectional=True, classes=3)
    ids = torch.tensor([[3, 1, 4, 1, 5], [9, 2, 6, 0, 0], [5, 3, 0, 0, 0]])
    lengths = torch.tensor([5, 3, 2])
    logits = m(ids, lengths)
    config = {"input": {"type": "tokens", "vocab": 10, "embedding": 4},
              "rnn": {"cell": "LSTM", "hidden": 6, "layers": 2, "bidirectional": True, "dropout": 0.0},
              "pooling": "LAST", "target": {"type": "classes", "count": 3}}
    write("many_to_one_lstm", m, config, {"kind": "many-to-one", "ids": ids.tolist(), "lengths": lengths.tolist(),
                                          "logits": [float(v) for v in logits.reshape(-1).tolist()]})


def seq2seq(name, cell, bidirectional, score, seed):
    torch.manual_seed(seed)
    m = Seq2Seq(src_vocab=8, src_emb=4, tgt_vocab=9, tgt_emb=5, cell=cell, hidden=6, layers=2,
                bidirectional=bidirectional, score=score)
    src = torch.tensor([[4, 5, 6, 7, 5], [6, 4, 0, 0, 0], [7, 7, 5, 0, 0]])
    src_lengths = torch.tensor([5, 2, 3])
    targets = [[5, 6], [8, 4, 7, 5], [6]]
    bos = 2
    steps = max(len(t) for t in targets) + 1
    tgt_in = torch.tensor([[bos] + t + [0] * (steps - 1 - len(t)) for t in targets])
    tgt_lengths = torch.tensor([len(t) + 1 for t in targets])
    logits = m(src, src_lengths, tgt_in, tgt_lengths)
    config = {"source": {"type": "tokens", "vocab": 8, "embedding": 4}, "targetVocab": 9, "embedding": 5,
              "rnn": {"cell": cell, "hidden": 6, "layers": 2, "bidirectional": bidirectional, "dropout": 0.0},
              "attention": score, "bos": bos, "eos": 3}
    write(name, m, config, {"kind": "seq2seq", "src": src.tolist(), "src_lengths": src_lengths.tolist(),
                            "targets": targets, "logits": [float(v) for v in logits.reshape(-1).tolist()]})


if __name__ == "__main__":
    with torch.no_grad():
        many_to_one()
        seq2seq("seq2seq_gru_general_bidir", "GRU", True, "GENERAL", 2)
        seq2seq("seq2seq_lstm_additive", "LSTM", False, "ADDITIVE", 3)
        seq2seq("seq2seq_gru_dot", "GRU", False, "DOT", 4)
        seq2seq("seq2seq_rnn_plain", "RNN_TANH", False, None, 5)
