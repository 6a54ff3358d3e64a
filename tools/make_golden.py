#!/usr/bin/python3
"""Writes the PyTorch golden fixtures the Java tests compare against.

Set-up (Debian): apt-get install -y python3-torch; run with /usr/bin/python3 from the project root:
    /usr/bin/python3 tools/make_golden.py
Writes rnn4j-core/src/test/resources/golden/*.json: weights, inputs, lengths, expected outputs, final
states, loss and every gradient, as flat float lists (float32 values, exact when parsed back to float); the
fixture at real shapes stores base64 float32 and makes its weights and inputs with det().
"""
import base64, json, math, os
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(__file__), "..", "rnn4j-core", "src", "test", "resources", "golden")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f)


def det(n, seed, scale):
    """Deterministic float32 values the Java test makes the same way (Golden.det): scale·sin(0.7071·i + 1.3·seed)."""
    return torch.tensor([scale * math.sin(0.7071 * i + 1.3 * seed) for i in range(n)], dtype=torch.float32)


def b64(t):
    """A tensor as base64 of its little-endian float32 bytes (Golden.floats reads either form)."""
    return base64.b64encode(t.detach().contiguous().float().numpy().astype("<f4").tobytes()).decode("ascii")


def real_shape_case():
    """A bidirectional LSTM at sizes that take the fast paths: B = 33 (a second block of 24 rows), H = 64 (the
    packed GEMM), padded. Weights, inputs and the loss's weights come from det(), so only results are stored."""
    B, T, F, H = 33, 6, 8, 64
    m = nn.LSTM(F, H, batch_first=True, bidirectional=True)
    with torch.no_grad():
        for k, (n, p) in enumerate(m.named_parameters()):
            p.copy_(det(p.numel(), k + 1, 1 / math.sqrt(H)).reshape(p.shape))
    lengths = [T - b % 4 for b in range(B)]
    x = det(B * T * F, 100, 1.0).reshape(B, T, F).requires_grad_()
    h0 = det(2 * B * H, 101, 0.5).reshape(2, B, H).requires_grad_()
    c0 = det(2 * B * H, 102, 0.5).reshape(2, B, H).requires_grad_()
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    out, (hn, cn) = m(packed, (h0, c0))
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
    r_out, r_h, r_c = det(out.numel(), 103, 1.0).reshape(out.shape), det(hn.numel(), 104, 1.0).reshape(hn.shape), det(cn.numel(), 105, 1.0).reshape(cn.shape)
    loss = (out * r_out).sum() + (hn * r_h).sum() + (cn * r_c).sum()
    loss.backward()
    write("lstm_bidir_b33_h64", {"cell": "lstm", "B": B, "T": T, "F": F, "H": H, "lengths": lengths,
                                 "names": [n for n, _ in m.named_parameters()], "loss": float(loss),
                                 "out": b64(out), "h_n": b64(hn), "c_n": b64(cn),
                                 "grads": {n: b64(p.grad) for n, p in m.named_parameters()},
                                 "dx": b64(x.grad), "dh0": b64(h0.grad), "dc0": b64(c0.grad)})


