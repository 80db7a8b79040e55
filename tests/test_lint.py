"""The code passes ruff (pyflakes, pycodestyle, import order; ruff.toml): unused imports and undefined
names are caught here, in every module, before any test imports it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"ruff check found problems (fix them, or run ruff check --fix):\n{result.stdout}"
