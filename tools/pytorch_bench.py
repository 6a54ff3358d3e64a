#!/usr/bin/python3
"""The PyTorch side of `rnn4j bench --compare-pytorch`: the workloads of WORKLOADS.md, exactly, and GEMM (the 512³
product rnn4j's workloads are read against).

Set-up (Debian, as root): apt-get install -y python3-torch libopenblas0-pthread
Run with Debian's interpreter: /usr/bin/python3 tools/pytorch_bench.py [--only W1,I1] [--threads 1,2] [--json OUT]

Each workload: seeded synthetic data of the exact shapes (16 batches, cycled), five seconds of warm-up (as rnn4j's
harness; `rnn4j bench` starts this script once per workload, and with one second a workload that ran first measured
up to 2.5x slower in some runs), a window sized to about a second, the median over 7 windows. A training step is zero_grad, forward, loss, backward,
optimizer step. Every workload runs at each thread count given; the "best" row is the better of them (on a
2-core machine PyTorch is often fastest on one thread). Without OpenBLAS, Debian's torch uses the netlib
reference BLAS, which is not a fair reference: the "blas" field says which one was loaded.
"""
import argparse, ctypes, json, math, os, statistics, time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch
import torch.nn as nn
import rnn4j_reference


def blas():
    try:
        lib = ctypes.CDLL("libblas.so.3")
    except OSError:
        return None, "unknown"
    if hasattr(lib, "openblas_get_corename"):
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib, "OpenBLAS " + lib.openblas_get_corename().decode()
    return lib, "reference BLAS (slow: install libopenblas0-pthread)"


def threads(n, lib):
    torch.set_num_threads(n)
    if lib is not None and hasattr(lib, "openblas_set_num_threads"):
        lib.openblas_set_num_threads(n)


WARM_UP_SECONDS = 5.0


def seconds_per_step(step):
    start, k = time.perf_counter(), 0
    while k < 3 or time.perf_counter() - start < WARM_UP_SECONDS:
        step(); k += 1
    start, k = time.perf_counter(), 0
    while k < 2 or time.perf_counter() - start < 0.2:
        step(); k += 1
    n = max(1, math.ceil(1.0 / ((time.perf_counter() - start) / k)))   # 3 or more unless a step takes over 1/3 s
    out = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(n):
            step()
        out.append((time.perf_counter() - start) / n)
    return out


class ManyToOne(nn.Module):
    """Optional embedding -> recurrent layer -> last state -> linear."""
    def __init__(self, rnn, out, emb=None):
        super().__init__(); self.emb, self.rnn, self.fc = emb, rnn, nn.Linear(rnn.hidden_size, out)
    def forward(self, x):
        h = self.rnn(self.emb(x) if self.emb is not None else x)[1]
        return self.fc((h[0] if isinstance(h, tuple) else h)[-1])


class CharLm(nn.Module):
    """W2, W6-W8 and S*: Embedding(96, 64) -> layers x LSTM (or GRU) (hidden) -> Linear(96) at every step."""
    def __init__(self, hidden=256, layers=1, cell=nn.LSTM):
        super().__init__(); self.emb, self.lstm, self.fc = nn.Embedding(96, 64), cell(64, hidden, layers, batch_first=True), nn.Linear(hidden, 96)
    def forward(self, x, state=None):
        out, state = self.lstm(self.emb(x), state)
        return self.fc(out), state


def char_lm(g, B, T, hidden, layers, k, cell=nn.LSTM):
    """A training step of CharLm on B sequences of T steps; with k < T truncated BPTT: chunks of k steps, each
    from the detached state the last ended in, an Adam step after each."""
    m = CharLm(hidden, layers, cell)
    opt, ce = torch.optim.Adam(m.parameters(), lr=1e-3), nn.CrossEntropyLoss()
    data = [(torch.randint(0, 96, (B, T), generator=g), torch.randint(0, 96, (B, T), generator=g)) for _ in range(16)]
    i = [0]
    def step():
        x, y = data[i[0] % len(data)]; i[0] += 1
        state = None
        for start in range(0, T, k):
            opt.zero_grad(set_to_none=True)
            out, state = m(x[:, start:start + k], state)
            ce(out.reshape(-1, 96), y[:, start:start + k].reshape(-1)).backward()
            opt.step()
            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
    return step


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.src, self.enc = nn.Embedding(1000, 128), nn.GRU(128, 256, batch_first=True)
        self.dst, self.dec = nn.Embedding(1000, 128), nn.GRU(128, 256, batch_first=True)
        self.fc = nn.Linear(256, 1000)
    def forward(self, src, dec_in):
        return self.fc(self.dec(self.dst(dec_in), self.enc(self.src(src))[1])[0])


