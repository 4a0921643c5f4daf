"""The coding lexicon: every name of every ISCO-08 unit group we know, in ky, ru and en.

Sources, each a `Variant` with a weight (how much a match on it is worth):
- ISCO-08 unit-group titles in en/ru/ky (taxonomy/data), whole and split at "and"/"и"/"жана"
  and commas; the ILO's example occupations of each unit group, and the "classified
  elsewhere" pointers ("Chef - 3434") of every group;
- ESCO v1.2.0 occupation labels (en): preferred, alternative, hidden (less the errata in
  lexicon/esco_errata.csv: labels ESCO files under the wrong occupation);
- taxonomy/data/esco_ru_ky.csv.gz: Russian and Kyrgyz names of every ESCO occupation (the
  project's translations);
- lexicon/curated.csv: everyday variants of the occupations most common among Central Asian
  migrants, in ky/ru/en (the project's), which win over the others on equal match.
Built from files only: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jumush.taxonomy.files import read_csv

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

#: How much a match on each kind of name is worth, relative to the others. The ILO's own
#: examples of the occupations classified in a unit group outrank every other source: where
#: an ESCO label or a curated English name puts the same name elsewhere, ISCO-08 decides.
WEIGHTS = {
    "curated": 1.0,
    "esco_ru_ky": 0.97,
    "esco_ru_ky_alt": 0.95,
    "esco_preferred": 0.97,
    "esco_alternative": 0.95,
    "esco_hidden": 0.85,
    "isco_title": 0.93,
    "isco_title_part": 0.9,
    "isco_included": 1.02,
    "isco_excluded": 0.97,
}

_SPLIT_TITLE = re.compile(r",|\s+(?:and|и|жана|or|или|же)\s+")
# ILO's lists: "Examples of the occupations classified here:\n- Cook" and, in the excluded
# list, "- Chef - 3434" (an occupation classified in another unit group).
_LIST_ITEM = re.compile(r"^\s*-\s*(.+?)\s*$", re.MULTILINE)
_POINTER = re.compile(r"^(.*\S)\s+-\s+(\d{4})$")


@dataclass(frozen=True)
class Variant:
    """One name of an occupation: `text` in `lang`, for ISCO-08 unit group `isco08_code`
    (4-character string) and, when it names one, the ESCO occupation `esco_uri`."""

    isco08_code: str
    esco_uri: str | None
    lang: str
    text: str
    source: str

    @property
    def weight(self) -> float:
        return WEIGHTS[self.source]


@dataclass(frozen=True)
class Labels:
    """Display labels: ISCO unit-group titles and ESCO occupation names, by language."""

    isco: dict[str, dict[str, str]]
    esco: dict[str, dict[str, str]]
    esco_isco: dict[str, str]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def iter_variants(lexicon_dir: Path = LEXICON_DIR) -> Iterator[Variant]:
    """Every variant from every source, in source order (duplicates included)."""
    titles = {r["isco08_code"]: r for r in read_csv("isco08_titles_ru_ky.csv")}
    for row in read_csv("isco08.csv.gz"):
        code = row["isco08_code"]
        for item in _LIST_ITEM.findall(row["excluded"]):
            pointer = _POINTER.match(item)
            if pointer:
                yield Variant(pointer.group(2), None, "en", pointer.group(1), "isco_excluded")
        if len(code) != 4:
            continue
        for item in _LIST_ITEM.findall(row["included"]):
            if not _POINTER.match(item):
                yield Variant(code, None, "en", item, "isco_included")
        for lang, title in (
            ("en", row["title_en"]),
            ("ru", titles[code]["title_ru"]),
            ("ky", titles[code]["title_ky"]),
        ):
            yield Variant(code, None, lang, title, "isco_title")
            parts = [p for p in _SPLIT_TITLE.split(title) if p and p.strip()]
            if len(parts) > 1:
                for part in parts:
                    yield Variant(code, None, lang, part.strip(), "isco_title_part")
    occupations = read_csv("esco_occupations.csv.gz")
    errata = esco_errata(lexicon_dir)
    for row in occupations:
        code, uri = row["isco08_code"], row["uri"]
        yield Variant(code, uri, "en", row["preferred_label"], "esco_preferred")
        for label in row["alt_labels"].split("\n"):
            if label.strip() and (uri, label.strip()) not in errata:
                yield Variant(code, uri, "en", label.strip(), "esco_alternative")
        for label in row["hidden_labels"].split("\n"):
            if label.strip() and (uri, label.strip()) not in errata:
                yield Variant(code, uri, "en", label.strip(), "esco_hidden")
    esco_isco = {r["uri"]: r["isco08_code"] for r in occupations}
    for row in read_csv("esco_ru_ky.csv.gz"):
        uri = row["esco_uri"]
        if uri in esco_isco:
            for lang in ("ru", "ky"):
                for i, name in enumerate(_split(row[lang])):
                    source = "esco_ru_ky" if i == 0 else "esco_ru_ky_alt"
                    yield Variant(esco_isco[uri], uri, lang, name, source)
    curated = lexicon_dir / "curated.csv"
    if curated.exists():
        for row in read_csv(curated.name, lexicon_dir):
            yield Variant(row["isco08_code"], None, row["lang"], row["term"], "curated")


def esco_errata(lexicon_dir: Path = LEXICON_DIR) -> frozenset[tuple[str, str]]:
    """ESCO v1.2.0 alternative or hidden labels that name another occupation than the one
    ESCO files them under (lexicon/esco_errata.csv: esco_uri, label, reason): {(uri, label)},
    left out of the lexicon. Empty when the file is absent."""
    if not (lexicon_dir / "esco_errata.csv").exists():
        return frozenset()
    return frozenset((r["esco_uri"], r["label"]) for r in read_csv("esco_errata.csv", lexicon_dir))


def load_labels(lexicon_dir: Path = LEXICON_DIR) -> Labels:
    """ISCO titles {code: {lang: title}} and ESCO names {uri: {lang: name}} for display."""
    titles = {r["isco08_code"]: r for r in read_csv("isco08_titles_ru_ky.csv")}
    isco = {
        r["isco08_code"]: {
            "en": r["title_en"],
            "ru": titles[r["isco08_code"]]["title_ru"],
            "ky": titles[r["isco08_code"]]["title_ky"],
        }
        for r in read_csv("isco08.csv.gz")
    }
    occupations = read_csv("esco_occupations.csv.gz")
    esco = {r["uri"]: {"en": r["preferred_label"]} for r in occupations}
    esco_isco = {r["uri"]: r["isco08_code"] for r in occupations}
    for row in read_csv("esco_ru_ky.csv.gz"):
        for lang in ("ru", "ky"):
            names = _split(row[lang])
            if names and row["esco_uri"] in esco:
                esco[row["esco_uri"]][lang] = names[0]
    return Labels(isco, esco, esco_isco)


def unit_group_descriptions() -> dict[str, str]:
    """English text describing each ISCO-08 unit group: the ILO definition, tasks and example
    occupations, and the descriptions of the ESCO occupations under it."""
    texts: dict[str, list[str]] = {}
    for row in read_csv("isco08.csv.gz"):
        if len(row["isco08_code"]) == 4:
            texts[row["isco08_code"]] = [
                row["title_en"],
                row["definition"],
                row["tasks"],
                row["included"],
            ]
    for row in read_csv("esco_occupations.csv.gz"):
        texts.setdefault(row["isco08_code"], []).append(row["description"])
    return {code: "\n".join(parts) for code, parts in texts.items()}


def wordnet_broader(lexicon_dir: Path = LEXICON_DIR) -> dict[str, str]:
    """English person nouns the lexicon does not name -> the nearest broader lexicon name, from
    the hypernyms of Princeton WordNet 3.0 (`wordnet_broader.csv.gz`, built by
    scripts/build-wordnet-occupations): {"ballerina": "ballet dancer", "abbot": "", ...}; ""
    when no lexicon name is near. Empty when the file is absent."""
    name = "wordnet_broader.csv.gz"
    if not (lexicon_dir / name).exists():
        return {}
    return {row["word"]: row["broader"] for row in read_csv(name, lexicon_dir)}
