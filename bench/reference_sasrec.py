#!/usr/bin/python3
"""PyTorch reference for `l4r bench sasrec`: SASRec the way most people would write it.

The same architecture, hyper-parameters, training scheme and protocol as src/models/sasrec/:
  x0 = dropout(E[item]*sqrt(d) + P[position]);  per block: q = LN1(x);
  a = Attention(q Wq + bq, x Wk + bk, x Wv + bv) Wo + bo  (causal, padded keys masked, dropout on
  the attention weights);  y = LN2(q + a);  x' = y + dropout(relu(dropout(y W1 + b1)) W2 + b2);
  h = LN_F(x_last); loss = mean over real positions of softplus(-h.E[next]) + softplus(h.E[neg]),
one negative per position drawn uniformly among the items the user has not interacted with in
training; Adam (betas 0.9/0.98), Xavier-normal matrices, LayerNorm eps 1e-8; left-padded
[batch, maxLen] tensors (padding costs work here; the TF.js side packs real positions only).
Windows: 'last' = each user's last maxLen transitions (the original SASRec), 'all' = the whole
training sequence cut into windows of maxLen from its end.

Trained on the exact split file `l4r bench sasrec` writes (src/cli/split-json.ts, rows in time
order per user), with early stopping on validation NDCG@10 (the training sequence predicts the
validation item), then the best state is tested: training + validation items predict the test item,
full ranking over all items but the user's training and validation items, ties counted against.

Run with Debian's python (it has python3-torch):  /usr/bin/python3 bench/reference_sasrec.py --split s.json
Prints one JSON object on its last line. Memory: baseRssKiB is the peak RSS once torch and the split
are loaded, peakRssKiB the peak after training (before the test evaluation).
"""
import argparse
import copy
import json
import math
import os
import sys
import time


def _threads_from_argv() -> str:
    # Before numpy and torch load: their OpenMP/BLAS pools size themselves at import, and a pool of
    # the machine's core count keeps spinning threads even after torch.set_num_threads(1).
    argv = sys.argv[1:]
    for k, a in enumerate(argv):
        if a == "--threads" and k + 1 < len(argv):
            return argv[k + 1]
        if a.startswith("--threads="):
            return a.split("=", 1)[1]
    return "1"


for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = _threads_from_argv()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F
from torch import nn

from reference_common import peak_rss_kib  # noqa: E402

