#!/usr/bin/python3
"""ONNX files made by torch.onnx.export, for rnn4j's ONNX import tests (ImportTest), with their outputs.

Run with Debian's interpreter: /usr/bin/python3 tools/make_onnx_import_fixtures.py [OUT_DIR]
(default rnn4j-onnx/src/test/resources/import). For each model NAME it writes NAME.onnx and NAME.json: the inputs
it was run on and the outputs PyTorch gave ({"input": [...], "shape": [...], "output": [...]}). The models are what
a PyTorch user writes: nn.Embedding or feature vectors, one or two nn.RNN, nn.LSTM or nn.GRU layers (batch_first or
not, one or both directions; a tagger reading [T, B] and writing [T, B, C] as nn.GRU does by default), an nn.Linear on
every step or on the last state, the mean or the maximum; and two
graphs rnn4j must refuse (a convolution; an attention product). Exported at opset 14 and 17.
"""
import json, os, sys, warnings
import torch
import torch.nn as nn

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class Model(nn.Module):
    """tokens [B, T] (or features [B, T, F]) -> rnn -> head, read as `read` says."""
    def __init__(self, cell, vocab, features, hidden, layers, bidirectional, batch_first, read, outputs, link=None, **kw):
        super().__init__()
        self.embedding = nn.Embedding(vocab, features) if vocab else None
        self.rnn = CELLS[cell](features, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, **kw)
        self.head = nn.Linear(hidden * (2 if bidirectional else 1), outputs)
        self.read, self.batch_first, self.link, self.bi = read, batch_first, link, bidirectional

    def forward(self, x):
        if self.embedding is not None:
            x = self.embedding(x)
        if not self.batch_first:
            x = x.transpose(0, 1)
        out, state = self.rnn(x)
        if not self.batch_first:
            out = out.transpose(0, 1)                          # [B, T, D*H]
        h = state[0] if isinstance(state, tuple) else state   # [L*D, B, H]
        if self.read == "steps":
            y = self.head(out)
        elif self.read == "last_output":
            y = self.head(out[:, -1])
        elif self.read == "last_state":
            y = self.head(torch.cat([h[-2], h[-1]], dim=1) if self.bi else h[-1])
        elif self.read == "mean":
            y = self.head(out.mean(dim=1))
        elif self.read == "max":
            y = self.head(out.max(dim=1).values)
        if self.link == "softmax":
            y = torch.softmax(y, dim=-1)
        elif self.link == "sigmoid":
            y = torch.sigmoid(y)
        return y


class TimeMajorTagger(nn.Module):
    """nn.GRU as it is by default: tokens [T, B] in, logits [T, B, C] out, nothing transposed."""
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(30, 6)
        self.rnn = nn.GRU(6, 8, num_layers=2)
        self.head = nn.Linear(8, 4)

    def forward(self, x):
        return self.head(self.rnn(self.embedding(x))[0])


class Convolution(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 8, 3)
        self.rnn = nn.GRU(8, 6, batch_first=True)
        self.head = nn.Linear(6, 2)

    def forward(self, x):
        return self.head(self.rnn(self.conv(x.transpose(1, 2)).transpose(1, 2))[0][:, -1])


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 8)
        self.rnn = nn.LSTM(8, 6, batch_first=True)
        self.head = nn.Linear(6, 3)

    def forward(self, x):
        out, _ = self.rnn(self.embedding(x))
        weights = torch.softmax(out @ out.transpose(1, 2), dim=-1)
        return self.head((weights @ out)[:, -1])


MODELS = {
    # name: (model, tokens?)
    "lstm_tagger_bi2": (lambda: Model("lstm", 40, 8, 10, 2, True, True, "steps", 5), True),
    "gru_classifier_last": (lambda: Model("gru", 40, 8, 12, 1, False, True, "last_output", 3), True),
    "rnn_relu_vectors_state": (lambda: Model("rnn", 0, 5, 9, 2, False, False, "last_state", 2, nonlinearity="relu"), False),
    "lstm_vectors_bi_state": (lambda: Model("lstm", 0, 4, 7, 1, True, True, "last_state", 1, link="sigmoid"), False),
    "gru_bi_timemajor_steps": (lambda: Model("gru", 30, 6, 8, 2, True, False, "steps", 4), True),
    "rnn_tanh_mean_softmax": (lambda: Model("rnn", 30, 6, 8, 1, True, True, "mean", 3, link="softmax"), True),
    "lstm_max": (lambda: Model("lstm", 30, 6, 8, 2, False, True, "max", 2), True),
    "lstm_bi_last_output": (lambda: Model("lstm", 30, 6, 8, 1, True, True, "last_output", 2), True),
    "gru_tagger_time_major": (TimeMajorTagger, True),
    "convolution": (Convolution, False),
    "self_attention": (SelfAttention, True),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rnn4j-onnx", "src", "test", "resources", "import")
    os.makedirs(out, exist_ok=True)
    warnings.filterwarnings("ignore")
    for i, (name, (make, tokens)) in enumerate(sorted(MODELS.items())):
        for opset in (14, 17):
            torch.manual_seed(100 + i)
            model = make().eval()
            feats = getattr(model, "rnn").input_size if not tokens else None
            x = torch.randint(0, 20, (3, 7)) if tokens else torch.randn(3, 7, 4 if name == "convolution" else feats)
            with torch.no_grad():
                y = model(x)
                path = os.path.join(out, f"{name}_opset{opset}.onnx")
                torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"], opset_version=opset,
                                  dynamic_axes={"x": {0: "batch", 1: "steps"}, "y": {0: "batch"}})
            with open(os.path.join(out, f"{name}_opset{opset}.json"), "w") as f:
                json.dump({"input": x.flatten().tolist(), "shape": list(x.shape), "output": y.flatten().tolist(), "output_shape": list(y.shape)}, f)
    print("wrote", 2 * len(MODELS), "models to", out)


if __name__ == "__main__":
    main()
