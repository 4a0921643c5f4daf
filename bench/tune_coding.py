"""Choose the English re-ranking constants of the coder on held-out lexicon names (never on
the benchmark titles).

10% of the English names of the ISCO-08 example occupations and the ESCO v1.2.0 preferred and
alternative labels are held out (seeded); the coder is built from the rest; each held-out name
of two words or more is coded as written and, half the time, in the inverted "Noun, qualifier"
order of occupational indexes ("pig farmer" -> "Farmer, pig"). A name counts as right when the
top answer is its unit group. Prints top-1 and top-3 for each setting of the constants given.

Run: .venv/bin/python bench/tune_coding.py [--joint 0,0.2,0.4] [--temperature 1,2,4]
     [--residual ...] [--context ...] [--material 0,0.2,0.4] [--other-material 0.8,1]
     [--head-group 0,0.1]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random

from jumush.coding import coder as coder_module
from jumush.coding.coder import Coder
from jumush.coding.lexicon import Variant, iter_variants

SEED = 20261201
HELD_OUT = 0.1
SOURCES = ("isco_included", "esco_preferred", "esco_alternative")


def held_out_split(rng: random.Random) -> tuple[list[Variant], list[Variant]]:
    """(kept, held): held are English names of SOURCES, two words or more."""
    kept: list[Variant] = []
    held: list[Variant] = []
    for v in iter_variants():
        eligible = v.lang == "en" and v.source in SOURCES and len(v.text.split()) > 1
        (held if eligible and rng.random() < HELD_OUT else kept).append(v)
    return kept, held


def invert(text: str, rng: random.Random) -> str:
    """Half the time, the index order: last word first, then a comma and the rest."""
    words = text.split()
    if rng.random() < 0.5:
        return f"{words[-1].capitalize()}, {' '.join(words[:-1])}"
    return text


def score(coder: Coder, queries: list[tuple[str, str]]) -> dict[str, float]:
    results = coder.code_many([q for q, _ in queries])
    top1 = sum(
        bool(r.candidates) and r.candidates[0].isco08_code == c
        for (_, c), r in zip(queries, results, strict=True)
    )
    top3 = sum(
        any(x.isco08_code == c for x in r.candidates[:3])
        for (_, c), r in zip(queries, results, strict=True)
    )
    n = len(queries)
    return {"top1": round(top1 / n, 4), "top3": round(top3 / n, 4)}


#: Option name (as printed) -> the coder constant it sets.
CONSTANTS = {
    "joint": "JOINT",
    "temperature": "JOINT_TEMPERATURE",
    "residual": "RESIDUAL",
    "context": "CONTEXT",
    "material": "MATERIAL",
    "other_material": "OTHER_MATERIAL",
    "head_group": "HEAD_GROUP",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, constant in CONSTANTS.items():
        parser.add_argument(
            f"--{name.replace('_', '-')}", default=str(getattr(coder_module, constant))
        )
    args = parser.parse_args()
    rng = random.Random(SEED)
    kept, held = held_out_split(rng)
    queries = [(invert(v.text, rng), v.isco08_code) for v in held]
    coder = Coder.build(kept)
    grid = itertools.product(
        *([float(x) for x in getattr(args, name).split(",")] for name in CONSTANTS)
    )
    for values in grid:
        setting = dict(zip(CONSTANTS, values, strict=True))
        for name, value in setting.items():
            setattr(coder_module, CONSTANTS[name], value)
        print(json.dumps({**setting, "n": len(queries), **score(coder, queries)}), flush=True)


if __name__ == "__main__":
    main()
