"""Where a benchmark's figures go: ``bench/results/<name>.json``, and a line on the console."""

import json
from pathlib import Path


def write_result(path: Path, result: dict) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return result
