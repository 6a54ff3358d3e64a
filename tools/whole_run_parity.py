#!/usr/bin/python3
"""Whole-run parity: PyTorch trains the models rnn4j trained, from rnn4j's initial weights, on rnn4j's batches.

rnn4j's side writes, per configuration (org.rnn4j.model.WholeRun, run by tools/whole-run-parity.sh):
NAME.init.safetensors (every parameter under PyTorch's names), NAME.batches.safetensors (x.S token ids padded
with 0, lengths.S, y.S targets padded with -1, for every step S in rnn4j's order) and NAME.json (settings). This
script trains the same modules (tools/rnn4j_reference.py) with the same update: clip the global gradient norm,
decay the weights by 1 - lr*wd (decoupled, PyTorch's AdamW), step the optimizer; the learning rate of epoch e is
lr * decay^(e-1); dropout 0. It writes each step's loss and, per final tensor, its norm and a checksum
(sum of w_i * r_i with r_i = ((i * 2654435761) mod 1000) / 1000 - 0.5) as the fixture the Java test compares with.

    /usr/bin/python3 tools/whole_run_parity.py DUMP_DIR OUT_DIR [--control]

With --control (the long runs on the examples' data), PyTorch also trains from rnn4j's start with every weight
moved by 1e-7 of itself, and the summary sets rnn4j's distance from PyTorch beside that copy's.

With dropout (runs NAME_dropout_sS, dumped by WholeRun --dropout) the masks differ between the frameworks, so the
runs are compared by the mean and spread over the seeds of the last epoch's mean training loss.
"""
import json, os, statistics, struct, sys
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
from rnn4j_reference import CELLS, ManyToOne, Seq2Seq, run_rnn  # noqa: E402


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[8 + n + begin:8 + n + end]), dtype=torch.float32)
        out[name] = t.reshape(e["shape"]).clone()
    return out


class ManyToMany(nn.Module):
    """embedding -> rnn -> head at every step (rnn4j's ManyToMany)."""

    def __init__(self, vocab, emb, cell, hidden, layers, bidirectional, classes, dropout=0.0):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = CELLS[cell](emb, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True, dropout=dropout)
        self.drop = nn.Dropout(dropout)                                   # rnn4j drops the features entering the head too
        self.head = nn.Linear((2 if bidirectional else 1) * hidden, classes)

    def forward(self, ids, lengths):
        x = self.embedding(ids)
        # Left to right, the padding after a sequence cannot change its outputs, and the loss skips it: the padded
        # batch is the same computation as the packed one, and PyTorch's CPU LSTM runs it 8 times as fast.
        out, _ = run_rnn(self.rnn, x, lengths) if self.rnn.bidirectional else self.rnn(x)
        return self.head(self.drop(out))


def build(s):
    if s["kind"] == "many-to-many":
        return ManyToMany(s["vocab"], s["embedding"], s["cell"], s["hidden"], s["layers"], s["bidirectional"], s["classes"], s.get("dropout", 0.0))
    if s["kind"] == "many-to-one":
        return ManyToOne(s["vocab"], s["embedding"], s["cell"], s["hidden"], s["layers"], s["bidirectional"], s["classes"])
    return Seq2Seq(s["vocab"], s["embedding"], s.get("target_vocab", s["vocab"]), s["embedding"], s["cell"], s["hidden"], s["layers"], s["bidirectional"], s["score"])


def loss_of(model, s, x, lengths, y):
    if s["kind"] == "many-to-many":
        logits = model(x, lengths)
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-1)
    if s["kind"] == "many-to-one":
        return nn.functional.binary_cross_entropy_with_logits(model(x, lengths), y.float())
    tgt_lengths = (y >= 0).sum(1) + 1                                    # <bos> y_1 .. y_n  ->  y_1 .. y_n <eos>
    b, n = y.shape
    tgt_in = torch.zeros(b, n + 1, dtype=torch.long)
    tgt_out = torch.full((b, n + 1), -1, dtype=torch.long)
    tgt_in[:, 0] = s["bos"]
    for i in range(b):
        k = int(tgt_lengths[i]) - 1
        tgt_in[i, 1:k + 1] = y[i, :k]
        tgt_out[i, :k] = y[i, :k]
        tgt_out[i, k] = s["eos"]
    logits = model(x, lengths, tgt_in, tgt_lengths)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1), ignore_index=-1)


def checksum(t):
    flat = t.detach().double().reshape(-1)
    i = torch.arange(flat.numel(), dtype=torch.int64)
    r = ((i * 2654435761) % 1000).double() / 1000 - 0.5
    return float((flat * r).sum()), float(flat.abs().mul(r.abs()).sum())


