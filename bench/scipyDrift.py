# The drift bench's baseline: scipy's ks_2samp + wasserstein_distance (normed by the reference's
# population std) + numpy's PSI on Sturges bins, on the same Float64 files, per column.
# Prints JSON: seconds inside Python (start-up and imports excluded), a checksum, peak RSS.
# Usage: python3 scipyDrift.py pair REF.f64 CUR.f64 | python3 scipyDrift.py wide REF.f64 CUR.f64 COLUMNS ROWS
import json
import resource
import sys
import time

import numpy as np
from scipy import stats


def psi(r, c):
    edges = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
    rs = np.histogram(r, edges)[0] / len(r)
    cs = np.histogram(c, edges)[0] / len(c)
    # Empty shares replaced as DESIGN.md says: 0.0001, or the smallest non-zero share / 1e6 when that is <= 0.0001.
    for s in (rs, cs):
        smallest = s[s > 0].min()
        s[s == 0] = smallest / 1e6 if smallest <= 0.0001 else 0.0001
    return float(np.sum((rs - cs) * np.log(rs / cs)))


def three_tests(r, c):
    k = stats.ks_2samp(r, c)
    w = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
    return k.statistic + k.pvalue + w + psi(r, c)


mode, ref_file, cur_file = sys.argv[1:4]
check = 0.0
if mode == "pair":
    r = np.fromfile(ref_file, dtype="<f8")
    c = np.fromfile(cur_file, dtype="<f8")
    start = time.perf_counter()
    check = three_tests(r, c)
    seconds = time.perf_counter() - start
else:
    columns, rows = int(sys.argv[4]), int(sys.argv[5])
    start = time.perf_counter()
    for j in range(columns):
        r = np.fromfile(ref_file, dtype="<f8", count=rows, offset=j * rows * 8)
        c = np.fromfile(cur_file, dtype="<f8", count=rows, offset=j * rows * 8)
        check += three_tests(r, c)
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "check": float(check), "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
