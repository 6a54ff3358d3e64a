#!/usr/bin/python3
"""PyTorch reference for the translation application: the architecture of `rnn4j train --task seq2seq --bidirectional`
(tools/pytorch_apps.py's G2P: a bidirectional LSTM encoder whose last states, summed over directions, start an LSTM
decoder with Luong general attention), on the same split, with the same subwords and vocabularies (read from the
rnn4j model file, so both models see the same token ids) and the same budget (epochs, batch, Adam, learning rate and
its decay per epoch, clipping, dropout). Writes the greedy translations of the test split, for the epoch with the best
validation BLEU, to OUT (one per line), to be scored by `rnn4j score` as rnn4j's are.

    /usr/bin/python3 tools/pytorch_translation.py MODEL.safetensors TRAIN.tsv VALID.tsv TEST.tsv OUT.txt \
        [--hidden 256 --embedding 256 --epochs 12 --lr 0.002 --decay 1 --batch 64 --dropout 0.2 --clip 1] [--checkpoint FILE]
        [--rnn4j-model FILE]

With --checkpoint FILE the training state is written to FILE after every epoch, and the same command started again
goes on after the last epoch written: a long run can be stopped and continued. With --rnn4j-model FILE the kept
epoch's weights are also written as an rnn4j model file (MODEL's config, subwords and vocabularies; rnn4j's parameter
names), so that `rnn4j evaluate --beam 5` and `rnn4j predict` run PyTorch's model.

Validation BLEU is computed as rnn4j's val_sacrebleu is (13a tokens, corpus BLEU-4, brevity penalty, exp smoothing).
"""
import argparse, json, math, os, re, struct, sys, time
from collections import Counter

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pytorch_apps import G2P, PAD, BOS, EOS, fit_seq2seq, greedy   # noqa: E402
from pytorch_bench import blas, threads                     # noqa: E402
from tokenize13a import tokenize_13a                        # noqa: E402


class Bpe:
    """rnn4j's BPE from its model file: a space before the text, words cut before each space, merges by rank,
    characters outside the alphabet as UTF-8 byte tokens; join undoes it."""

    def __init__(self, spec):
        self.alphabet = set(spec["alphabet"])
        self.ranks = {(l, r): i for i, (l, r) in reversed(list(enumerate(spec["merges"])))}
        self.cache = {}

    def words(self, text):
        s = " " + text
        cuts = [0] + [i for i in range(1, len(s)) if s[i] == " "] + [len(s)]
        return [s[a:b] for a, b in zip(cuts, cuts[1:])] if text else []

    def word(self, w):
        if w in self.cache:
            return self.cache[w]
        symbols = []
        for c in w:
            symbols += [c] if c in self.alphabet else ["<0x%02X>" % b for b in c.encode("utf-8")]
        while len(symbols) > 1:
            pairs = [(self.ranks.get((symbols[i], symbols[i + 1]), math.inf), i) for i in range(len(symbols) - 1)]
            rank, _ = min(pairs)
            if rank == math.inf:
                break
            left, right = next((symbols[i], symbols[i + 1]) for r, i in pairs if r == rank)
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                    merged.append(left + right)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        self.cache[w] = symbols
        return symbols

    def tokenize(self, text):
        return [t for w in self.words(text) for t in self.word(w)]

    @staticmethod
    def join(tokens):
        out, pending = [], bytearray()
        for t in tokens:
            m = re.fullmatch(r"<0x([0-9A-F]{2})>", t)
            if m:
                pending.append(int(m.group(1), 16))
                continue
            if pending:
                out.append(pending.decode("utf-8", "replace"))
                pending = bytearray()
            out.append(t)
        if pending:
            out.append(pending.decode("utf-8", "replace"))
        text = "".join(out)
        return text[1:] if text.startswith(" ") else text


def bleu(refs, hyps):
    tokens_13a = tokenize_13a
    match, total, rl, hl = [0] * 4, [0] * 4, 0, 0
    for r, h in zip(refs, hyps):
        r, h = tokens_13a(r), tokens_13a(h)
        rl, hl = rl + len(r), hl + len(h)
        for n in range(1, 5):
            rc, hc = Counter(tuple(r[i:i + n]) for i in range(len(r) - n + 1)), Counter(tuple(h[i:i + n]) for i in range(len(h) - n + 1))
            match[n - 1] += sum(min(c, rc[g]) for g, c in hc.items())
            total[n - 1] += max(0, len(h) - n + 1)
    if hl == 0 or min(total) == 0:
        return 0.0
    logs, smooth = 0.0, 1.0
    for m, t in zip(match, total):
        if m == 0:
            smooth *= 2
            logs += math.log(100.0 / (smooth * t))
        else:
            logs += math.log(100.0 * m / t)
    return (math.exp(1 - rl / hl) if hl < rl else 1.0) * math.exp(logs / 4)


# G2P's parameter names -> rnn4j's seq2seq names (`rnn4j inspect` lists them)
RNN4J_NAMES = {"src_embedding.": "encoder.embedding.", "encoder.": "encoder.rnn.", "tgt_embedding.": "decoder.embedding.",
               "decoder.": "decoder.rnn.", "attention.": "decoder.attention.", "combine.": "decoder.combine.", "out.": "decoder.out."}


