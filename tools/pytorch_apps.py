#!/usr/bin/python3
"""PyTorch references for two applications: the same architecture as the rnn4j run, trained on the same split with
the same budget (epochs, batch, optimizer, learning-rate schedule, clipping), so the two results can stand side by side.

    /usr/bin/python3 tools/pytorch_apps.py lm  TRAIN.txt VALID.txt TEST.txt  [--hidden 512 --embedding 64 --epochs 8 --lr 0.002 --decay 0.85 --batch 32]
    /usr/bin/python3 tools/pytorch_apps.py g2p TRAIN.tsv VALID.tsv TEST.tsv  [--hidden 256 --embedding 64 --epochs 15 --lr 0.003 --decay 0.9 --batch 64 --dropout 0.3]

lm: characters, one verse per line, <bos> c_1..c_n -> c_1..c_n <eos>, Embedding -> LSTM -> Linear; prints validation
and test bits per character after every epoch, and at the end the test
bits per character of the epoch with the best validation loss. g2p: letters in, space-separated phonemes out; a
bidirectional LSTM encoder whose last states, summed over directions, start an LSTM decoder with Luong general
attention (h~ = tanh(W[c; h])); prints word error rate (1 - exact match) and phoneme error rate (edit distance over
reference length) of greedy decoding on the test split, for the epoch with the best validation exact match.
Adam, gradient norm clipped at 5, learning rate times --decay after every epoch; --threads (default 2, the machine's
cores). Batches are drawn as rnn4j's EpochOrder draws them: a fresh permutation per epoch, pools of 64 batches sorted
by length, cut into batches, the batches of a pool shuffled. lm cuts lines longer than --max-length (256) into pieces,
as `rnn4j train --task lm` does, and runs the LSTM on the padded batch: it reads left to right, so the padding after a
line cannot change that line's outputs, and the loss ignores it (PyTorch's CPU LSTM runs a packed batch many times
slower than a padded one). A line is cut after adding <bos> and <eos>, as rnn4j cuts it: each piece predicts the
next characters of the line, and only the last piece predicts <eos>.
Set-up (Debian, as root): apt-get install -y python3-torch libopenblas0-pthread. Without OpenBLAS, Debian's torch
falls back to the netlib reference BLAS, some 20 times slower; the script refuses to run on it.
"""
import argparse, hashlib, math, os, random, sys, time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from pytorch_bench import blas, threads

PAD, UNK, BOS, EOS = 0, 1, 2, 3


def vocab(sequences):
    items = sorted({t for s in sequences for t in s})
    return {t: i + 4 for i, t in enumerate(items)}


def ids(seq, v):
    return [v.get(t, UNK) for t in seq]


def batches(data, size, shuffle, rng, pool_batches=64):
    """Batches in file order, or (shuffle) bucketed by the length of each example's first sequence."""
    if not shuffle:
        for i in range(0, len(data), size):
            yield data[i:i + size]
        return
    order = list(range(len(data)))
    rng.shuffle(order)
    for p in range(0, len(order), size * pool_batches):
        pool = sorted(order[p:p + size * pool_batches], key=lambda j: len(data[j][0]))
        cut = [pool[i:i + size] for i in range(0, len(pool), size)]
        rng.shuffle(cut)
        for b in cut:
            yield [data[j] for j in b]