KS = (3, 5, 10, 20)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", required=True)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--max-len", type=int, default=50)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--heads", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--beta2", type=float, default=0.98)
    ap.add_argument("--windows", choices=["last", "all"], default="all")
    ap.add_argument("--negatives", type=int, default=1, help="negatives per position (their BCE terms averaged)")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--patience", type=int, default=0, help="0: no early stopping, test the last state")
    ap.add_argument("--validate-every", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    with open(args.split) as f:
        split = json.load(f)
    n_users, n_items = split["numUsers"], split["numItems"]
    train = sequences(split["train"], n_users)
    valid = sequences(split["validation"], n_users)
    test_input = [t + v for t, v in zip(train, valid)]
    base_rss_kib = peak_rss_kib()
    seen = np.zeros((n_users, n_items), dtype=bool)
    for u, s in enumerate(train):
        seen[u, s] = True
    windows = training_windows(train, args.max_len, args.windows)

    model = SASRec(n_items, args.dim, args.max_len, args.blocks, args.heads, args.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, args.beta2))

    epoch_seconds, losses, history = [], [], []
    best = (-1.0, 0, None)
    since_best = 0
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        model.train()
        order = rng.permutation(len(windows))
        total, count = 0.0, 0
        for b in range(0, len(order), args.batch):
            ids, pos, neg = pack(train, windows, order[b : b + args.batch], args.max_len, n_items, seen, rng, args.negatives)
            loss_sum, n = model.loss(ids, pos, neg)
            opt.zero_grad()
            (loss_sum / n).backward()
            opt.step()
            total += float(loss_sum.detach())
            count += n
        epoch_seconds.append(time.perf_counter() - start)
        losses.append(total / count)
        if args.patience > 0 and (epoch % args.validate_every == 0 or epoch == args.epochs):
            ndcg10 = evaluate(model, train, split["validation"], seen, None, args.max_len)["NDCG@10"]
            history.append({"epoch": epoch, "validation": ndcg10, "loss": losses[-1]})
            if ndcg10 > best[0]:
                best = (ndcg10, epoch, copy.deepcopy(model.state_dict()))
                since_best = 0
            else:
                since_best += 1
                if since_best >= args.patience:
                    break
    train_rss_kib = peak_rss_kib()
    if best[2] is not None:
        model.load_state_dict(best[2])
    test = evaluate(model, test_input, split["test"], seen, split["validation"], args.max_len)
    print(
        json.dumps(
            {
                "framework": f"pytorch {torch.__version__}",
                "threads": torch.get_num_threads(),
                "epochs": len(epoch_seconds),
                "bestEpoch": best[1] if best[2] is not None else len(epoch_seconds),
                "bestValidation": best[0] if best[2] is not None else None,
                "secondsPerEpoch": sum(epoch_seconds) / len(epoch_seconds),
                "epochSeconds": epoch_seconds,
                "samplesPerSecond": count / (sum(epoch_seconds) / len(epoch_seconds)),
                "finalLoss": losses[-1],
                "history": history,
                "test": test,
                "baseRssKiB": base_rss_kib,
                "peakRssKiB": train_rss_kib,
            }
        )
    )


class Block(nn.Module):
    def __init__(self, d: int, heads: int, dropout: float):
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.ln1 = nn.LayerNorm(d, eps=1e-8)
        self.wq, self.wk, self.wv, self.wo = (nn.Linear(d, d) for _ in range(4))
        self.ln2 = nn.LayerNorm(d, eps=1e-8)
        self.ff1, self.ff2 = nn.Linear(d, d), nn.Linear(d, d)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, length, d = x.shape
        dh = d // self.heads
        split = lambda t: t.view(b, length, self.heads, dh).transpose(1, 2)
        q = self.ln1(x)
        Q, K, V = split(self.wq(q)), split(self.wk(x)), split(self.wv(x))
        scores = Q @ K.transpose(-1, -2) / math.sqrt(dh) + bias
        probs = F.dropout(torch.softmax(scores, -1), self.dropout, self.training)
        o = (probs @ V).transpose(1, 2).reshape(b, length, d)
        y = self.ln2(q + self.wo(o))
        h = F.relu(F.dropout(self.ff1(y), self.dropout, self.training))
        return y + F.dropout(self.ff2(h), self.dropout, self.training)


class SASRec(nn.Module):
    def __init__(self, n_items: int, d: int, max_len: int, blocks: int, heads: int, dropout: float):
        super().__init__()
        self.d, self.max_len, self.dropout = d, max_len, dropout
        self.item = nn.Embedding(n_items + 1, d)  # row 0: padding
        self.pos = nn.Embedding(max_len, d)
        self.blocks = nn.ModuleList(Block(d, heads, dropout) for _ in range(blocks))
        self.final = nn.LayerNorm(d, eps=1e-8)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                nn.init.xavier_normal_(p)
            elif "ln" not in name and "final" not in name:
                nn.init.zeros_(p)
        with torch.no_grad():
            self.item.weight[0].zero_()
        causal = torch.tril(torch.ones(max_len, max_len, dtype=torch.bool))
        self.register_buffer("causal", causal, persistent=False)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        valid = (ids > 0).unsqueeze(-1).float()
        x = self.item(ids) * math.sqrt(self.d) + self.pos.weight
        x = F.dropout(x, self.dropout, self.training) * valid
        allowed = self.causal.unsqueeze(0) & (ids > 0).unsqueeze(1)
        bias = (~allowed).float().mul(-1e9).unsqueeze(1)
        for block in self.blocks:
            x = block(x, bias) * valid
        return self.final(x)

    def loss(self, ids, pos, neg):
        h = self(ids)
        valid = (ids > 0).float()
        lp = (h * self.item(pos)).sum(-1)
        ln = (h.unsqueeze(2) * self.item(neg)).sum(-1)  # [batch, maxLen, negatives]
        terms = (F.softplus(-lp) + F.softplus(ln).mean(-1)) * valid
        return terms.sum(), int(valid.sum())