def rnn_case(cell, layers, bidir, padded, seed):
    torch.manual_seed(seed)
    B, T, F, H = 3, 5, 4, 3
    cls = {"rnn_tanh": nn.RNN, "rnn_relu": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
    kw = {"nonlinearity": "relu"} if cell == "rnn_relu" else {}
    m = cls(F, H, num_layers=layers, bidirectional=bidir, batch_first=True, **kw)
    D = 2 if bidir else 1
    lengths = [3, 5, 2] if padded else [T] * B
    x = torch.randn(B, T, F, requires_grad=True)
    h0 = torch.randn(layers * D, B, H, requires_grad=True)
    c0 = torch.randn(layers * D, B, H, requires_grad=True)
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    if cell == "lstm":
        out, (hn, cn) = m(packed, (h0, c0))
    else:
        out, hn = m(packed, h0)
        cn = None
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
    r_out, r_h = torch.randn_like(out), torch.randn_like(hn)
    loss = (out * r_out).sum() + (hn * r_h).sum()
    r_c = torch.randn_like(hn)
    if cn is not None:
        loss = loss + (cn * r_c).sum()
    loss.backward()
    case = {"cell": cell, "layers": layers, "bidirectional": bidir, "B": B, "T": T, "F": F, "H": H,
            "lengths": lengths, "x": flat(x), "h0": flat(h0),
            "params": {n: flat(p) for n, p in m.named_parameters()},
            "out": flat(out), "h_n": flat(hn), "r_out": flat(r_out), "r_h": flat(r_h),
            "loss": float(loss), "grads": {n: flat(p.grad) for n, p in m.named_parameters()},
            "dx": flat(x.grad), "dh0": flat(h0.grad)}
    if cell == "lstm":
        case.update({"c0": flat(c0), "c_n": flat(cn), "r_c": flat(r_c), "dc0": flat(c0.grad)})
    name = f"{cell}_{'bidir' if bidir else f'{layers}layer'}_{'padded' if padded else 'equal'}"
    write(name, case)


def losses():
    torch.manual_seed(7)
    x = torch.randn(6, requires_grad=True) * 3
    x.retain_grad()
    y = torch.tensor([1., 0., 1., 1., 0., 0.])
    l = nn.BCEWithLogitsLoss()(x, y); l.backward()
    write("loss_bce", {"logits": flat(x), "target": flat(y), "loss": float(l), "grad": flat(x.grad)})

    logits = (torch.randn(7, 5) * 2).requires_grad_()
    tgt = torch.tensor([0, 4, -1, 2, 1, -1, 3])
    l = nn.CrossEntropyLoss(ignore_index=-1)(logits, tgt); l.backward()
    write("loss_ce", {"logits": flat(logits), "classes": 5, "target": tgt.tolist(), "loss": float(l), "grad": flat(logits.grad)})

    p = torch.randn(4, 3, requires_grad=True)
    t = torch.randn(4, 3)
    l = nn.MSELoss()(p, t); l.backward()
    write("loss_mse", {"pred": flat(p), "target": flat(t), "loss": float(l), "grad": flat(p.grad)})


def composite():
    """Embedding -> LSTM -> Linear at every step, CE over true steps only (padding ignored)."""
    torch.manual_seed(11)
    B, T, V, E, H, C = 3, 6, 9, 4, 5, 7
    emb, lstm, fc = nn.Embedding(V, E), nn.LSTM(E, H, batch_first=True), nn.Linear(H, C)
    lengths = [6, 2, 4]
    ids = torch.randint(0, V, (B, T))
    tgt = torch.randint(0, C, (B, T))
    for b, n in enumerate(lengths):
        tgt[b, n:] = -1
    packed = pack_padded_sequence(emb(ids), torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    out, _ = pad_packed_sequence(lstm(packed)[0], batch_first=True, total_length=T)
    logits = fc(out)
    loss = nn.CrossEntropyLoss(ignore_index=-1)(logits.reshape(-1, C), tgt.reshape(-1))
    loss.backward()
    named = [("embedding." + n, p) for n, p in emb.named_parameters()] + \
            [("rnn." + n, p) for n, p in lstm.named_parameters()] + [("fc." + n, p) for n, p in fc.named_parameters()]
    write("composite_embedding_lstm_dense", {
        "B": B, "T": T, "V": V, "E": E, "H": H, "C": C, "lengths": lengths, "ids": ids.reshape(-1).tolist(),
        "target": tgt.reshape(-1).tolist(), "params": {n: flat(p) for n, p in named},
        "logits": flat(logits), "loss": float(loss), "grads": {n: flat(p.grad) for n, p in named}})


def optimizers():
    torch.manual_seed(3)
    w0 = torch.randn(5)
    grads = [torch.randn(5) for _ in range(3)]
    cases = {"sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
             "adam": lambda p: torch.optim.Adam(p, lr=0.01),
             "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
             "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1),
             "adamw": lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.5)}
    out = {"w0": flat(w0), "grads": [flat(g) for g in grads]}
    for name, make in cases.items():
        w = w0.clone().requires_grad_()
        opt = make([w]); steps = []
        for g in grads:
            w.grad = g.clone(); opt.step(); steps.append(flat(w))
        out[name] = steps
    w = w0.clone().requires_grad_(); w.grad = grads[0].clone() * 10
    norm = torch.nn.utils.clip_grad_norm_([w], 1.0)
    out["clip"] = {"grad": flat(grads[0] * 10), "max_norm": 1.0, "norm": float(norm), "clipped": flat(w.grad)}
    write("optimizers", out)


def conv_encoder(name, seed, B, H, W, C, kernel, filters):
    """Conv2d(k, padding=k//2) -> ReLU -> MaxPool2d(2) per block on channels-last images, flattened (row, column,
    channel), then layer-normalised without a learnt scale."""
    torch.manual_seed(seed)
    convs, cin = nn.ModuleDict(), C
    for i, f in enumerate(filters):
        convs["conv%d" % (i + 1)] = nn.Conv2d(cin, f, kernel, padding=kernel // 2)
        cin = f
    x = torch.rand(B, H, W, C, requires_grad=True)            # pixels in [0, 1], channels last as rnn4j reads them
    y = x.permute(0, 3, 1, 2)
    for conv in convs.values():
        y = torch.max_pool2d(torch.relu(conv(y)), 2)
    features = torch.nn.functional.layer_norm(y.permute(0, 2, 3, 1).reshape(B, -1), (y[0].numel(),), eps=1e-5)
    r = torch.randn_like(features)
    loss = (features * r).sum()
    loss.backward()
    write(name, {"B": B, "H": H, "W": W, "C": C, "kernel": kernel, "filters": list(filters), "x": flat(x),
                 "params": {n: flat(p) for n, p in convs.named_parameters()}, "features": flat(features),
                 "r": flat(r), "loss": float(loss), "grads": {n: flat(p.grad) for n, p in convs.named_parameters()},
                 "dx": flat(x.grad)})


if __name__ == "__main__":
    torch.set_num_threads(1)
    seed = 100
    for cell in ("rnn_tanh", "rnn_relu", "lstm", "gru"):
        for layers, bidir in ((1, False), (2, False), (1, True)):
            for padded in (False, True):
                seed += 1
                rnn_case(cell, layers, bidir, padded, seed)
    real_shape_case()
    losses(); composite(); optimizers()
    conv_encoder("conv_encoder_k3", 201, 2, 8, 6, 3, 3, (4, 5))
    conv_encoder("conv_encoder_k5", 202, 3, 7, 5, 2, 5, (3,))
    print("fixtures written to", os.path.normpath(OUT))
