"""Generates the demo churn data set: train.csv, test.csv and production_batch.csv.

Standard library only and fully deterministic (random.Random(42), fixed
formatting, "\\n" line endings), so re-running it reproduces the committed
files byte for byte:

    python3 data/generate.py
"""

import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["customer_id", "tenure_months", "monthly_charges", "total_charges",
           "contract", "support_calls", "has_fiber", "churned"]
CONTRACTS = ["month-to-month", "one-year", "two-year"]


def poisson(rng, mean):
    # Knuth's method: fine for the small means used here, and (unlike
    # random.choices and friends) its draws cannot change between Python versions.
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def pick(rng, options, weights):
    r, acc = rng.random() * sum(weights), 0.0
    for option, weight in zip(options, weights):
        acc += weight
        if r < acc:
            return option
    return options[-1]


def customer(rng, contract_weights, charge_shift):
    contract = pick(rng, CONTRACTS, contract_weights)
    # Longer contracts go with longer-standing customers.
    mean_tenure = {"month-to-month": 14.0, "one-year": 32.0, "two-year": 50.0}[contract]
    tenure = 0 if rng.random() < 0.008 else int(min(72, 1 + rng.expovariate(1.0 / mean_tenure)))
    has_fiber = 1 if rng.random() < 0.45 else 0
    monthly = 32.0 + 45.0 * has_fiber + rng.gauss(0.0, 7.0) + charge_shift
    monthly = round(min(max(monthly, 18.25), 124.75), 2)
    support_calls = poisson(rng, 1.0 + 0.8 * has_fiber)

    # Churn: a logistic model of the features plus unobserved noise.
    z = (-1.7
         + {"month-to-month": 1.3, "one-year": 0.0, "two-year": -1.2}[contract]
         - 0.045 * tenure
         + 0.022 * (monthly - 55.0)
         + 0.38 * support_calls
         + 0.35 * has_fiber
         + rng.gauss(0.0, 0.8))
    churned = 1 if rng.random() < 1.0 / (1.0 + math.exp(-z)) else 0

    # total_charges is missing for brand-new customers (no bill yet) and,
    # rarely, at random: the training script has to impute it.
    if tenure == 0 or rng.random() < 0.005:
        total = ""
    else:
        total = "%.2f" % (monthly * tenure * rng.uniform(0.92, 1.04))
    return [tenure, "%.2f" % monthly, total, contract, support_calls, has_fiber, churned]


def write(rng, name, prefix, rows, contract_weights, charge_shift):
    path = os.path.join(HERE, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(COLUMNS)
        for i in range(rows):
            out.writerow(["%s%05d" % (prefix, i + 1)]
                         + customer(rng, contract_weights, charge_shift))
    print("wrote %s (%d rows)" % (os.path.relpath(path), rows))


def main():
    rng = random.Random(42)
    reference = [0.55, 0.25, 0.20]
    write(rng, "train.csv", "C", 1500, reference, 0.0)
    write(rng, "test.csv", "T", 500, reference, 0.0)
    # Later production traffic: pricier plans, more month-to-month customers.
    write(rng, "production_batch.csv", "P", 500, [0.75, 0.15, 0.10], 12.0)


if __name__ == "__main__":
    main()
