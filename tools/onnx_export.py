#!/usr/bin/python3
"""Exports the inference workloads' PyTorch models to ONNX for `rnn4j bench --compare-onnxruntime`.

Run with Debian's interpreter: /usr/bin/python3 tools/onnx_export.py OUT_DIR
Writes OUT_DIR/lstm.onnx (I1 and I2: F=32 -> LSTM(128) -> Dense(2); input "x" [B, 50, 32], B dynamic, output
"y" [B, 2]) and OUT_DIR/seq2seq.onnx (I3: W5's encoder-decoder with attention, teacher-forced; inputs "src" [B, 20]
and "dec_in" [B, 20] int64, output "logits" [B, 20, 1000]). The models are those pytorch_bench.py times, built
by the same functions; torch.onnx.export needs no package beyond python3-torch.
"""
import os, sys, warnings
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_bench


class Seq2SeqInference(nn.Module):
    """I3's forward pass with every sequence at its full length, so that the graph has two inputs."""
    def __init__(self, m):
        super().__init__(); self.m = m
    def forward(self, src, dec_in):
        full = torch.full((src.shape[0],), src.shape[1], dtype=torch.long)
        return self.m(src, full, dec_in, full)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    warnings.filterwarnings("ignore")
    g = torch.Generator().manual_seed(42)
    with torch.no_grad():
        torch.onnx.export(pytorch_bench.inference_model(), (torch.randn(2, 50, 32, generator=g),), os.path.join(out, "lstm.onnx"),
                          input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=14)
        src, _, dec_in = pytorch_bench.seq2seq_inputs(g)
        torch.onnx.export(Seq2SeqInference(pytorch_bench.seq2seq_model()), (src, dec_in), os.path.join(out, "seq2seq.onnx"),
                          input_names=["src", "dec_in"], output_names=["logits"], dynamic_axes={"src": {0: "batch"}, "dec_in": {0: "batch"}}, opset_version=14)
    print("onnx: wrote lstm.onnx and seq2seq.onnx to " + out)


if __name__ == "__main__":
    main()
