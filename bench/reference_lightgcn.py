#!/usr/bin/python3
"""PyTorch reference for `l4r bench lightgcn`: LightGCN (He et al., 2020) the way most people write it.

One embedding table E0 for users then items (normal init, std --init-std), the symmetric-normalised
user-item graph A_hat = D^-1/2 A D^-1/2 as a torch sparse matrix, K propagation layers
E(k+1) = A_hat E(k), layer combination by the mean of E(0..K), autograd, dense torch.optim.Adam.
Loss, the same as src/models/lightgcn/ (and LightGCN's own code):
    mean(softplus(-(e_u . (e_i+ - e_i-)))) + (l2/2) * mean(|e0_u|^2 + |e0_i+|^2 + |e0_i-|^2)
on the final (propagated) embeddings, L2 on the ego (layer-0) rows of the batch. Every training
interaction once per epoch in a seeded random order, one uniformly drawn unseen negative each.
Early stopping as the TF.js side (src/models/lightgcn/train-lightgcn.ts): validation NDCG@10 after
every --validate-every epochs (and after the last), stop after --patience validations without
improvement, keep the best validated epoch's weights.

Trained on the exact split `l4r eval --export-split` (or `l4r bench lightgcn`) writes, evaluated with
the same protocol: the held-out item ranked among all items except the user's training items (and,
for the test item, the validation item); ties pessimistic; HR@k and NDCG@k.

Run with Debian's python (it has python3-torch): /usr/bin/python3 bench/reference_lightgcn.py --split s.json
Prints one JSON object as its last line. Runs on one thread by default (--threads), like the TF.js
WASM backend. Memory: baseRssKiB is the peak RSS once torch and the split are loaded, peakRssKiB
after training, before the test evaluation.
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
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=0.005)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=5, help="validations without improvement; 0: no validation, no early stopping")
    ap.add_argument("--validate-every", type=int, default=5, help="epochs between validations")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--init-std", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    split, n_users, n_items, tu, ti = load_train(args.split)
    base_rss_kib = peak_rss_kib()
    seen = seen_matrix(tu, ti, n_users, n_items)

    graph = normalized_graph(seen, n_users, n_items)
    ego = torch.nn.Parameter(torch.randn(n_users + n_items, args.dim) * args.init_std)
    opt = torch.optim.Adam([ego], lr=args.lr)

    def propagate(e0: torch.Tensor) -> torch.Tensor:
        layer, total = e0, e0
        for _ in range(args.layers):
            layer = torch.sparse.mm(graph, layer)
            total = total + layer
        return total / (args.layers + 1)

    epoch_seconds, losses, validations = [], [], []
    best = (-1.0, 0, ego.detach().clone())
    since_best = 0
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        u_all, i_all, j_all = epoch_triples(rng, tu, ti, seen, n_items)
        u_t, i_t, j_t = (torch.from_numpy(a) for a in (u_all, i_all + n_users, j_all + n_users))
        loss_sum = torch.zeros(())
        for s in range(0, len(u_all), args.batch):
            u, i, j = u_t[s : s + args.batch], i_t[s : s + args.batch], j_t[s : s + args.batch]
            final = propagate(ego)
            p, qi, qj = final[u], final[i], final[j]
            x = (p * (qi - qj)).sum(1)
            reg = (ego[u].pow(2).sum(1) + ego[i].pow(2).sum(1) + ego[j].pow(2).sum(1)).mean()
            data_loss = torch.nn.functional.softplus(-x).mean()
            loss = data_loss + args.l2 / 2 * reg
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += data_loss.detach() * len(u)
        epoch_seconds.append(time.perf_counter() - start)
        losses.append(float(loss_sum) / len(u_all))
        if args.patience > 0 and (epoch % args.validate_every == 0 or epoch == args.epochs):
            with torch.no_grad():
                final = propagate(ego)
            ndcg10 = evaluate(split, final[:n_users], final[n_users:], seen, "validation", [10])["NDCG@10"]
            validations.append(ndcg10)
            if ndcg10 > best[0]:
                best, since_best = (ndcg10, epoch, ego.detach().clone()), 0
            else:
                since_best += 1
                if since_best >= args.patience:
                    break
    train_rss_kib = peak_rss_kib()
    if args.patience > 0:
        with torch.no_grad():
            ego.copy_(best[2])
    with torch.no_grad():
        final = propagate(ego)
    test = evaluate(split, final[:n_users], final[n_users:], seen, "test", [3, 5, 10, 20])
    print(
        json.dumps(
            {
                "framework": f"pytorch {torch.__version__} Adam",
                "threads": torch.get_num_threads(),
                "epochs": len(epoch_seconds),
                "bestEpoch": best[1] if args.patience > 0 else len(epoch_seconds),
                "bestValidation": best[0] if args.patience > 0 else None,
                "validation": validations,
                "secondsPerEpoch": sum(epoch_seconds) / len(epoch_seconds),
                "epochSeconds": epoch_seconds,
                "samplesPerSecond": len(tu) / (sum(epoch_seconds) / len(epoch_seconds)),
                "finalLoss": losses[-1],
                "losses": losses,
                "test": test,
                "baseRssKiB": base_rss_kib,
                "peakRssKiB": train_rss_kib,
            }
        )
    )


def normalized_graph(seen: np.ndarray, n_users: int, n_items: int) -> torch.Tensor:
    """A_hat = D^-1/2 A D^-1/2 of the bipartite user-item graph (users first), as a sparse [N, N] tensor."""
    users, items = np.nonzero(seen)
    rows = np.concatenate([users, items + n_users])
    cols = np.concatenate([items + n_users, users])
    degree = np.bincount(rows, minlength=n_users + n_items).astype(np.float64)
    inv_sqrt = np.zeros_like(degree)
    inv_sqrt[degree > 0] = degree[degree > 0] ** -0.5
    values = (inv_sqrt[rows] * inv_sqrt[cols]).astype(np.float32)
    index = torch.from_numpy(np.stack([rows, cols]))
    n = n_users + n_items
    return torch.sparse_coo_tensor(index, torch.from_numpy(values), (n, n)).coalesce()


if __name__ == "__main__":
    main()