def sequences(part, n_users):
    """Each user's items in file order: the split file lists every user's rows in time order."""
    out = [[] for _ in range(n_users)]
    for u, i in zip(part["user"], part["item"]):
        out[u].append(i)
    return out


def training_windows(train, max_len, mode):
    windows = []
    for u, s in enumerate(train):
        e = len(s) - 1
        while e > 0:
            n = min(max_len, e)
            windows.append((u, e, n))
            if mode == "last":
                break
            e -= n
    return windows


def pack(train, windows, chosen, max_len, n_items, seen, rng, negatives=1):
    """Left-padded [batch, max_len] inputs and next items, [batch, max_len, negatives] negatives (embedding rows: item + 1)."""
    b = len(chosen)
    ids = np.zeros((b, max_len), dtype=np.int64)
    pos = np.zeros((b, max_len), dtype=np.int64)
    users = np.zeros((b, max_len), dtype=np.int64)
    for r, w in enumerate(chosen):
        u, e, n = windows[w]
        s = train[u]
        ids[r, max_len - n :] = np.asarray(s[e - n : e]) + 1
        pos[r, max_len - n :] = np.asarray(s[e - n + 1 : e + 1]) + 1
        users[r] = u
    users = np.repeat(users[:, :, None], negatives, axis=2)
    neg = rng.integers(0, n_items, (b, max_len, negatives))
    bad = seen[users, neg]
    while bad.any():  # rejection sampling: redraw negatives the user has seen
        neg[bad] = rng.integers(0, n_items, int(bad.sum()))
        bad = seen[users, neg]
    neg = np.where(ids[:, :, None] > 0, neg + 1, 0)
    return torch.from_numpy(ids), torch.from_numpy(pos), torch.from_numpy(neg)


@torch.no_grad()
def evaluate(model, inputs, target_part, seen, also_excluded, max_len, batch=256):
    """Full ranking of each target item given each user's last max_len input items; HR/NDCG@k."""
    model.eval()
    users = np.asarray(target_part["user"], dtype=np.int64)
    targets = np.asarray(target_part["item"], dtype=np.int64)
    exclude = seen.copy()
    if also_excluded is not None:
        exclude[np.asarray(also_excluded["user"]), np.asarray(also_excluded["item"])] = True
    items = model.item.weight[1:]
    ranks = []
    for b in range(0, len(users), batch):
        chunk = users[b : b + batch]
        ids = np.zeros((len(chunk), max_len), dtype=np.int64)
        for r, u in enumerate(chunk):
            s = inputs[u][-max_len:]
            if s:
                ids[r, max_len - len(s) :] = np.asarray(s) + 1
        h = model(torch.from_numpy(ids))[:, -1]
        scores = (h @ items.T).numpy()
        t = targets[b : b + batch]
        target = scores[np.arange(len(chunk)), t]
        mask = exclude[chunk].copy()
        mask[np.arange(len(chunk)), t] = True  # the target does not count against itself
        ranks.append(((scores >= target[:, None]) & ~mask).sum(1))
    rank = np.concatenate(ranks)
    out = {}
    for k in KS:
        hit = rank < k
        out[f"HR@{k}"] = float(hit.mean())
        out[f"NDCG@{k}"] = float(np.where(hit, 1.0 / np.log2(rank + 2.0), 0.0).mean())
    return out


if __name__ == "__main__":
    main()