def train(s, model, batches, name, echo):
    """Trains model on the batches as rnn4j does; returns each step's loss."""
    params = list(model.parameters())
    opt = torch.optim.Adam(params, lr=s["lr"]) if s["optimizer"] == "ADAM" else torch.optim.SGD(params, lr=s["lr"])
    per_epoch = s["steps"] // s["epochs"]
    losses = []
    for step in range(s["steps"]):
        lr = s["lr"] * s["lr_decay"] ** (step // per_epoch)
        for g in opt.param_groups:
            g["lr"] = lr
        x = batches["x.%d" % step].long()
        lengths = batches["lengths.%d" % step].long()
        y = batches["y.%d" % step]
        y = y if s["kind"] == "many-to-one" else y.long()
        opt.zero_grad()
        loss = loss_of(model, s, x, lengths, y)
        loss.backward()
        if s["clip"] > 0:
            torch.nn.utils.clip_grad_norm_(params, s["clip"])
        if s["weight_decay"] > 0:
            with torch.no_grad():
                for p in params:
                    p.mul_(1 - lr * s["weight_decay"])
        opt.step()
        losses.append(float(loss))
        if echo and (step + 1) % 100 == 0:
            print("%s: step %d, loss %.5f (rnn4j %.5f)" % (name, step + 1, losses[-1], s["rnn4j_losses"][step]), flush=True)
    return losses


def start(s, dump, name, perturb=0.0):
    """The model from rnn4j's initial weights; with perturb, each weight times 1 + perturb * N(0, 1)."""
    torch.manual_seed(int(s.get("seed", 0)))
    model = build(s)
    model.load_state_dict(read_safetensors(os.path.join(dump, name + ".init.safetensors")), strict=True)
    if perturb:
        g = torch.Generator().manual_seed(1)
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1 + perturb * torch.randn(p.shape, generator=g))
    return model


def run(dump, out, name, control):
    s = json.load(open(os.path.join(dump, name + ".json")))
    model = start(s, dump, name)
    batches = read_safetensors(os.path.join(dump, name + ".batches.safetensors"))
    losses = train(s, model, batches, name, s["steps"] > 300)
    per_epoch = s["steps"] // s["epochs"]
    weights = {}
    for n, p in model.state_dict().items():
        c, scale = checksum(p)
        weights[n] = {"norm": float(p.double().norm()), "checksum": c, "scale": scale}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"settings": {k: v for k, v in s.items() if k != "rnn4j_losses"}, "losses": losses, "weights": weights}, f, indent=1)
    ours = s["rnn4j_losses"]
    worst = max(abs(a - b) / abs(b) for a, b in zip(ours, losses))
    if s.get("dropout", 0) > 0:
        return sum(ours[-per_epoch:]) / per_epoch, sum(losses[-per_epoch:]) / per_epoch
    print("%-24s %d steps, loss %.5f -> %.5f (rnn4j %.5f -> %.5f), largest relative step difference %.2e"
          % (name, len(losses), losses[0], losses[-1], ours[0], ours[-1], worst))
    final = os.path.join(dump, name + ".final.safetensors")
    if control and os.path.exists(final):
        # The control: PyTorch against itself, from rnn4j's start with every weight moved by 1e-7 of itself (about
        # one float32 rounding). A chaotic training parts from such a copy as fast as from any other implementation.
        twin = start(s, dump, name, 1e-7)
        twin_losses = train(s, twin, batches, name + " (control)", False)
        windows(name, ours, losses, twin_losses, read_safetensors(final), model, twin)


def distance(a, b):
    """|a - b| / |b| over every tensor of two state dicts."""
    diff = sum(float((a[k].double() - p.double()).norm() ** 2) for k, p in b.items())
    return (diff / sum(float(p.double().norm() ** 2) for p in b.values())) ** 0.5


def windows(name, ours, theirs, control, final, model, twin):
    """A long run: the mean loss of each tenth of the run in rnn4j, PyTorch and the perturbed PyTorch, and how far apart each ends."""
    n = len(ours)
    print("%s, mean loss by tenth of the run (control: PyTorch from the same start moved by 1e-7 relative):" % name)
    for k in range(10):
        a, b = k * n // 10, (k + 1) * n // 10
        r, p, c = (sum(v[a:b]) / (b - a) for v in (ours, theirs, control))
        print("  steps %5d-%5d  rnn4j %.5f  PyTorch %.5f  control %.5f  rnn4j-PyTorch %+.2e  control-PyTorch %+.2e" % (a + 1, b, r, p, c, (r - p) / p, (c - p) / p))
    step = lambda v: max(abs(x - y) / abs(y) for x, y in zip(v, theirs))
    print("  largest relative step difference: rnn4j %.2e, control %.2e" % (step(ours), step(control)))
    print("  final weights, |w - PyTorch| / |PyTorch|: rnn4j %.2e, control %.2e"
          % (distance({k: final[k] for k in model.state_dict()}, model.state_dict()), distance(twin.state_dict(), model.state_dict())))

if __name__ == "__main__":
    torch.set_num_threads(2)
    args = [a for a in sys.argv[1:] if a != "--control"]
    dump, out = args[0], args[1]
    last = {}
    for name in sorted(f[:-5] for f in os.listdir(dump) if f.endswith(".json")):
        r = run(dump, out, name, "--control" in sys.argv)
        if r:
            last[name] = r
    if last:
        for name, (a, b) in last.items():
            print("%-24s last epoch's mean loss: rnn4j %.4f, PyTorch %.4f" % (name, a, b))
        ours, theirs = [a for a, _ in last.values()], [b for _, b in last.values()]
        print("dropout 0.3, %d seeds: rnn4j %.4f ± %.4f, PyTorch %.4f ± %.4f (mean ± standard deviation)"
              % (len(ours), statistics.mean(ours), statistics.stdev(ours), statistics.mean(theirs), statistics.stdev(theirs)))
