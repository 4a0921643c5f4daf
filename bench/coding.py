"""Benchmark of occupation coding on the labelled title sets in ../shared/data.

Sets (each skipped with a message when absent): gold_titles_ru_ky dev files (ru, ky; by type),
isco08_ilo_index (en), jobbert_titles (en job ads), melo_gold de/pl/bg. For each language and
type: top-1 and top-3 accuracy at 4 digits (right = the gold code or one of acceptable_codes),
top-1 at 2 digits, share answered (not abstained), precision of the answered, titles/s on one
core (second pass over the set, word caches warm; the first, cold pass is given too), p50/p95
latency of single-title calls. The same figures for two baselines on the same
titles: rapidfuzz WRatio best match over the English ISCO/ESCO labels, and plain char TF-IDF
over the same labels without our normalisation (neither abstains).

Run: .venv/bin/python bench/coding.py [--shared ../shared/data] [--limit N]
The last line of output is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

from jumush.coding.coder import Coder
from jumush.taxonomy.files import read_csv

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261130


@dataclass(frozen=True)
class Item:
    text: str
    lang: str
    type: str
    gold: str
    acceptable: frozenset[str]


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    text = gzip.decompress(raw).decode() if path.suffix == ".gz" else raw.decode()
    delimiter = "\t" if ".tsv" in path.name else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def load_sets(shared: Path, limit: int | None) -> dict[str, list[Item]]:
    sets: dict[str, list[Item]] = {}

    def add(name: str, items: list[Item]) -> None:
        sets[name] = items[:limit] if limit else items

    for lang in ("ru", "ky"):
        path = shared / "gold_titles_ru_ky" / f"gold_{lang}.dev.csv"
        if not path.exists():
            print(f"skip gold_{lang}: {path} not found", file=sys.stderr)
            continue
        add(
            f"gold_{lang}",
            [
                Item(
                    r["text"],
                    lang,
                    r["type"],
                    r["isco08_code"].zfill(4),
                    frozenset(c.zfill(4) for c in r["acceptable_codes"].split("|") if c),
                )
                for r in _rows(path)
            ],
        )
    path = shared / "isco08_ilo_index" / "isco08_index_titles_en.shared70.csv"
    if path.exists():
        add(
            "ilo_index_en",
            [
                Item(r["title_en"], "en", "index", r["isco08"].zfill(4), frozenset())
                for r in _rows(path)
            ],
        )
    else:
        print(f"skip ilo_index_en: {path} not found", file=sys.stderr)
    path = shared / "jobbert_titles" / "jobbert_v1_titles_esco.shared70.csv.gz"
    if path.exists():
        add(
            "jobbert_en",
            [
                Item(r["job_title"], "en", "ad", r["isco08_code"].zfill(4), frozenset())
                for r in _rows(path)
                if r["isco08_code"]
            ],
        )
    else:
        print(f"skip jobbert_en: {path} not found", file=sys.stderr)
    path = shared / "melo_gold" / "melo_national_titles_to_esco.shared70.tsv.gz"
    if path.exists():
        by_lang: dict[str, list[Item]] = defaultdict(list)
        for r in _rows(path):
            if r["lang"] in ("de", "pl", "bg") and r["gold_isco08_codes"]:
                codes = [c.zfill(4) for c in r["gold_isco08_codes"].split("|")]
                by_lang[r["lang"]].append(
                    Item(r["query_text"], r["lang"], "national", codes[0], frozenset(codes[1:]))
                )
        for lang, items in sorted(by_lang.items()):
            add(f"melo_{lang}", items)
    else:
        print(f"skip melo: {path} not found", file=sys.stderr)
    return sets


class Baseline:
    """Best match over the English ISCO-08 titles and ESCO labels (preferred + alternative)."""

    def __init__(self, kind: str) -> None:
        labels: list[str] = []
        codes: list[str] = []
        for r in read_csv("isco08.csv.gz"):
            if len(r["isco08_code"]) == 4:
                labels.append(r["title_en"])
                codes.append(r["isco08_code"])
        for r in read_csv("esco_occupations.csv.gz"):
            for label in [r["preferred_label"], *r["alt_labels"].split("\n")]:
                if label.strip():
                    labels.append(label.strip())
                    codes.append(r["isco08_code"])
        self.kind = kind
        self.labels = labels
        self.codes = codes
        if kind == "tfidf":
            self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))
            self.matrix = self.vectorizer.fit_transform(labels)

    def top(self, texts: Sequence[str], k: int = 3) -> list[list[str]]:
        out = []
        if self.kind == "rapidfuzz":
            for text in texts:
                hits = process.extract(text, self.labels, scorer=fuzz.WRatio, limit=30)
                out.append(_distinct([self.codes[i] for _, _, i in hits], k))
            return out
        sims = (self.vectorizer.transform(texts) @ self.matrix.T).toarray()
        for row in sims:
            order = np.argsort(-row)[:30]
            out.append(_distinct([self.codes[i] for i in order], k))
        return out


def _distinct(codes: list[str], k: int) -> list[str]:
    seen: list[str] = []
    for c in codes:
        if c not in seen:
            seen.append(c)
        if len(seen) == k:
            break
    return seen


def figures(
    items: Sequence[Item], tops: Sequence[list[str]], answered: Sequence[bool]
) -> dict[str, float]:
    n = len(items)
    if n == 0:
        return {}
    right1 = [
        bool(t) and (t[0] == it.gold or t[0] in it.acceptable)
        for it, t in zip(items, tops, strict=True)
    ]
    right3 = [
        any(c == it.gold or c in it.acceptable for c in t[:3])
        for it, t in zip(items, tops, strict=True)
    ]
    right2 = [bool(t) and t[0][:2] == it.gold[:2] for it, t in zip(items, tops, strict=True)]
    n_answered = sum(answered)
    precise = sum(r for r, a in zip(right1, answered, strict=True) if a)
    return {
        "n": n,
        "top1_4d": round(sum(right1) / n, 4),
        "top3_4d": round(sum(right3) / n, 4),
        "top1_2d": round(sum(right2) / n, 4),
        "answered": round(n_answered / n, 4),
        "precision_answered": round(precise / n_answered, 4) if n_answered else 0.0,
    }


def expected_calibration_error(items: Sequence[Item], results: Sequence[Any]) -> float:
    """Mean |confidence - accuracy| over 10 equal-width confidence bins, weighted by size."""
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for it, r in zip(items, results, strict=True):
        top = r.candidates[0].isco08_code if r.candidates else None
        bins[min(int(r.confidence * 10), 9)].append(
            (r.confidence, top == it.gold or top in it.acceptable)
        )
    n = len(items)
    return round(
        sum(
            len(b) / n * abs(statistics.mean(c for c, _ in b) - statistics.mean(ok for _, ok in b))
            for b in bins.values()
        ),
        4,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None, help="at most N titles per set")
    parser.add_argument("--show-errors", type=str, default=None, help="print misses of one set")
    parser.add_argument(
        "--no-baselines", action="store_true", help="skip the baselines (quick development runs)"
    )
    parser.add_argument("--sets", type=str, default=None, help="comma-separated set names")
    parser.add_argument(
        "--baseline-limit",
        type=int,
        default=1500,
        help="baselines run on a seeded sample of at most N titles per set (rapidfuzz over "
        "30,000 labels is slow); our coder's figures are also given on that sample",
    )
    args = parser.parse_args()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    coder = Coder.build()
    build_s = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sets = load_sets(args.shared, args.limit)
    if not sets:
        print("no labelled sets found under", args.shared, file=sys.stderr)
    if args.sets:
        sets = {k: v for k, v in sets.items() if k in args.sets.split(",")}
    baselines = (
        {}
        if args.no_baselines
        else {"rapidfuzz": Baseline("rapidfuzz"), "tfidf_plain": Baseline("tfidf")}
    )
    report: dict[str, object] = {
        "index_build_s": round(build_s, 2),
        "index_peak_rss_mb": round(rss_after, 1),
        "rss_before_build_mb": round(rss_before, 1),
    }
    for name, items in sets.items():
        texts = [it.text for it in items]
        start = time.perf_counter()
        results = coder.code_many(texts)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        coder.code_many(texts)
        elapsed = time.perf_counter() - start
        single = []
        for text in texts[:300]:
            start = time.perf_counter()
            coder.code(text)
            single.append((time.perf_counter() - start) * 1000)
        tops = [[c.isco08_code for c in r.candidates] for r in results]
        answered = [not r.abstain for r in results]
        entry: dict[str, object] = {
            "jumush": {
                **figures(items, tops, answered),
                "calibration_error": expected_calibration_error(items, results),
                "titles_per_s": round(len(texts) / elapsed, 1),
                "titles_per_s_cold": round(len(texts) / cold, 1),
                "p50_ms": round(statistics.median(single), 3),
                "p95_ms": round(float(np.percentile(single, 95)), 3),
            }
        }
        by_type: dict[str, list[int]] = defaultdict(list)
        for i, it in enumerate(items):
            by_type[it.type].append(i)
        if len(by_type) > 1:
            entry["jumush_by_type"] = {
                t: figures(
                    [items[i] for i in idx], [tops[i] for i in idx], [answered[i] for i in idx]
                )
                for t, idx in sorted(by_type.items())
            }
        if baselines:
            sample = sorted(
                random.Random(SEED).sample(range(len(items)), min(len(items), args.baseline_limit))
            )
            s_items = [items[i] for i in sample]
            entry["jumush_on_baseline_sample"] = figures(
                s_items, [tops[i] for i in sample], [answered[i] for i in sample]
            )
        for bname, baseline in baselines.items():
            start = time.perf_counter()
            btops = baseline.top([it.text for it in s_items])
            rate = len(s_items) / (time.perf_counter() - start)
            entry[bname] = {
                **figures(s_items, btops, [True] * len(s_items)),
                "titles_per_s": round(rate, 1),
            }
        report[name] = entry
        j = cast(dict[str, float], entry["jumush"])
        rf = cast(dict[str, float], entry.get("rapidfuzz", {"top1_4d": float("nan")}))
        tf = cast(dict[str, float], entry.get("tfidf_plain", {"top1_4d": float("nan")}))
        print(
            f"{name:14} n={j['n']:5}  top1={j['top1_4d']:.3f} top3={j['top3_4d']:.3f} "
            f"2d={j['top1_2d']:.3f} answered={j['answered']:.3f} "
            f"prec={j['precision_answered']:.3f} {j['titles_per_s']:.0f}/s "
            f"p95={j['p95_ms']:.2f}ms | rapidfuzz top1={rf['top1_4d']:.3f} "
            f"tfidf top1={tf['top1_4d']:.3f}",
            file=sys.stderr,
        )
        if args.show_errors == name:
            for it, r in zip(items, results, strict=True):
                top = r.candidates[0].isco08_code if r.candidates else "----"
                if top != it.gold and top not in it.acceptable:
                    print(
                        f"  {it.gold} got {top} {'A' if r.abstain else ' '} [{it.type}] {it.text}",
                        file=sys.stderr,
                    )
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