def inference_model():
    """I1, I2: F=32 -> LSTM(128) -> last state -> Dense(2), in eval mode."""
    torch.manual_seed(1234)
    return ManyToOne(nn.LSTM(32, 128, batch_first=True), 2).eval()


def seq2seq_model():
    """W5 and I3: GRU(256) encoder -> GRU(256) decoder + general attention -> Dense(1000), in eval mode."""
    torch.manual_seed(1234)
    return rnn4j_reference.Seq2Seq(1000, 128, 1000, 128, "GRU", 256, 1, False, "GENERAL").eval()


def seq2seq_inputs(g):
    """I3's batch: 64 sources of 20 tokens, the lengths (all 20), 64 decoder inputs (<bos> and 19 target tokens)."""
    src = torch.randint(4, 1000, (64, 20), generator=g)
    dec_in = torch.cat([torch.full((64, 1), 2), torch.randint(4, 1000, (64, 19), generator=g)], 1)
    return src, torch.full((64,), 20), dec_in


def make(name):
    """-> (step, units per step, unit, higher is better)"""
    torch.manual_seed(1234)
    g = torch.Generator().manual_seed(42)
    ce = nn.CrossEntropyLoss()
    if name == "GEMM":                                     # rnn4j bench's ceiling: C[512, 512] = A·B, in GFLOP/s
        a, b, c = torch.randn(512, 512, generator=g), torch.randn(512, 512, generator=g), torch.empty(512, 512)
        return lambda: torch.mm(a, b, out=c), 2 * 512 ** 3 / 1e9, "GFLOP/s", True

    def trainer(model, batches, loss, opt):
        i = [0]
        def step():
            x, y = batches[i[0] % len(batches)]; i[0] += 1
            opt.zero_grad(set_to_none=True)
            loss(model, x, y).backward()
            opt.step()
        return step

    if name == "W1":
        m = ManyToOne(nn.RNN(64, 128, batch_first=True), 1, nn.Embedding(10000, 64))
        data = [(torch.randint(0, 10000, (64, 100), generator=g), torch.randint(0, 2, (64,), generator=g).float()) for _ in range(16)]
        bce = nn.BCEWithLogitsLoss()
        return trainer(m, data, lambda m, x, y: bce(m(x).squeeze(1), y), torch.optim.SGD(m.parameters(), lr=0.01)), 64, "sequences/s", True
    if name == "W2":
        return char_lm(g, 32, 128, 256, 1, 128), 32 * 128, "tokens/s", True
    if name == "W6":
        return char_lm(g, 16, 2000, 256, 1, 2000), 16 * 2000, "tokens/s", True
    if name == "W7":
        return char_lm(g, 16, 2000, 256, 1, 100), 16 * 2000, "tokens/s", True
    if name.startswith("S") and name.split("-")[1] in ("gru", "lstm"):             # S512-gru: W2 at T = 512 with a GRU
        T = int(name[1:].split("-")[0])
        return char_lm(g, 32, T, 256, 1, T, nn.GRU if name.endswith("gru") else nn.LSTM), 32 * T, "tokens/s", True
    if name == "W8":
        return char_lm(g, 64, 64, 1024, 2, 64), 64 * 64, "tokens/s", True
    if name == "W3":
        m = ManyToOne(nn.GRU(28, 128, batch_first=True), 10)
        data = [(torch.randn(128, 28, 28, generator=g), torch.randint(0, 10, (128,), generator=g)) for _ in range(16)]
        return trainer(m, data, lambda m, x, y: ce(m(x), y), torch.optim.Adam(m.parameters(), lr=1e-3)), 128, "sequences/s", True
    if name == "W4":
        m, data = Seq2Seq(), []
        for _ in range(16):
            src = torch.randint(1, 1000, (64, 20), generator=g); tgt = torch.randint(1, 1000, (64, 20), generator=g)
            dec_in = torch.cat([torch.zeros(64, 1, dtype=torch.long), tgt[:, :-1]], 1)   # <bos> = 0, then the target shifted
            data.append(((src, dec_in), tgt))
        return trainer(m, data, lambda m, x, y: ce(m(*x).reshape(-1, 1000), y.reshape(-1)), torch.optim.Adam(m.parameters(), lr=1e-3)), 64, "sequence pairs/s", True
    if name == "W5":
        m, data = rnn4j_reference.Seq2Seq(1000, 128, 1000, 128, "GRU", 256, 1, False, "GENERAL"), []
        full = torch.full((64,), 20)
        for _ in range(16):
            src = torch.randint(4, 1000, (64, 20), generator=g); y = torch.randint(4, 1000, (64, 19), generator=g)
            dec_in = torch.cat([torch.full((64, 1), 2), y], 1)                          # <bos> = 2, then the target
            target = torch.cat([y, torch.full((64, 1), 3)], 1)                          # the target, then <eos> = 3
            data.append(((src, full, dec_in, full), target))
        return trainer(m, data, lambda m, x, y: ce(m(*x).reshape(-1, 1000), y.reshape(-1)), torch.optim.Adam(m.parameters(), lr=1e-3)), 64, "sequence pairs/s", True
    if name in ("I1", "I2", "I1-int8", "I2-int8"):
        B = 1 if name.startswith("I1") else 256
        m = inference_model()
        if name.endswith("int8"):
            # PyTorch's dynamically quantized LSTM and Linear: int8 weights, activations quantized on the fly. Its x86
            # engine: FBGEMM where the build has it (Debian's 1.13 has not), else oneDNN's
            engines = torch.backends.quantized.supported_engines
            torch.backends.quantized.engine = "fbgemm" if "fbgemm" in engines else "x86" if "x86" in engines else "onednn"
            m = torch.ao.quantization.quantize_dynamic(m, {nn.LSTM, nn.Linear}, dtype=torch.qint8)
        x = torch.randn(B, 50, 32, generator=g)
        def step():
            with torch.inference_mode():
                m(x)
        return step, B, "us/sequence" if B == 1 else "sequences/s", B != 1
    if name == "I3":
        m = seq2seq_model()
        src, full, dec_in = seq2seq_inputs(g)
        def step():
            with torch.inference_mode():
                m(src, full, dec_in, full)
        return step, 64, "sequence pairs/s", True
    raise SystemExit(f"unknown workload {name}")


