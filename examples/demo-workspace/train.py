"""Trains a churn classifier: logistic regression by mini-batch gradient descent.

Standard library only. Reads <data>/train.csv, validates on <data>/test.csv,
logs params and per-epoch metrics through mlops_workbench (a no-op when the
helper is not importable, so the script also runs on its own) and writes the
model to --out as JSON.

    python3 train.py --lr 0.05 --epochs 30 --l2 0.001

--pause waits after each epoch, so a long run can be watched as it streams.
"""

import argparse
import csv
import json
import math
import os
import random
import sys
import time

try:
    import mlops_workbench as mw
except ImportError:  # running outside MLOps Workbench without the helper on PYTHONPATH
    class _NoOpLogger(object):
        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    mw = _NoOpLogger()

HERE = os.path.dirname(os.path.abspath(__file__))
NUMERIC = ["tenure_months", "monthly_charges", "total_charges", "support_calls"]
CONTRACTS = ["month-to-month", "one-year", "two-year"]
FEATURES = NUMERIC + ["has_fiber"] + ["contract=" + c for c in CONTRACTS]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lr", type=float, default=0.05, help="learning rate (default 0.05)")
    p.add_argument("--epochs", type=int, default=30, help="passes over the training set (default 30)")
    p.add_argument("--l2", type=float, default=0.0, help="L2 penalty on the weights (default 0)")
    p.add_argument("--seed", type=int, default=0, help="shuffling/initialisation seed (default 0)")
    p.add_argument("--batch-size", type=int, default=32, help="mini-batch size (default 32)")
    p.add_argument("--data", default=os.path.join(HERE, "data"),
                   help="folder holding train.csv and test.csv (default: data/ next to this script)")
    p.add_argument("--out", default="model.json", help="where to write the model (default model.json)")
    p.add_argument("--pause", type=float, default=0.0,
                   help="seconds to wait after each epoch, to watch a run stream (default 0)")
    args = p.parse_args(argv)
    if args.epochs < 1 or args.batch_size < 1 or args.lr <= 0 or args.l2 < 0 or args.pause < 0:
        p.error("--epochs and --batch-size must be >= 1, --lr > 0, --l2 >= 0, --pause >= 0")
    return args


def read_rows(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        sys.exit("train.py: %s not found (run data/generate.py first?)" % path)


def median(values):
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2.0


def fit_preprocessing(rows):
    """Imputation value and standardisation stats, from the training rows only."""
    known = [float(r["total_charges"]) for r in rows if r["total_charges"] != ""]
    impute = {"total_charges": median(known)}
    mean, std = {}, {}
    for name in NUMERIC:
        col = [raw_value(r, name, impute) for r in rows]
        mean[name] = sum(col) / len(col)
        var = sum((v - mean[name]) ** 2 for v in col) / len(col)
        std[name] = math.sqrt(var) or 1.0
    return {"impute": impute, "mean": mean, "std": std}


def raw_value(row, name, impute):
    cell = row[name]
    return impute[name] if cell == "" else float(cell)


def encode(rows, prep):
    xs, ys = [], []
    for r in rows:
        x = [(raw_value(r, n, prep["impute"]) - prep["mean"][n]) / prep["std"][n] for n in NUMERIC]
        x.append(float(r["has_fiber"]))
        x.extend(1.0 if r["contract"] == c else 0.0 for c in CONTRACTS)
        xs.append(x)
        ys.append(int(r["churned"]))
    return xs, ys


def logit(w, b, x):
    return b + sum(wi * xi for wi, xi in zip(w, x))


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def log_loss(w, b, xs, ys):
    # log(1 + e^-|z|) form: no overflow and no log(0) even for huge logits.
    total = 0.0
    for x, y in zip(xs, ys):
        z = logit(w, b, x)
        total += max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    return total / len(xs)


def auc(scores, labels):
    """ROC AUC via the Mann-Whitney rank statistic, ties given their average rank."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    rank_sum = sum(r for r, y in zip(ranks, labels) if y == 1)
    return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg)


def evaluate(w, b, xs, ys):
    probs = [sigmoid(logit(w, b, x)) for x in xs]
    acc = sum((p >= 0.5) == (y == 1) for p, y in zip(probs, ys)) / len(ys)
    return {"loss": log_loss(w, b, xs, ys), "acc": acc, "auc": auc(probs, ys)}


def main(argv=None):
    args = parse_args(argv)
    started = time.time()
    train_rows = read_rows(os.path.join(args.data, "train.csv"))
    val_rows = read_rows(os.path.join(args.data, "test.csv"))
    prep = fit_preprocessing(train_rows)
    xs, ys = encode(train_rows, prep)
    vxs, vys = encode(val_rows, prep)

    mw.log_params({"lr": args.lr, "epochs": args.epochs, "l2": args.l2, "seed": args.seed,
                   "batch_size": args.batch_size, "model": "logistic_regression",
                   "train_rows": len(xs), "val_rows": len(vxs)})

    rng = random.Random(args.seed)
    w = [rng.gauss(0.0, 0.01) for _ in FEATURES]
    b = 0.0
    order = list(range(len(xs)))
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(order)
        for start in range(0, len(order), args.batch_size):
            batch = order[start:start + args.batch_size]
            gw = [0.0] * len(w)
            gb = 0.0
            for i in batch:
                err = sigmoid(logit(w, b, xs[i])) - ys[i]
                gb += err
                for k, xk in enumerate(xs[i]):
                    gw[k] += err * xk
            n = float(len(batch))
            w = [wk - args.lr * (g / n + args.l2 * wk) for wk, g in zip(w, gw)]
            b -= args.lr * gb / n

        train_loss = log_loss(w, b, xs, ys)
        val = evaluate(w, b, vxs, vys)
        mw.log_metrics({"train/loss": train_loss, "val/loss": val["loss"],
                        "val/acc": val["acc"], "val/auc": val["auc"]}, step=epoch)
        print("epoch %3d/%d  train/loss %.4f  val/loss %.4f  val/acc %.4f  val/auc %.4f"
              % (epoch, args.epochs, train_loss, val["loss"], val["acc"], val["auc"]), flush=True)
        if args.pause:
            time.sleep(args.pause)

    model = {
        "model": "logistic_regression",
        "features": FEATURES,
        "weights": dict(zip(FEATURES, w)),
        "bias": b,
        "preprocessing": {
            "impute_median": prep["impute"],
            "scaler": {"mean": prep["mean"], "std": prep["std"]},
            "one_hot": {"contract": CONTRACTS},
        },
        "params": {"lr": args.lr, "epochs": args.epochs, "l2": args.l2, "seed": args.seed,
                   "batch_size": args.batch_size},
        # None rather than NaN (an AUC with one class present): keep the file strict JSON.
        "metrics": {k: (None if math.isnan(v) else v) for k, v in
                    (("train/loss", train_loss), ("val/loss", val["loss"]),
                     ("val/acc", val["acc"]), ("val/auc", val["auc"]))},
    }
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2, allow_nan=False)
        f.write("\n")
    mw.log_artifact(args.out)
    print("wrote %s in %.1f s (val/auc %.4f)" % (args.out, time.time() - started, val["auc"]))


if __name__ == "__main__":
    main()
