#!/usr/bin/python3
"""Writes PyTorch modules equivalent to rnn4j models as safetensors, with PyTorch's outputs on fixed inputs.

Set-up (Debian): apt-get install -y python3-torch; run from the project root:
    /usr/bin/python3 tools/make_model_fixtures.py
Writes rnn4j-core/src/test/resources/models/<name>.safetensors (the weights) and <name>.json (the rnn4j
config, the inputs and the expected outputs). ModelFileTest loads each pair and compares within 1e-4.
"""
import json, os
import torch
from rnn4j_reference import CELLS, ManyToOne, Seq2Seq, run_rnn, save_safetensors

OUT = os.path.join(os.path.dirname(__file__), "..", "rnn4j-core", "src", "test", "resources", "models")


def write(name, module, config, case):
    os.makedirs(OUT, exist_ok=True)
    save_safetensors(os.path.join(OUT, name + ".safetensors"), module, {"format": "pt"})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"config": config, **case}, f)


def many_to_one(name="many_to_one_lstm", cell="LSTM", seed=1):
    torch.manual_seed(seed)
    m = ManyToOne(vocab=10, emb=4, cell=cell, hidden=6, layers=2, bidirectional=True, classes=3)
    ids = torch.tensor([[3, 1, 4, 1, 5], [9, 2, 6, 0, 0], [5, 3, 0, 0, 0]])
    lengths = torch.tensor([5, 3, 2])
    logits = m(ids, lengths)
    config = {"input": {"type": "tokens", "vocab": 10, "embedding": 4},
              "rnn": {"cell": cell, "hidden": 6, "layers": 2, "bidirectional": True, "dropout": 0.0},
              "pooling": "LAST", "target": {"type": "classes", "count": 3}}
    write(name, m, config, {"kind": "many-to-one", "ids": ids.tolist(), "lengths": lengths.tolist(),
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


def bare_stack(name, cell, layers, bidirectional, seed):
    """A bare nn.RNN / nn.LSTM / nn.GRU state_dict (no module prefix), its padded-batch outputs and last states."""
    torch.manual_seed(seed)
    rnn = CELLS[cell](3, 5, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    x = torch.randn(3, 4, 3)
    lengths = torch.tensor([4, 2, 3])
    for b, n in enumerate(lengths.tolist()):
        x[b, n:] = 0
    out, last = run_rnn(rnn, x, lengths)
    h, c = (last if isinstance(last, tuple) else (last, None))
    case = {"kind": "rnn", "cell": cell, "x": x.reshape(-1).tolist(), "shape": list(x.shape), "lengths": lengths.tolist(),
            "out": out.reshape(-1).tolist(), "h": h.reshape(-1).tolist()}
    if c is not None:
        case["c"] = c.reshape(-1).tolist()
    write(name, rnn, {}, case)


if __name__ == "__main__":
    with torch.no_grad():
        many_to_one()
        seq2seq("seq2seq_gru_general_bidir", "GRU", True, "GENERAL", 2)
        seq2seq("seq2seq_lstm_additive", "LSTM", False, "ADDITIVE", 3)
        seq2seq("seq2seq_gru_dot", "GRU", False, "DOT", 4)
        seq2seq("seq2seq_rnn_plain", "RNN_TANH", False, None, 5)
        many_to_one("many_to_one_rnn_relu", "RNN_RELU", 6)
        bare_stack("pytorch_rnn_relu_2layer_bidir", "RNN_RELU", 2, True, 7)
        bare_stack("pytorch_lstm_2layer_bidir", "LSTM", 2, True, 8)
        bare_stack("pytorch_gru_1layer", "GRU", 1, False, 9)
