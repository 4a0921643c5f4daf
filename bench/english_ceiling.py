"""How far the English targets of occupation coding can be reached from the lexicon we may use.

A diagnostic, not a product path: nothing here is fitted into the coder. On the ILO ISCO-08
index titles (../shared/data/isco08_ilo_index, the shared 70%) it measures three things.

1. Do our English sources agree with the ILO index? Every index title of the plain forms
   "Noun" and "Noun, qualifier" is turned into a name ("Driver, taxi" -> "driver taxi" ->
   "taxi driver") and looked up, by search key, among the lexicon's names of each source
   (ESCO v1.2.0 preferred and alternative labels, ISCO-08 examples of the occupations
   classified in a unit group). Per source: titles found, the share where the source puts
   the name in the index's unit group, and the share where that is the only unit group.
2. Where the index's code ranks among our candidates (top_k=20): top-1, 3, 5, 10, 20.
3. The best precision at 70% answered that any confidence over our candidates could give:
   our shipped confidence, against logistic regression and gradient boosting fitted on the
   index titles themselves (5-fold cross-validation, features = our confidence features
   plus the top answer's rank features). A confidence fitted on the very titles it is
   judged on bounds what calibration can do; the ideal (a perfect confidence) is given too.

Run: .venv/bin/python bench/english_ceiling.py [--shared ../shared/data]
The last line of output is one JSON object with every figure (shares in percent).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from jumush.coding.coder import FEATURES, Coder, confidence_features
from jumush.coding.lexicon import iter_variants
from jumush.core.text import search_key

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coding import load_sets

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("esco_preferred", "esco_alternative", "isco_included")
ANSWERED = 0.70
SEED = 20261201


def as_name(title: str) -> str | None:
    """An index title as a name ("Driver, taxi" -> "taxi driver"); None for other forms
    ("Operator, machine: boring (wood)" has a colon, two commas say more than one noun)."""
    if ":" in title or "(" in title:
        return None
    parts = [p.strip() for p in title.split(",")]
    if len(parts) > 2 or not all(parts):
        return None
    return search_key(" ".join(reversed(parts)))


def source_agreement(titles: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """Per source: {"found": n, "agree_pct": …, "only_group_pct": …} over the index titles
    that are one of its names."""
    groups: dict[str, dict[str, set[str]]] = {s: defaultdict(set) for s in SOURCES}
    for v in iter_variants():
        if v.lang == "en" and v.source in groups:
            groups[v.source][search_key(v.text)].add(v.isco08_code)
    out: dict[str, dict[str, float]] = {}
    for source, names in groups.items():
        found = agree = only = 0
        for title, gold in titles:
            name = as_name(title)
            if name is None or name not in names:
                continue
            found += 1
            agree += gold in names[name]
            only += names[name] == {gold}
        out[source] = {
            "found": found,
            "agree_pct": round(100 * agree / found, 1) if found else 0.0,
            "only_group_pct": round(100 * only / found, 1) if found else 0.0,
        }
    return out


def precision_at(confidence: np.ndarray, right: np.ndarray, share: float) -> float:
    """Precision (percent) of the `share` of titles with the highest confidence."""
    keep = np.argsort(-confidence, kind="stable")[: round(share * len(confidence))]
    return round(100 * float(right[keep].mean()), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    items = load_sets(args.shared, None).get("ilo_index_en")
    if not items:
        print(f"skip: the ILO index titles are not under {args.shared}", file=sys.stderr)
        print(json.dumps({"skipped": "ilo_index_en not found"}))
        return
    agreement = source_agreement([(i.text, i.gold) for i in items])
    for source, figures in agreement.items():
        print(f"{source:18s} {figures}")

    coder = Coder.build()
    results = coder.code_many([i.text for i in items], top_k=20)
    ranks = []
    for item, result in zip(items, results, strict=True):
        codes = [c.isco08_code for c in result.candidates]
        ranks.append(codes.index(item.gold) + 1 if item.gold in codes else 99)
    rank = np.array(ranks)
    within = {f"top{k}_pct": round(100 * float((rank <= k).mean()), 1) for k in (1, 3, 5, 10, 20)}
    print("gold rank", within)

    right = rank == 1
    features = np.array(
        [
            [*confidence_features(r.candidates), len(r.candidates), float(r.abstain)]
            if r.candidates
            else [0.0] * (len(FEATURES) + 2)
            for r in results
        ]
    )
    shipped = np.array([r.confidence for r in results])
    fitted = {
        "logistic": LogisticRegression(max_iter=2000),
        "boosting": GradientBoostingClassifier(random_state=SEED),
    }
    precision = {"shipped": precision_at(shipped, right, ANSWERED)}
    for name, model in fitted.items():
        p = cross_val_predict(model, features, right, cv=5, method="predict_proba")[:, 1]
        precision[f"fitted_on_dev_{name}"] = precision_at(p, right, ANSWERED)
    precision["perfect_confidence"] = round(100 * min(1.0, float(right.mean()) / ANSWERED), 1)
    print(f"precision at {ANSWERED:.0%} answered", precision)
    print(
        json.dumps(
            {
                "titles": len(items),
                "source_agreement": agreement,
                "gold_rank": within,
                "precision_at_70pct_answered": precision,
            }
        )
    )


if __name__ == "__main__":
    main()
