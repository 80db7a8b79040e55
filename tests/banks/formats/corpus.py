"""Where the real quiz files written by others are read from: ``shared/corpus/<format>`` beside the
checkout (``../shared`` from the repository's root), or inside it. They are read in place, never copied."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def corpus_dir(fmt: str) -> Path:
    candidates = (ROOT.parent / "shared" / "corpus" / fmt, ROOT / "shared" / "corpus" / fmt)
    return next((path for path in candidates if path.is_dir()), candidates[0])


def corpus_files(fmt: str) -> list[str]:
    folder = corpus_dir(fmt)
    return sorted(path.name for path in folder.iterdir() if path.is_file()) if folder.is_dir() else []
