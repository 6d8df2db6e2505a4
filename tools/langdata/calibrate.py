#!/usr/bin/env python3
"""Fit the weights of the repair's calibrated confidence (src/repair/calibrate.rs).

Each fix of a lost byte carries two probabilities of its choice (in context, and as a word alone).
The confidence a fix reports is a logistic model over their logits:
P(right) = sigmoid(a * logit(context) + b * logit(alone) + c). This script fits a, b, c by maximum
likelihood (Newton's method, a little L2) on fixes whose right answer is
known, from text the language table was not built from, and prints the review curve that the
weights give on every set named.

    cargo run --release --example repair_eval -- target/langdata/heldout --fixes target/langdata/heldout.tsv
    (the same for tests/fixtures/repair/roundtrip and tests/fixtures/repair/capitals, and, to
    measure only, target/langdata/handbook-reference and tests/fixtures/repair/independent)
    python3 tools/langdata/calibrate.py --fit target/langdata/heldout.tsv,... --measure a.tsv,...

The TSV columns are those of `repair_eval --fixes`: confidence, right (1/0), chosen, right word,
context, alone, alternatives...
"""
import argparse
import math

L2 = 0.01  # keeps the weights finite when a set has few wrong fixes


def load(paths):
    rows = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            right = int(cols[1])
            context, alone = (float(x) for x in cols[4:6])
            rows.append((features(context, alone), right))
    return rows


def logit(p):
    p = min(max(p, 1e-7), 1 - 1e-7)
    return math.log(p / (1 - p))


def features(context, alone):
    return [logit(context), logit(alone), 1.0]


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z > -50 else 0.0


def solve(a, b):
    """Solves a x = b by Gaussian elimination with partial pivoting."""
    n = len(b)
    a = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(a[r][c]))
        a[c], a[p] = a[p], a[c]
        for r in range(c + 1, n):
            f = a[r][c] / a[c][c]
            for k in range(c, n + 1):
                a[r][k] -= f * a[c][k]
    x = [0.0] * n
    for c in range(n - 1, -1, -1):
        x[c] = (a[c][n] - sum(a[c][k] * x[k] for k in range(c + 1, n))) / a[c][c]
    return x


def loss(rows, w):
    """The negative log-likelihood, with the L2 penalty."""
    total = 0.5 * L2 * sum(wi * wi for wi in w)
    for x, y in rows:
        z = sum(wi * xi for wi, xi in zip(w, x))
        # log(1 + e^-z) for a right fix, log(1 + e^z) for a wrong one, computed stably.
        m = -z if y else z
        total += max(m, 0) + math.log1p(math.exp(-abs(m)))
    return total


def fit(rows):
    """Newton's method, each step halved until the loss goes down."""
    n = len(rows[0][0])
    w = [1.0] + [0.0] * (n - 1)
    current = loss(rows, w)
    for _ in range(100):
        grad = [L2 * wi for wi in w]
        hess = [[L2 if i == j else 0.0 for j in range(n)] for i in range(n)]
        for x, y in rows:
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)))
            for i in range(n):
                grad[i] += (p - y) * x[i]
                for j in range(n):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        step = solve(hess, grad)
        scale = 1.0
        while scale > 1e-6:
            trial = [wi - scale * si for wi, si in zip(w, step)]
            if (value := loss(rows, trial)) < current:
                break
            scale /= 2
        else:
            break
        w, done = trial, current - value < 1e-9
        current = value
        if done:
            break
    return w


def review(rows, w):
    scored = sorted((sum(wi * xi for wi, xi in zip(w, x)), y) for x, y in rows)
    wrong = sum(1 for _, y in rows if y == 0)
    cells = []
    for share in (0.01, 0.02, 0.05, 0.1):
        k = math.ceil(len(rows) * share)
        cells.append(f"{share:.0%} ({k}): {sum(1 for _, y in scored[:k] if y == 0)}")
    sure = sum(1 for z, y in scored if y == 0 and sigmoid(z) >= 0.999)
    last = max((i + 1 for i, (_, y) in enumerate(scored) if y == 0), default=0)
    return f"{wrong} wrong of {len(rows)}; found in the first {', '.join(cells)}; " \
           f"all by fix {last}; wrong at 0.999 or more: {sure}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", required=True, help="comma-separated TSVs to fit on")
    ap.add_argument("--measure", default="", help="comma-separated TSVs to measure on")
    args = ap.parse_args()
    w = fit(load(args.fit.split(",")))
    print("const WEIGHTS: [f32; 3] = [" + ", ".join(f"{x:.4}" for x in w) + "];")
    for path in [p for p in (args.fit + "," + args.measure).split(",") if p]:
        rows = load([path])
        print(f"{path}: {review(rows, w)}  (uncalibrated: {review(rows, [1.0, 0.0, 0.0])})")


if __name__ == "__main__":
    main()
