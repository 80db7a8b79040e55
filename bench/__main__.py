"""`make bench`: run every benchmark; each writes its figures as JSON under bench/results/.

Each runs in its own interpreter: they configure Django differently (settings module, database), and
Django can be set up only once per process. A failing benchmark fails the run, after the others ran.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = sorted(HERE.glob("bench_*.py"))

if __name__ == "__main__":
    only = sys.argv[1:]
    failed = []
    for path in BENCHES:
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        print(f"=== {path.stem} ===", flush=True)
        if subprocess.run([sys.executable, str(path)], cwd=HERE.parent).returncode:
            failed.append(path.stem)
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
