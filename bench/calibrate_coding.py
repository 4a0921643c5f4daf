"""Fit the coder's confidence on held-out lexicon variants (never on the benchmark titles).

10% of the curated variants, of the project's ru/ky everyday ESCO names and of the English
ESCO labels and ISCO-08 example occupations are held out; the coder is built from the rest;
the held-out names are coded after synthetic damage of the kinds real titles show
(boilerplate, an address in brackets, a brand name, a typo, Kyrgyz letters typed as н о у,
lowercase), English names of two words or more half the time in the inverted "Noun,
qualifier" order of occupational indexes ("Farmer, pig"). Half as many names that stay in the
index are coded the same way, as titles the lexicon knows (a name can be ambiguous: the
same name in two unit groups). A logistic
regression of "top-1 is the variant's unit group" on the coder's features gives the
coefficients written to src/jumush/coding/lexicon/calibration.json.

The held-out names are harder than real titles (a held-out colloquial name often has no
sibling left in the index), so the fitted confidence is conservative. The abstain threshold
is a product choice, ABSTAIN_BELOW = 0.4: below it, ask the person rather than guess.

Run: .venv/bin/python bench/calibrate_coding.py   (about a minute; prints JSON last)
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from jumush.coding import coder as coder_module
from jumush.coding.coder import Coder
from jumush.coding.lexicon import LEXICON_DIR, Variant, iter_variants

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tune_coding import SOURCES as ENGLISH_SOURCES
from tune_coding import invert

SEED = 20261130
ABSTAIN_BELOW = 0.4
#: Share of the indexed (not held-out) names also coded, as titles the lexicon knows.
SEEN = 0.05
OUT = LEXICON_DIR / "calibration.json"
NOISE = {
    "ru": ["требуется", "срочно", "в кафе", "на склад", "(м. Текстильщики)", "з/п от 50000"],
    "ky": ["керек", "шашылыш", "(Ленин көчөсү, 5)", "айлык 40000", "жумушка"],
    "en": ["urgent", "wanted", "(Kuala Lumpur)", "immediate start", "full time"],
}
BRANDS = ["Глобус", "Ашан", "Zetta", "Юнайтед", "Kaspi", "Ozon", "Беш-Таш"]


def damage(text: str, lang: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        noise = rng.choice(NOISE.get(lang, NOISE["en"]))
        text = f"{noise} {text}" if rng.random() < 0.5 else f"{text} {noise}"
    if rng.random() < 0.15:
        text = f"{text} {rng.choice(BRANDS)}"
    if rng.random() < 0.25 and len(text) > 5:
        i = rng.randrange(1, len(text) - 1)
        text = text[:i] + text[i + 1 :]
    if lang == "ky" and rng.random() < 0.3:
        text = text.replace("ң", "н").replace("ө", "о").replace("ү", "у")
    if rng.random() < 0.5:
        text = text.capitalize()
    return text


def main() -> None:
    rng = random.Random(SEED)
    variants = list(iter_variants())
    held: list[Variant] = []
    kept: list[Variant] = []
    seen: list[Variant] = []
    for v in variants:
        eligible = v.source in ("curated", "esco_ru_ky_alt") or (
            v.lang == "en" and v.source in ENGLISH_SOURCES
        )
        draw = rng.random()
        (held if eligible and draw < 0.1 else kept).append(v)
        if eligible and 0.1 <= draw < 0.1 + SEEN:
            seen.append(v)
    # Titles are often a name the lexicon has (damaged or not): some indexed names are coded
    # too, so that the fit learns what an exact name is worth when it is ambiguous or not.
    held += seen
    coder = Coder.build(kept)
    # The features may have changed since calibration.json was written: fit from defaults.
    coder.calibration = coder_module.Calibration()
    queries = [
        (
            damage(
                invert(v.text, rng) if v.lang == "en" and " " in v.text else v.text, v.lang, rng
            ),
            v.isco08_code,
        )
        for v in held
    ]
    results = coder.code_many([q for q, _ in queries])
    features, right, langs = [], [], []
    for v, (_, code), result in zip(held, queries, results, strict=True):
        if not result.candidates:
            continue
        features.append(coder_module.confidence_features(result.candidates))
        right.append(result.candidates[0].isco08_code == code)
        langs.append(v.lang)
    x, y = np.asarray(features), np.asarray(right)
    model = LogisticRegression().fit(x, y)
    probs = model.predict_proba(x)[:, 1]
    print(f"held-out AUC {roc_auc_score(y, probs):.4f}", file=sys.stderr)
    answered = probs >= ABSTAIN_BELOW
    for lang in sorted(set(langs)):
        mask = np.asarray(langs) == lang
        print(
            f"{lang}: n={mask.sum()} top1={y[mask].mean():.3f} "
            f"answered={answered[mask].mean():.3f} "
            f"precision={y[mask & answered].mean():.3f}",
            file=sys.stderr,
        )
    calibration = {
        "features": list(coder_module.FEATURES),
        "coef": [round(float(c), 4) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
        "abstain_below": ABSTAIN_BELOW,
        "held_out_variants": len(y),
        "held_out_top1": round(float(y.mean()), 4),
        "held_out_answered": round(float(answered.mean()), 4),
        "held_out_precision_answered": round(float(y[answered].mean()), 4),
        "seed": SEED,
    }
    OUT.write_text(json.dumps(calibration, indent=2) + "\n", encoding="utf-8")
    print(
        f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}",
        file=sys.stderr,
    )
    print(json.dumps(calibration))


if __name__ == "__main__":
    main()