def pad(seqs):
    t = torch.full((len(seqs), max(len(s) for s in seqs)), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        t[i, :len(s)] = torch.tensor(s)
    return t


class CharLM(nn.Module):
    def __init__(self, V, E, H):
        super().__init__()
        self.embedding, self.rnn, self.out = nn.Embedding(V, E), nn.LSTM(E, H, batch_first=True), nn.Linear(H, V)

    def forward(self, x):
        return self.out(self.rnn(self.embedding(x))[0])


def lm(a):
    read = lambda p: [l.rstrip("\n") for l in open(p, encoding="utf-8") if l.strip()]
    train, valid, test = read(a.train), read(a.valid), read(a.test)
    v = vocab(train)
    # <bos> c_1 .. c_n -> c_1 .. c_n <eos>, then cut into pieces of --max-length steps, each starting afresh
    pairs = lambda l: ([BOS] + ids(l, v), ids(l, v) + [EOS])
    enc = lambda lines: [(x[i:i + a.max_length], y[i:i + a.max_length]) for x, y in map(pairs, lines) for i in range(0, len(x), a.max_length)]
    train, valid, test = enc(train), enc(valid), enc(test)
    model = CharLM(len(v) + 4, a.embedding, a.hidden)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, a.decay)
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD, reduction="sum")

    def score(data):
        model.eval()
        total, n = 0.0, 0
        with torch.no_grad():
            for b in batches(data, 256, False, None):
                x, y = pad([s[0] for s in b]), pad([s[1] for s in b])
                total += float(loss_fn(model(x).reshape(-1, len(v) + 4), y.reshape(-1)))
                n += int((y != PAD).sum())
        return total / n / math.log(2)

    rng, best = random.Random(a.seed), (float("inf"), None)
    for epoch in range(1, a.epochs + 1):
        model.train()
        start = time.time()
        for b in batches(train, a.batch, True, rng):
            x, y = pad([s[0] for s in b]), pad([s[1] for s in b])
            opt.zero_grad()
            logits = model(x)
            loss = loss_fn(logits.reshape(-1, len(v) + 4), y.reshape(-1)) / int((y != PAD).sum())
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
        sched.step()
        seconds, val = time.time() - start, score(valid)
        print("epoch %d  val_bpc %.4f  test_bpc %.4f  %.1f s" % (epoch, val, score(test), seconds), flush=True)
        if val < best[0]:
            best = (val, {k: t.clone() for k, t in model.state_dict().items()})
    model.load_state_dict(best[1])
    print("test bpc %.4f (epoch with the best validation bpc %.4f)" % (score(test), best[0]))


