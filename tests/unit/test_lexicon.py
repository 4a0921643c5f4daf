"""The coding lexicon's sources (coding/lexicon.py)."""

from __future__ import annotations

from jumush.coding.lexicon import esco_errata, iter_variants, wordnet_broader
from jumush.coding.normalise import Normaliser
from jumush.taxonomy.files import read_csv


def test_every_esco_erratum_names_a_label_and_is_left_out() -> None:
    errata = esco_errata()
    assert errata, "lexicon/esco_errata.csv is empty or missing"
    labels = {
        row["uri"]: {
            label.strip()
            for label in (row["alt_labels"] + "\n" + row["hidden_labels"]).split("\n")
            if label.strip()
        }
        for row in read_csv("esco_occupations.csv.gz")
    }
    for uri, label in errata:
        assert label in labels.get(uri, set()), f"erratum {uri} {label!r}: ESCO has no such label"
    kept = {(v.esco_uri, v.text) for v in iter_variants() if v.esco_uri}
    assert not errata & kept


def test_home_care_names_are_home_based_personal_care_only() -> None:
    """ISCO-08 (notes to 5321 and 5322): personal care in the client's own home is 5322; ESCO
    v1.2.0 files these names under care home worker (3412)."""
    for name in ("home care worker", "domiciliary care worker", "care at home worker"):
        assert {v.isco08_code for v in iter_variants() if v.text.lower() == name} == {"5322"}


def test_neurologist_is_a_specialist_doctor_only() -> None:
    codes = {v.isco08_code for v in iter_variants() if v.text.lower() == "neurologist"}
    assert codes == {"2212"}


def test_wordnet_words_are_not_lexicon_names() -> None:
    """wordnet_broader.csv.gz is derived from the lexicon: a word that became a lexicon name
    (a curated row, say) means the file is stale; rerun scripts/build-wordnet-occupations."""
    normaliser = Normaliser()
    names = {
        " ".join(normaliser.name_keys(v.text, "en")) for v in iter_variants() if v.lang == "en"
    }
    stale = sorted(w for w in wordnet_broader() if " ".join(normaliser.name_keys(w, "en")) in names)
    assert not stale, f"lexicon names in wordnet_broader.csv.gz: {stale[:10]}"