def crc32c(chunks):
    """CRC-32C (Castagnoli), as java.util.zip.CRC32C computes it."""
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    crc = 0xFFFFFFFF
    for chunk in chunks:
        for b in chunk:
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def write_rnn4j(path, template, header, state, a, note):
    """The weights of state (a G2P state dict) as an rnn4j model file: template's tensors, in its order, replaced by
    PyTorch's, with its task and vocabularies, its config with a's sizes and dropout, and the whole-file CRC-32C rnn4j
    checks on reading (the header with the checksum's digits as zeros, then the data)."""
    named = {}
    for k, v in state.items():
        prefix = next(p for p in RNN4J_NAMES if k.startswith(p))
        named[RNN4J_NAMES[prefix] + k[len(prefix):]] = v
    out, blobs, offset = {}, [], 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if name not in named:
            sys.exit("%s: PyTorch's model has no %s, which %s holds" % (path, name, template))
        t = named.pop(name).detach().float().contiguous()
        data = t.numpy().astype("<f4").tobytes()
        out[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if named:
        sys.exit("%s: no place in %s for %s" % (path, template, sorted(named)))
    meta = {k: v for k, v in header["__metadata__"].items() if k not in ("crc32c", "data_crc32c", "epoch", "monitor", "stopped", "run", "created")}
    config = json.loads(meta["config"])
    config["source"]["embedding"] = config["embedding"] = a.embedding
    config["rnn"]["hidden"], config["rnn"]["dropout"] = a.hidden, a.dropout
    meta["config"] = json.dumps(config, separators=(",", ":"))
    meta.update(note)
    meta["crc32c"] = "0" * 16
    out["__metadata__"] = meta
    head = json.dumps(out, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    field = b'"crc32c":"' + b"0" * 16 + b'"'
    at = head.index(field) + len(field) - 17
    head = head[:at] + b"%016x" % crc32c([head] + blobs) + head[at + 16:]
    with open(path + ".part", "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)
    os.replace(path + ".part", path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("model", "train", "valid", "test", "out"):
        p.add_argument(name)
    p.add_argument("--hidden", type=int, default=256); p.add_argument("--embedding", type=int, default=256)
    p.add_argument("--epochs", type=int, default=12); p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--decay", type=float, default=1.0)
    p.add_argument("--batch", type=int, default=64); p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--clip", type=float, default=1.0); p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--checkpoint", help="the training state after every epoch, resumed from when it exists")
    p.add_argument("--rnn4j-model", help="also write the kept epoch's weights as an rnn4j model file (MODEL's config and "
                   "vocabularies), for rnn4j evaluate and predict")
    a = p.parse_args()
    lib, name = blas()
    print("BLAS: " + name, flush=True)
    if not name.startswith("OpenBLAS"):
        sys.exit("pytorch_translation: PyTorch would run on the " + name)
    threads(a.threads, lib)
    torch.manual_seed(a.seed)
    with open(a.model, "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
    task = json.loads(header["__metadata__"]["task"])
    src, tgt = Bpe(task["encoder"]["tokenizer"]), Bpe(task["target"]["tokenizer"])
    sv = {t: i for i, t in enumerate(task["encoder"]["vocab"])}
    tv = {t: i for i, t in enumerate(task["target"]["vocab"])}
    inverse = {i: t for t, i in tv.items()}
    unk = 1
    read = lambda path: [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip()]

    def enc(rows):
        out = []
        for s, t in rows:
            y = [tv.get(x, unk) for x in tgt.tokenize(t)]
            out.append(([sv.get(x, unk) for x in src.tokenize(s)], [BOS] + y, y + [EOS], t))
        return out

    train, valid, test = enc(read(a.train)), enc(read(a.valid)), enc(read(a.test))
    model = G2P(len(sv), len(tv), a.embedding, a.hidden, a.dropout)
    longest = task["maxLength"]

    def translate(data):
        return [(r[3], Bpe.join([inverse[t] for t in out if t not in (PAD, BOS)])) for r, out in greedy(model, data, longest, 128)]

    def score(data):
        pairs = translate(data)
        value = bleu([r for r, _ in pairs], [h for _, h in pairs])
        return value, "val_sacrebleu %.2f" % value

    best = fit_seq2seq(model, train, valid, len(tv), a, a.clip, score, a.checkpoint)
    if a.rnn4j_model:
        write_rnn4j(a.rnn4j_model, a.model, header, model.state_dict(), a,
                    {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "monitor": "val_sacrebleu = %r" % best,
                     "trained_by": "PyTorch %s (tools/pytorch_translation.py)" % torch.__version__})
    pairs = translate(test)
    with open(a.out, "w", encoding="utf-8") as f:
        for _, h in pairs:
            f.write(h + "\n")
    print("test: sacrebleu %.2f (epoch with the best validation BLEU %.2f); translations in %s" % (bleu([r for r, _ in pairs], [h for _, h in pairs]), best, a.out))


if __name__ == "__main__":
    main()
