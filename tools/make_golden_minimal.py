#!/usr/bin/python3
"""Writes the golden fixtures of minGRU and minLSTM (Feng et al. 2024, "Were RNNs All We Needed?", arXiv 2410.01201).

PyTorch has no such layers, so this is a plain implementation of the paper's equations, in two forms that must
agree: the sequential one (a loop over t) and the paper's log-space parallel scan (cumsum and logcumsumexp), both
in float64 from float32 weights and inputs. The candidate state goes through the paper's g (x + 1/2 for x >= 0,
sigmoid(x) below); the initial state h0 is the state itself (positive here, so the log-space form can take its log).
Padding: a padded step keeps the state (a = 1, v = 0), its output is zero; a reverse direction reads each sequence
reversed within its length; layers are stacked as nn.GRU stacks them; parameter names as rnn4j's (weight_ih_l0,
bias_ih_l0, ..._reverse), gates [z | h~] for minGRU and [f | i | h~] for minLSTM.

Set-up (Debian): apt-get install -y python3-torch; run from the project root: /usr/bin/python3 tools/make_golden_minimal.py
Writes rnn4j-core/src/test/resources/golden/min*.json.
"""
import base64, json, math, os
import torch
import torch.nn.functional as Fn

OUT = os.path.join(os.path.dirname(__file__), "..", "rnn4j-core", "src", "test", "resources", "golden")
torch.set_default_dtype(torch.float64)


def b64(t):
    return base64.b64encode(t.detach().contiguous().float().numpy().astype("<f4").tobytes()).decode("ascii")


def g(x):
    return torch.where(x >= 0, x + 0.5, torch.sigmoid(x))


def log_g(x):
    return torch.where(x >= 0, (Fn.relu(x) + 0.5).log(), -Fn.softplus(-x))


def coefficients(cell, p, H):
    """a and v of h_t = a * h_{t-1} + v, from the projections p [B, T, G]."""
    if cell == "mingru":
        z = torch.sigmoid(p[..., :H])
        return 1 - z, z * g(p[..., H:])
    f, i = torch.sigmoid(p[..., :H]), torch.sigmoid(p[..., H:2 * H])
    return f / (f + i), i / (f + i) * g(p[..., 2 * H:])


def log_coefficients(cell, p, H):
    """log a and log v, as the paper's log-space code computes them."""
    if cell == "mingru":
        k = p[..., :H]
        return -Fn.softplus(k), -Fn.softplus(-k) + log_g(p[..., H:])
    diff = Fn.softplus(-p[..., :H]) - Fn.softplus(-p[..., H:2 * H])
    return -Fn.softplus(diff), -Fn.softplus(-diff) + log_g(p[..., 2 * H:])


def sequential(cell, p, H, lengths, h0):
    a, v = coefficients(cell, p, H)
    h, outs = h0, []
    for t in range(p.shape[1]):
        live = torch.tensor([t < n for n in lengths]).unsqueeze(1)
        h = torch.where(live, a[:, t] * h + v[:, t], h)
        outs.append(torch.where(live, h, torch.zeros_like(h)))
    return torch.stack(outs, 1), h


def log_space(cell, p, H, lengths, h0):
    """The paper's parallel_scan_log: h = exp(a* + logcumsumexp(log_values - a*)), a* the running sum of log a."""
    log_a, log_v = log_coefficients(cell, p, H)
    live = torch.tensor([[t < n for t in range(p.shape[1])] for n in lengths]).unsqueeze(2)
    log_a = torch.where(live, log_a, torch.zeros_like(log_a))                     # padding: a = 1
    log_v = torch.where(live, log_v, torch.full_like(log_v, -math.inf))           # and v = 0
    a_star = Fn.pad(torch.cumsum(log_a, dim=1), (0, 0, 1, 0))
    log_values = torch.cat([h0.log().unsqueeze(1), log_v], dim=1)
    h = torch.exp(a_star + torch.logcumsumexp(log_values - a_star, dim=1))[:, 1:]
    last = h[:, -1]
    return torch.where(live, h, torch.zeros_like(h)), last


def reverse_within(x, lengths):
    out = x.clone()
    for b, n in enumerate(lengths):
        out[b, :n] = x[b, :n].flip(0)
    return out


