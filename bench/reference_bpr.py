#!/usr/bin/python3
"""PyTorch reference for `l4r bench train`: BPR-MF the way most people would write it.

nn.Embedding tables, autograd, torch.optim.Adam (dense; `--optimizer sparse-adam`: sparse embedding
gradients and torch.optim.SparseAdam, PyTorch's lazy Adam, the algorithm the TF.js side runs), one uniformly sampled unseen negative
per training interaction, the same loss as src/models/mf-losses.ts:
    mean(softplus(-(p·(q+ - q-)))) + (l2/2)·mean(|p|² + |q+|² + |q-|²)
trained on the exact split `l4r eval --export-split` writes, evaluated with the same protocol
(test item ranked among all items except the user's training and validation items, NDCG@10).

Run with Debian's python (it has python3-torch):  /usr/bin/python3 bench/reference_bpr.py --split s.json
`--device cuda` trains on the GPU: the tables, the negative sampling (same rejection rule, torch's
generator on the device) and every step; each epoch's time ends with torch.cuda.synchronize().
Prints one JSON object. Memory: baseRssKiB is the process's peak RSS (getrusage ru_maxrss) once torch
and the split are loaded, before the seen-matrix and the model exist; peakRssKiB is its peak after
training, before the evaluation (the same points `l4r bench train` reads on the TF.js side).
"""
import argparse
import json
import time

import numpy as np
import torch

from reference_common import epoch_triples, evaluate, load_train, peak_rss_kib, seen_matrix


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", required=True)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=0.005)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--init-std", type=float, default=0.1)
    ap.add_argument("--optimizer", choices=["adam", "sparse-adam"], default="adam")
    ap.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    args = ap.parse_args()
    device = torch.device(args.device)
    cuda = device.type == "cuda"
    if cuda and not torch.cuda.is_available():
        raise SystemExit("--device cuda was asked for, but torch.cuda.is_available() is False (no GPU or a CPU-only torch)")

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    split, n_users, n_items, tu, ti = load_train(args.split)
    base_rss_kib = peak_rss_kib()
    seen = seen_matrix(tu, ti, n_users, n_items)

    sparse = args.optimizer == "sparse-adam"
    users = torch.nn.Embedding(n_users, args.dim, sparse=sparse)
    items = torch.nn.Embedding(n_items, args.dim, sparse=sparse)
    torch.nn.init.normal_(users.weight, std=args.init_std)
    torch.nn.init.normal_(items.weight, std=args.init_std)
    users.to(device)
    items.to(device)
    if cuda:
        seen_d = torch.from_numpy(seen).to(device)
        tu_d, ti_d = torch.from_numpy(tu).to(device), torch.from_numpy(ti).to(device)
        gen = torch.Generator(device=device)
        gen.manual_seed(args.seed)
    params = list(users.parameters()) + list(items.parameters())
    opt = torch.optim.SparseAdam(params, lr=args.lr) if sparse else torch.optim.Adam(params, lr=args.lr)

    epoch_seconds = []
    losses = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        if cuda:  # the same sampling, on the GPU
            order = torch.randperm(len(tu), device=device, generator=gen)
            u_t, i_t = tu_d[order], ti_d[order]
            j_t = torch.randint(0, n_items, (len(tu),), device=device, generator=gen)
            bad = seen_d[u_t, j_t]
            while bool(bad.any()):
                j_t[bad] = torch.randint(0, n_items, (int(bad.sum()),), device=device, generator=gen)
                bad = seen_d[u_t, j_t]
        else:
            u_all, i_all, j_all = epoch_triples(rng, tu, ti, seen, n_items)
            u_t, i_t, j_t = (torch.from_numpy(a) for a in (u_all, i_all, j_all))
        total = 0.0
        loss_sum = torch.zeros((), device=device)
        for s in range(0, len(tu), args.batch):
            u, i, j = u_t[s : s + args.batch], i_t[s : s + args.batch], j_t[s : s + args.batch]
            p, qi, qj = users(u), items(i), items(j)
            x = (p * (qi - qj)).sum(1)
            reg = (p.pow(2).sum(1) + qi.pow(2).sum(1) + qj.pow(2).sum(1)).mean()
            loss = torch.nn.functional.softplus(-x).mean() + args.l2 / 2 * reg
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.detach() * len(u)
        if cuda:
            torch.cuda.synchronize()
        total = float(loss_sum) / len(tu)
        epoch_seconds.append(time.perf_counter() - start)
        losses.append(total)
    train_rss_kib = peak_rss_kib()

    test = evaluate(split, users.weight.detach().cpu(), items.weight.detach().cpu(), seen, "test", [10])
    print(
        json.dumps(
            {
                "framework": f"pytorch {torch.__version__} {'SparseAdam' if sparse else 'Adam'}{' cuda ' + torch.cuda.get_device_name(device) if cuda else ''}",
                "threads": torch.get_num_threads(),
                "epochs": args.epochs,
                "secondsPerEpoch": sum(epoch_seconds) / len(epoch_seconds),
                "epochSeconds": epoch_seconds,
                "samplesPerSecond": len(tu) / (sum(epoch_seconds) / len(epoch_seconds)),
                "finalLoss": losses[-1],
                "test": {"NDCG@10": test["NDCG@10"], "HR@10": test["HR@10"]},
                "baseRssKiB": base_rss_kib,
                "peakRssKiB": train_rss_kib,
            }
        )
    )


if __name__ == "__main__":
    main()
