"""What the PyTorch references (reference_bpr.py, reference_lightgcn.py) share: the split file
`l4r eval --export-split` writes, one epoch's BPR triples, peak memory, and the evaluation protocol
of src/eval/evaluate.ts. Imported from beside them (python puts a script's folder on sys.path)."""
import json
import resource
import sys

import numpy as np


def load_train(path):
    """The split, user and item counts, and the training interactions as int64 arrays."""
    with open(path) as f:
        split = json.load(f)
    tu = np.array(split["train"]["user"], dtype=np.int64)
    ti = np.array(split["train"]["item"], dtype=np.int64)
    return split, split["numUsers"], split["numItems"], tu, ti


def seen_matrix(tu, ti, n_users, n_items):
    """Which (user, item) pairs are training interactions (dense: small enough for ml-latest-small)."""
    seen = np.zeros((n_users, n_items), dtype=bool)
    seen[tu, ti] = True
    return seen


def epoch_triples(rng, tu, ti, seen, n_items):
    """Every training interaction once in a seeded random order, with one uniformly drawn unseen negative."""
    order = rng.permutation(len(tu))
    u_all, i_all = tu[order], ti[order]
    j_all = rng.integers(0, n_items, len(u_all))
    bad = seen[u_all, j_all]
    while bad.any():  # rejection sampling: redraw negatives the user has seen
        j_all[bad] = rng.integers(0, n_items, int(bad.sum()))
        bad = seen[u_all, j_all]
    return u_all, i_all, j_all


def peak_rss_kib() -> int:
    """This process's peak resident set size so far, in KiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def evaluate(split, P, Q, seen, target, ks):
    """Full ranking of each user's held-out item, excluding training items (and the validation item
    when ranking the test item); ties pessimistic. The same protocol as src/eval/evaluate.ts."""
    exclude = seen.copy()
    if target == "test":
        vu = np.array(split["validation"]["user"], dtype=np.int64)
        vi = np.array(split["validation"]["item"], dtype=np.int64)
        exclude[vu, vi] = True
    su = np.array(split[target]["user"], dtype=np.int64)
    si = np.array(split[target]["item"], dtype=np.int64)
    scores = (P[su] @ Q.T).numpy()
    target_scores = scores[np.arange(len(su)), si]
    mask = exclude[su].copy()
    mask[np.arange(len(su)), si] = True  # the target does not count against itself
    rank = ((scores >= target_scores[:, None]) & ~mask).sum(1)
    out = {}
    for k in ks:
        hit = rank < k
        out[f"HR@{k}"] = float(hit.mean())
        out[f"NDCG@{k}"] = float(np.where(hit, 1.0 / np.log2(rank + 2.0), 0.0).mean())
    return out