def stack(cell, params, x, lengths, h0, layers, bidir, H, form, residual=False, norm=False):
    """Layers 1.. read layer_norm(input) when norm, and add their input to their output when residual."""
    D = 2 if bidir else 1
    inp, last = x, []
    for l in range(layers):
        outs = []
        read = Fn.layer_norm(inp, (D * H,), params[f"norm_l{l}.weight"], params[f"norm_l{l}.bias"], 1e-5) if norm and l > 0 else inp
        for d in range(D):
            sfx = f"_l{l}" + ("_reverse" if d else "")
            xi = reverse_within(read, lengths) if d else read
            p = xi @ params["weight_ih" + sfx].T + params["bias_ih" + sfx]
            o, hn = form(cell, p, H, lengths, h0[l * D + d])
            outs.append(reverse_within(o, lengths) if d else o)
            last.append(hn)
        out = torch.cat(outs, dim=2)
        inp = out + inp if residual and l > 0 else out
    return inp, torch.stack(last)


def case(name, cell, B, T, F, H, layers, bidir, lengths, seed, residual=False, norm=False):
    torch.manual_seed(seed)
    G = (2 if cell == "mingru" else 3) * H
    D = 2 if bidir else 1
    params = {}
    for l in range(layers):
        fin = F if l == 0 else D * H
        for d in range(D):
            sfx = f"_l{l}" + ("_reverse" if d else "")
            bound = 1 / math.sqrt(fin)
            params["weight_ih" + sfx] = ((torch.rand(G, fin) * 2 - 1) * bound).float().double().requires_grad_()
            params["bias_ih" + sfx] = ((torch.rand(G) * 2 - 1) * bound).float().double().requires_grad_()
        if norm and l > 0:
            params[f"norm_l{l}.weight"] = (1 + 0.3 * torch.randn(D * H)).float().double().requires_grad_()
            params[f"norm_l{l}.bias"] = (0.3 * torch.randn(D * H)).float().double().requires_grad_()
    x = (torch.randn(B, T, F) * 1.5).float().double().requires_grad_()
    h0 = (torch.rand(layers * D, B, H) + 0.05).float().double().requires_grad_()
    out, hn = stack(cell, params, x, lengths, h0, layers, bidir, H, sequential, residual, norm)
    out_log, hn_log = stack(cell, params, x, lengths, h0, layers, bidir, H, log_space, residual, norm)
    assert torch.allclose(out, out_log, rtol=1e-9, atol=1e-12) and torch.allclose(hn, hn_log, rtol=1e-9, atol=1e-12)
    r_out, r_h = torch.randn_like(out).float().double(), torch.randn_like(hn).float().double()
    loss = (out * r_out).sum() + (hn * r_h).sum()
    loss.backward()
    grads = {n: p.grad.clone() for n, p in params.items()}
    dx, dh0 = x.grad.clone(), h0.grad.clone()
    for t in [x, h0, *params.values()]:
        t.grad = None
    ((out_log * r_out).sum() + (hn_log * r_h).sum()).backward()                    # the log-space form's gradients agree
    assert all(torch.allclose(grads[n], p.grad, rtol=1e-7, atol=1e-10) for n, p in params.items())
    assert torch.allclose(dx, x.grad, rtol=1e-7, atol=1e-10)
    obj = {"cell": cell, "layers": layers, "bidirectional": bidir, "residual": residual, "layer_norm": norm, "B": B, "T": T, "F": F, "H": H, "lengths": lengths,
           "x": b64(x), "h0": b64(h0), "params": {n: b64(p) for n, p in params.items()},
           "out": b64(out), "h_n": b64(hn), "r_out": b64(r_out), "r_h": b64(r_h),
           "loss": float(loss), "grads": {n: b64(v) for n, v in grads.items()}, "dx": b64(dx), "dh0": b64(dh0)}
    if B * T * H <= 4096:                                                          # the small ones keep both forms
        obj["out_logspace"] = b64(out_log)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(obj, f)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for i, cell in enumerate(["mingru", "minlstm"]):
        case(f"{cell}_1layer_padded", cell, 3, 5, 4, 3, 1, False, [3, 5, 2], 10 + i)
        case(f"{cell}_2layer_equal", cell, 3, 5, 4, 3, 2, False, [5, 5, 5], 20 + i)
        case(f"{cell}_bidir_padded", cell, 3, 5, 4, 3, 1, True, [3, 5, 2], 30 + i)
        case(f"{cell}_b2_t200_h48", cell, 2, 200, 16, 48, 1, False, [200, 137], 40 + i)
        case(f"{cell}_3layer_residual_norm", cell, 3, 6, 4, 5, 3, True, [4, 6, 1], 50 + i, residual=True, norm=True)
