"""Read the shipped reference files (taxonomy/data/). Pure: no Django, no database."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str, data_dir: Path | None = None) -> list[dict[str, str]]:
    """Rows of `data_dir/name` (default the shipped data folder) as dicts; `.gz` is unzipped.

    Raises FileNotFoundError when the file is missing.
    """
    raw = ((data_dir or DATA_DIR) / name).read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if name.endswith(".gz") else raw.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))
