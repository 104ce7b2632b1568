# The quality bench's baseline: pandas read_csv + describe(include='all') over the same CSV.
# Prints JSON: seconds inside Python (interpreter start-up and imports excluded), rows, peak RSS.
import json
import resource
import sys
import time

import pandas as pd

start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
frame.describe(include="all")
seconds = time.perf_counter() - start
# ru_maxrss is in KiB on Linux.
print(json.dumps({"seconds": seconds, "rows": len(frame), "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "pandas": pd.__version__}))
