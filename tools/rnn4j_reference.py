"""PyTorch modules equivalent to the rnn4j models: same module paths, parameter names and maths.

Used by make_model_fixtures.py (safetensors files the Java tests load) and pytorch_bench.py (the
encoder-decoder training throughput rnn4j is compared with). Also a small safetensors writer, so
no package beyond Debian's python3-torch is needed.
"""
import json, struct
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

CELLS = {"RNN_TANH": nn.RNN, "RNN_RELU": lambda *a, **k: nn.RNN(*a, nonlinearity="relu", **k), "LSTM": nn.LSTM, "GRU": nn.GRU}


def run_rnn(rnn, x, lengths, init=None):
    """Packed-sequence forward (rnn4j's masking semantics); returns padded outputs and the last state.
    When every sequence has the full length, the plain forward is the same computation, without packing."""
    if int(lengths.min()) == x.shape[1]:
        return rnn(x, init)
    packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    out, last = rnn(packed, init)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    return out, last


class ManyToOne(nn.Module):
    """embedding → rnn → last state of the top layer (both directions) → head."""

    def __init__(self, vocab, emb, cell, hidden, layers, bidirectional, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = CELLS[cell](emb, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
        self.directions = 2 if bidirectional else 1
        self.head = nn.Linear(self.directions * hidden, classes)

    def forward(self, ids, lengths):
        _, last = run_rnn(self.rnn, self.embedding(ids), lengths)
        h = last[0] if isinstance(last, tuple) else last
        top = h[-self.directions:]                               # [D, B, H]
        return self.head(torch.cat(list(top), dim=1))


class Attention(nn.Module):
    def __init__(self, score, hidden, key_dim):
        super().__init__()
        self.score = score
        if score == "GENERAL":
            self.weight = nn.Parameter(torch.empty(hidden, key_dim).uniform_(-key_dim ** -0.5, key_dim ** -0.5))
        if score == "ADDITIVE":
            self.query = nn.Linear(hidden, hidden, bias=False)
            self.key = nn.Linear(key_dim, hidden, bias=False)
            self.v = nn.Parameter(torch.empty(hidden).uniform_(-hidden ** -0.5, hidden ** -0.5))

    def forward(self, q, keys, src_lengths):
        if self.score == "DOT":
            scores = q @ keys.transpose(1, 2)
        elif self.score == "GENERAL":
            scores = q @ (keys @ self.weight.t()).transpose(1, 2)
        else:
            scores = torch.tanh(self.query(q)[:, :, None, :] + self.key(keys)[:, None, :, :]) @ self.v
        steps = torch.arange(keys.shape[1])[None, None, :]
        scores = scores.masked_fill(steps >= src_lengths[:, None, None], float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        return weights @ keys, weights


class Seq2Seq(nn.Module):
    """Encoder-decoder with Luong-style attention after the decoder RNN: tanh(combine([context; h])) → out."""

    def __init__(self, src_vocab, src_emb, tgt_vocab, tgt_emb, cell, hidden, layers, bidirectional, score):
        super().__init__()
        d = 2 if bidirectional else 1
        self.layers, self.directions = layers, d
        self.encoder = nn.Module()
        self.encoder.embedding = nn.Embedding(src_vocab, src_emb)
        self.encoder.rnn = CELLS[cell](src_emb, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
        self.decoder = nn.Module()
        self.decoder.embedding = nn.Embedding(tgt_vocab, tgt_emb)
        self.decoder.rnn = CELLS[cell](tgt_emb, hidden, num_layers=layers, batch_first=True)
        self.score = score
        if score is not None:
            self.decoder.attention = Attention(score, hidden, d * hidden)
            self.decoder.combine = nn.Linear(d * hidden + hidden, hidden)
        self.decoder.out = nn.Linear(hidden, tgt_vocab)

    def bridge(self, s):
        if self.directions == 1:
            return s
        return s.view(self.layers, 2, s.shape[1], s.shape[2]).sum(1)

    def forward(self, src, src_lengths, tgt_in, tgt_lengths):
        keys, last = run_rnn(self.encoder.rnn, self.encoder.embedding(src), src_lengths)
        init = tuple(self.bridge(s) for s in last) if isinstance(last, tuple) else self.bridge(last)
        h, _ = run_rnn(self.decoder.rnn, self.decoder.embedding(tgt_in), tgt_lengths, init)
        if self.score is None:
            return self.decoder.out(h)
        context, _ = self.decoder.attention(h, keys, src_lengths)
        return self.decoder.out(torch.tanh(self.decoder.combine(torch.cat([context, h], dim=-1))))


def save_safetensors(path, module, metadata=None):
    """Writes module.state_dict() as float32 safetensors (the format of safetensors.torch.save_file)."""
    header, blobs, offset = {}, [], 0
    for name, t in module.state_dict().items():
        data = t.detach().float().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)