class G2P(nn.Module):
    def __init__(self, S, T, E, H, dropout):
        super().__init__()
        self.drop = nn.Dropout(dropout)                          # on h~, before the output layer, as rnn4j's decoder
        self.src_embedding, self.encoder = nn.Embedding(S, E), nn.LSTM(E, H, batch_first=True, bidirectional=True)
        self.tgt_embedding, self.decoder = nn.Embedding(T, E), nn.LSTM(E, H, batch_first=True)
        self.attention = nn.Linear(2 * H, H, bias=False)          # score = h · W k
        self.combine, self.out = nn.Linear(3 * H, H), nn.Linear(H, T)

    def encode(self, x, lengths):
        # The rows of each source length run as one unpadded batch: exact, like a packed sequence, and several times
        # faster on the CPU, where PyTorch runs packed sequences step by step (bucketed batches hold few lengths).
        emb, H = self.src_embedding(x), self.encoder.hidden_size
        out = emb.new_zeros(x.shape[0], x.shape[1], 2 * H)
        h, c = emb.new_zeros(2, x.shape[0], H), emb.new_zeros(2, x.shape[0], H)
        for n in lengths.unique().tolist():
            rows = (lengths == n).nonzero(as_tuple=True)[0]
            o, (hn, cn) = self.encoder(emb[rows, :n])
            out[rows, :n], h[:, rows], c[:, rows] = o, hn, cn
        return self.encoded(out, h, c, x, lengths)

    def encode_packed(self, x, lengths):
        """The same with a packed sequence (the check of encode)."""
        packed = pack_padded_sequence(self.src_embedding(x), lengths, batch_first=True, enforce_sorted=False)
        out, (h, c) = self.encoder(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        return self.encoded(out, h, c, x, lengths)

    @staticmethod
    def encoded(out, h, c, x, lengths):
        """The keys, the decoder's initial state (the two directions summed) and the source mask."""
        mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
        return out, (h[0::2] + h[1::2], c[0::2] + c[1::2]), mask

    def decode(self, y, state, keys, mask):
        h, state = self.decoder(self.tgt_embedding(y), state)
        scores = torch.bmm(h, self.attention(keys).transpose(1, 2)).masked_fill(~mask[:, None, :], float("-inf"))
        context = torch.bmm(torch.softmax(scores, dim=-1), keys)
        return self.out(self.drop(torch.tanh(self.combine(torch.cat([context, h], dim=-1))))), state


def greedy(model, data, longest, size):
    """Greedy decoding of each row's source (row[0]) by a G2P-shaped model: yields (row, token ids before EOS)."""
    model.eval()
    with torch.no_grad():
        for b in batches(data, size, False, None):
            lengths = torch.tensor([len(r[0]) for r in b])
            keys, state, mask = model.encode(pad([r[0] for r in b]), lengths)
            token, done, out = torch.full((len(b), 1), BOS), [False] * len(b), [[] for _ in b]
            for _ in range(longest):
                logits, state = model.decode(token, state, keys, mask)
                token = logits.argmax(-1)
                for i, t in enumerate(token[:, 0].tolist()):
                    if not done[i]:
                        if t == EOS:
                            done[i] = True
                        else:
                            out[i].append(t)
                if all(done):
                    break
            yield from zip(b, out)


def rows_digest(rows):
    """SHA-256 of the rows' token ids (source, decoder input, decoder target): what a checkpoint was trained on."""
    h = hashlib.sha256()
    for r in rows:
        h.update(repr((r[0], r[1], r[2])).encode())
    return h.hexdigest()


def fit_seq2seq(model, train, valid, classes, a, clip, score, checkpoint=None):
    """Trains on rows (source, <bos> + target, target + <eos>, ...) as rnn4j trains a seq2seq model: Adam at a.lr times
    a.decay after every epoch, the token-mean cross-entropy, the gradient norm clipped at clip, batches as EpochOrder
    draws them. score(valid) gives (value, text) after every epoch: the text is printed, and the epoch with the highest
    value is kept. Returns that value. With a checkpoint path, the whole state (model, optimizer, schedule, both random
    generators, the best epoch so far) is written there after every epoch, and a run started again with the same
    options on the same encoded training rows goes on after the last epoch written, as if it had not stopped."""
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, a.decay)
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD, reduction="sum")
    rng, best, done = random.Random(a.seed), (-math.inf, None), 0
    options = {k: v for k, v in vars(a).items() if k not in ("checkpoint", "rnn4j_model")}   # where results go, not how to train
    data = rows_digest(train)
    if checkpoint and os.path.exists(checkpoint):
        saved = torch.load(checkpoint)
        if saved["options"] != options:
            sys.exit("%s was written by a run with other options: %s" % (checkpoint, saved["options"]))
        if saved["data"] != data:
            sys.exit("%s was written by a run on other training rows (another training file, or other vocabularies): "
                     "their digest was %s, these rows' is %s" % (checkpoint, saved["data"], data))
        model.load_state_dict(saved["model"]); opt.load_state_dict(saved["optimizer"]); sched.load_state_dict(saved["schedule"])
        rng.setstate(saved["order"]); torch.set_rng_state(saved["dropout"])
        best, done = saved["best"], saved["epoch"]
        print("resumed from %s after epoch %d" % (checkpoint, done), flush=True)
    for epoch in range(done + 1, a.epochs + 1):
        model.train()
        start = time.time()
        for b in batches(train, a.batch, True, rng):
            lengths = torch.tensor([len(r[0]) for r in b])
            y_in, y_out = pad([r[1] for r in b]), pad([r[2] for r in b])
            opt.zero_grad()
            keys, state, mask = model.encode(pad([r[0] for r in b]), lengths)
            logits, _ = model.decode(y_in, state, keys, mask)
            loss = loss_fn(logits.reshape(-1, classes), y_out.reshape(-1)) / int((y_out != PAD).sum())
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
        sched.step()
        value, shown = score(valid)
        print("epoch %d  %s  %.1f s" % (epoch, shown, time.time() - start), flush=True)
        if value > best[0]:
            best = (value, {k: t.clone() for k, t in model.state_dict().items()})
        if checkpoint:
            torch.save({"options": options, "data": data, "epoch": epoch, "model": model.state_dict(), "optimizer": opt.state_dict(),
                        "schedule": sched.state_dict(), "order": rng.getstate(), "dropout": torch.get_rng_state(),
                        "best": best}, checkpoint + ".part")
            os.replace(checkpoint + ".part", checkpoint)
    model.load_state_dict(best[1])
    return best[0]


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def g2p(a):
    read = lambda p: [l.rstrip("\n").split("\t") for l in open(p, encoding="utf-8") if l.strip()]
    train, valid, test = read(a.train), read(a.valid), read(a.test)
    sv, tv = vocab(list(s) for s, _ in train), vocab(t.split() for _, t in train)
    inverse = {i: t for t, i in tv.items()}
    enc = lambda rows: [(ids(s, sv), [BOS] + ids(t.split(), tv), ids(t.split(), tv) + [EOS], t.split()) for s, t in rows]
    train, valid, test = enc(train), enc(valid), enc(test)
    model = G2P(len(sv) + 4, len(tv) + 4, a.embedding, a.hidden, a.dropout)
    longest = 2 * max(len(r[3]) for r in train)
    with torch.no_grad():                                        # the grouped encoder agrees with the packed one
        b = train[:256]
        lengths, x = torch.tensor([len(r[0]) for r in b]), pad([r[0] for r in b])
        grouped, packed = model.encode(x, lengths), model.encode_packed(x, lengths)
        assert torch.allclose(grouped[0], packed[0], atol=1e-5) and torch.allclose(grouped[1][0], packed[1][0], atol=1e-5)

    def score(data):
        exact, edits, ref = 0, 0, 0
        for r, out in greedy(model, data, longest, 256):
            hyp = [inverse.get(t, "<unk>") for t in out]
            exact += hyp == r[3]
            edits += edit_distance(r[3], hyp)
            ref += len(r[3])
        return exact / len(data), edits / ref

    def validation(data):
        em, per = score(data)
        return em, "val_exact_match %.4f  val_per %.4f" % (em, per)

    best = fit_seq2seq(model, train, valid, len(tv) + 4, a, 5.0, validation, a.checkpoint)
    em, per = score(test)
    print("test WER %.4f  PER %.4f (epoch with the best validation exact match %.4f)" % (1 - em, per, best))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("app", choices=["lm", "g2p"])
    p.add_argument("train"); p.add_argument("valid"); p.add_argument("test")
    p.add_argument("--hidden", type=int); p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--epochs", type=int); p.add_argument("--lr", type=float); p.add_argument("--decay", type=float)
    p.add_argument("--batch", type=int); p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--threads", type=int, default=2); p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--checkpoint", help="g2p: the training state after every epoch, resumed from when it exists")
    a = p.parse_args()
    lib, name = blas()
    print("BLAS: " + name, flush=True)
    if not name.startswith("OpenBLAS"):
        sys.exit("pytorch_apps: PyTorch would run on the " + name)
    defaults = {"lm": dict(hidden=512, epochs=8, lr=0.002, decay=0.85, batch=32), "g2p": dict(hidden=256, epochs=15, lr=0.003, decay=0.9, batch=64)}[a.app]
    for k, v in defaults.items():
        if getattr(a, k) is None:
            setattr(a, k, v)
    torch.manual_seed(a.seed)
    threads(a.threads, lib)
    {"lm": lm, "g2p": g2p}[a.app](a)
