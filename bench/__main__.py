"""`make bench`: run every benchmark; each writes its figures as JSON under bench/results/."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = sorted(HERE.glob("bench_*.py"))

if __name__ == "__main__":
    only = sys.argv[1:]
    for path in BENCHES:
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        print(f"=== {path.stem} ===", flush=True)
        runpy.run_path(str(path), run_name="__main__")
