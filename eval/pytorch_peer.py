#!/usr/bin/python3
"""The plain PyTorch eager peer of MixKit's training step and inference (eval/bench-vs-pytorch.sh runs it).

The same architecture as MixKit's BERT at the MiniLM-L6 shape (6 layers, hidden 384, 12 heads, FFN 1536,
vocabulary 30522, GELU, post-LayerNorm, mean pooling, a linear head), written here from the BERT paper's
equations with torch.nn primitives, random weights (speed does not depend on their values), fp32:
  erm:       softCE(f(x), y), backward, global-norm clipping at 1.0, torch.optim.AdamW
  tmix:      the same with h_k' = l h_k + (1-l) h_k[perm] after layer k in {4, 5, 6}, targets mixed alike
  mixtext:2  label guessing without gradients on 8 unlabeled texts and K=2 views (24 rows), then the
             TMix step over the 16 labeled + 24 unlabeled rows with the KL term on the unlabeled ones
  inference: torch.no_grad() forward of the encoder and pooling
Usage: pytorch_peer.py MODE BATCH LENGTH STEPS ROUNDS  (prints one JSON line: medians in seconds)
       pytorch_peer.py sgemm N                       (GFLOP/s of an N^3 fp32 matmul)
Threads: torch.set_num_threads($MIXKIT_THREADS or 2). OpenBLAS's core type comes from the environment.
"""
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get("MIXKIT_THREADS", "2")))
torch.manual_seed(1)

H, LAYERS, HEADS, FFN, VOCAB, POSITIONS = 384, 6, 12, 1536, 30522, 512


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(H, H) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(H, eps=1e-12), nn.LayerNorm(H, eps=1e-12)
        self.up, self.down = nn.Linear(H, FFN), nn.Linear(FFN, H)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, bias):
        b, t, _ = x.shape
        d = H // HEADS
        q = self.q(x).view(b, t, HEADS, d).transpose(1, 2)
        k = self.k(x).view(b, t, HEADS, d).transpose(1, 2)
        v = self.v(x).view(b, t, HEADS, d).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        ctx = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, H)
        x = self.ln1(x + self.drop(self.o(ctx)))
        return self.ln2(x + self.drop(self.down(F.gelu(self.up(x)))))


class Bert(nn.Module):
    def __init__(self, classes=2):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(VOCAB, H), nn.Embedding(POSITIONS, H), nn.Embedding(2, H)
        self.ln = nn.LayerNorm(H, eps=1e-12)
        self.drop = nn.Dropout(0.1)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.head = nn.Linear(H, classes)

    def embed(self, ids):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        return self.drop(self.ln(self.words(ids) + self.positions(pos) + self.types(torch.zeros_like(ids))))

    def run(self, h, mask, start=0, stop=LAYERS):
        bias = (1.0 - mask[:, None, None, :].float()) * -10000.0
        for layer in self.layers[start:stop]:
            h = layer(h, bias)
        return h

    def pool(self, h, mask):
        m = mask.unsqueeze(-1).float()
        return (h * m).sum(1) / m.sum(1).clamp(min=1e-9)

    def logits(self, ids, mask):
        return self.head(self.pool(self.run(self.embed(ids), mask), mask))


def soft_ce(logits, targets):
    return -(targets * logits.log_softmax(-1)).sum(-1).mean()


def main():
    if sys.argv[1] == "sgemm":
        n = int(sys.argv[2])
        a, b = torch.randn(n, n), torch.randn(n, n)
        a @ b
        t = []
        for _ in range(5):
            t0 = time.perf_counter()
            a @ b
            t.append(time.perf_counter() - t0)
        print(json.dumps({"gflops": 2 * n ** 3 / min(t) / 1e9}))
        return
    mode, batch, length, steps, rounds = sys.argv[1], *map(int, sys.argv[2:6])
    model = Bert()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01, eps=1e-8)
    ids = torch.randint(1000, VOCAB, (batch, length))
    mask = torch.ones(batch, length, dtype=torch.long)
    y = F.one_hot(torch.arange(batch) % 2, 2).float()
    u = torch.randint(1000, VOCAB, (8 * 3, length))  # 8 unlabeled texts, the original and K=2 views
    umask = torch.ones_like(u)

    def erm():
        loss = soft_ce(model.logits(ids, mask), y)
        return loss

    def tmix(rows=ids, rmask=mask, targets=y, unlabeled_from=None):
        k = int(torch.randint(4, 7, (1,)))
        lam = float(torch.distributions.Beta(0.4, 0.4).sample())
        lam = max(lam, 1 - lam)
        perm = torch.randperm(rows.shape[0])
        h = model.run(model.embed(rows), rmask, 0, k)
        h = lam * h + (1 - lam) * h[perm]
        m = torch.maximum(rmask, rmask[perm])
        logits = model.head(model.pool(model.run(h, m, k, LAYERS), m))
        t = lam * targets + (1 - lam) * targets[perm]
        if unlabeled_from is None:
            return soft_ce(logits, t)
        lx = soft_ce(logits[:unlabeled_from], t[:unlabeled_from])
        lu = F.kl_div(logits[unlabeled_from:].log_softmax(-1), t[unlabeled_from:], reduction="batchmean")
        return lx + lu

    def mixtext():
        with torch.no_grad():
            p = model.logits(u, umask).softmax(-1).view(3, 8, 2).mean(0)
            q = p ** 2 / (p ** 2).sum(-1, keepdim=True)
        rows = torch.cat([ids, u])
        return tmix(rows, torch.cat([mask, umask]), torch.cat([y, q.repeat(3, 1)]), unlabeled_from=batch)

    def step(loss_fn):
        model.train()
        loss = loss_fn()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=False)

    def infer():
        model.eval()
        with torch.no_grad():
            model.pool(model.run(model.embed(ids), mask), mask)

    run = {"erm": lambda: step(erm), "tmix": lambda: step(tmix), "mixtext:2": lambda: step(mixtext),
           "inference": infer}[mode]
    for _ in range(2):
        run()
    times = []
    for _ in range(rounds):
        for _ in range(steps):
            t0 = time.perf_counter()
            run()
            times.append(time.perf_counter() - t0)
    print(json.dumps({"mode": mode, "median_s": statistics.median(times), "steps": len(times),
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
