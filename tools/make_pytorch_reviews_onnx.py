#!/usr/bin/python3
"""A sentiment LSTM trained in PyTorch on examples/data/reviews.tsv and exported with torch.onnx.export, for the
README's "Deploy with ONNX" (import it with `rnn4j import --onnx`, serve it with `rnn4j serve`) and its test.

Run with Debian's interpreter: /usr/bin/python3 tools/make_pytorch_reviews_onnx.py
Writes examples/onnx/pytorch-reviews.onnx, .vocab (the tokens by id; ids 0-3 are rnn4j's <pad> <unk> <bos> <eos>),
.labels (the classes by output index) and .json (PyTorch's class probabilities for a few texts, which the imported
model must give). The model: nn.Embedding(V, 16) -> nn.LSTM(16, 32, batch_first=True) -> nn.Linear(32, 2) on h_n[-1];
trained with Adam for 30 epochs, one review at a time.
"""
import json, os, re, unicodedata
import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "examples", "onnx", "pytorch-reviews")
TEXTS = ["the acting was not bad", "a dull , boring film", "superb music and a clever plot", "not good"]


def tokenize(text):
    """rnn4j's words tokenizer: NFKC, lower case, runs of letters and digits (an apostrophe inside), single other characters."""
    return re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*|[^\w\s]|_", unicodedata.normalize("NFKC", text).lower())


class Sentiment(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = nn.Embedding(vocab, 16)
        self.rnn = nn.LSTM(16, 32, batch_first=True)
        self.head = nn.Linear(32, 2)

    def forward(self, x):
        _, (h, _) = self.rnn(self.embedding(x))
        return self.head(h[-1])


def main():
    torch.manual_seed(0)
    rows = [line.rstrip("\n").split("\t", 1) for line in open(os.path.join(ROOT, "examples", "data", "reviews.tsv"), encoding="utf-8") if line.strip()]
    labels = sorted({label for label, _ in rows})
    counts = {}
    for _, text in rows:
        for t in tokenize(text):
            counts[t] = counts.get(t, 0) + 1
    vocab = ["<pad>", "<unk>", "<bos>", "<eos>"] + sorted(counts, key=lambda t: (-counts[t], t))
    ids = {t: i for i, t in enumerate(vocab)}
    encode = lambda text: torch.tensor([[ids.get(t, 1) for t in tokenize(text)]])
    model = Sentiment(len(vocab))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for epoch in range(30):
        for i in torch.randperm(len(rows)).tolist():
            label, text = rows[i]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(encode(text)), torch.tensor([labels.index(label)]))
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        accuracy = sum(model(encode(text)).argmax().item() == labels.index(label) for label, text in rows) / len(rows)
        torch.onnx.export(model, (encode(TEXTS[0]),), OUT + ".onnx", input_names=["x"], output_names=["logits"], opset_version=17,
                          dynamic_axes={"x": {0: "batch", 1: "steps"}, "logits": {0: "batch"}})
        expected = {text: torch.softmax(model(encode(text)), -1)[0].tolist() for text in TEXTS}
    with open(OUT + ".vocab", "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(OUT + ".labels", "w", encoding="utf-8") as f:
        f.write("\n".join(labels) + "\n")
    with open(OUT + ".json", "w", encoding="utf-8") as f:
        json.dump({"labels": labels, "probabilities": expected, "train_accuracy": accuracy}, f, indent=1)
    print(f"wrote {OUT}.onnx (train accuracy {accuracy:.3f}), .vocab ({len(vocab)} tokens), .labels, .json")


if __name__ == "__main__":
    main()