def resident(field="VmRSS"):
    """The process's resident memory (VmRSS), or its peak since the last call (VmHWM), in bytes; reading VmRSS
    also resets the peak (Linux's /proc/self/clear_refs), so that VmHWM minus it is what the code in between added."""
    if field == "VmRSS":
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="W1,W2,W3,W4,W5,W6,W7,W8,I1,I2,I3")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--json")
    args = ap.parse_args()
    lib, blas_name = blas()
    rows = []
    for name in args.only.split(","):
        for th in (int(t) for t in args.threads.split(",")):
            threads(th, lib)
            step, units, unit, higher = make(name)
            before = resident()
            secs = seconds_per_step(step)
            peak = resident("VmHWM") - before
            vals = [units / s for s in secs] if higher else [s / units * 1e6 for s in secs]
            rows.append({"workload": name, "unit": unit, "threads": th, "median": statistics.median(vals), "min": min(vals),
                         "max": max(vals), "higher_is_better": higher, "blas": blas_name, "torch": torch.__version__,
                         "quantized_engine": torch.backends.quantized.engine if name.endswith("int8") else None,
                         "peak_resident_bytes": peak})
            print(f"{name} threads={th} {rows[-1]['median']:.1f} {unit} [{blas_name}]", flush=True)
        mine = [r for r in rows if r["workload"] == name and r["threads"] != "best"]
        best = (max if higher else min)(mine, key=lambda r: r["median"])
        rows.append({**best, "threads": "best", "best_threads": best["threads"]})
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
