"""The process-wide Coder: built once, from a pickle cache in the data directory when the
lexicon is unchanged (a cold build takes seconds; loading the cache well under one)."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from pathlib import Path

from jumush.coding import coder as coder_module
from jumush.coding import lexicon, normalise
from jumush.coding.coder import Coder
from jumush.core import text as text_module
from jumush.taxonomy.files import DATA_DIR as TAXONOMY_DATA

log = logging.getLogger(__name__)
_lock = threading.Lock()
_coder: Coder | None = None


def fingerprint() -> str:
    """sha256 over the lexicon files, the reference files it reads and the coder's source
    (with `core.text`, whose word and character patterns the normaliser uses)."""
    h = hashlib.sha256()
    files = [
        *sorted(lexicon.LEXICON_DIR.glob("*")),
        TAXONOMY_DATA / "isco08.csv.gz",
        TAXONOMY_DATA / "esco_ru_ky.csv.gz",
        TAXONOMY_DATA / "isco08_titles_ru_ky.csv",
        TAXONOMY_DATA / "esco_occupations.csv.gz",
        Path(coder_module.__file__),
        Path(normalise.__file__),
        Path(lexicon.__file__),
        Path(text_module.__file__),
    ]
    for path in files:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def get_coder(cache_dir: Path | None = None) -> Coder:
    """The shared Coder, built on first use. With `cache_dir`, a built index is kept there as
    `coder-<fingerprint>.pickle` and reused while the lexicon is unchanged. The cache is only
    ever written by this function, in the service's own data directory."""
    global _coder
    if _coder is not None:
        return _coder
    with _lock:
        if _coder is not None:
            return _coder
        path = cache_dir / f"coder-{fingerprint()}.pickle" if cache_dir else None
        if path is not None and path.exists():
            try:
                with path.open("rb") as f:
                    loaded = pickle.load(f)  # noqa: S301 - our own file in our data dir
                if isinstance(loaded, Coder):
                    _coder = loaded
                    return loaded
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
                log.warning("coder cache %s unreadable, rebuilding: %s", path.name, exc)
        built = Coder.build()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                for old in path.parent.glob("coder-*.pickle"):
                    old.unlink(missing_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                with tmp.open("wb") as f:
                    pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
            except OSError as exc:
                log.warning("coder cache not written: %s", exc)
        _coder = built
        return built
