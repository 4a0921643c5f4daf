"""Code free-text job titles to ISCO-08 unit groups and ESCO occupations.

`Coder.build()` indexes every lexicon variant (lexicon.py) under its normalised key
(normalise.py). `Coder.code(text)` / `code_many(texts)`:
1. normalise the title into word keys; an English person noun the lexicon lacks becomes its
   nearest broader lexicon name from WordNet ("swineherd" -> herder); detect the language;
2. candidates: lexicon keys sharing the title's informative words (IDF-ranked), and the
   nearest keys by char n-gram TF-IDF cosine (typos, compounds, unseen inflections); ties
   never depend on set or hash order, so a title codes the same in every process;
3. score each candidate: 0.4 × char cosine + 0.6 × IDF-weighted F1 of shared words, times the
   source weight, less 20% when it lacks the title's head noun (Russian: first noun in the
   nominative; Kyrgyz and English: last known word), so "помощник повара" is not a cook;
4. keep the best variant per unit group, plus a little for the group's other matching names;
   add the pull of the title's words that variant leaves out towards its group (P(group | word)
   from all names and the ILO descriptions: "silkworm" in "silkworm breeder") and, for English,
   the title's fit to the group's description and to the ISCO major group its head word
   usually names ("manager" -> 1) (constants chosen on held-out lexicon names); raise the
   groups of the material an operator works ("Operator, machine: bevelling (glass)" -> 8181)
   and of the product a farmer grows or raises ("Farmer, barley" -> 6111), and lower the
   groups of the materials an operator's title does not name: ISCO-08 groups plant operators
   and farmers by material and product (rules.toml);
5. rank, and turn the top score and its margin over the runner-up into a confidence in [0, 1];
6. abstain when the title has no occupation word, only vague ones ("менеджер", "мастер"), or the
   confidence is under `abstain_below`.
Pure Python (numpy, scipy, scikit-learn, pymorphy3): no Django, no I/O after build.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from jumush.coding.lexicon import (
    Labels,
    Variant,
    iter_variants,
    load_labels,
    unit_group_descriptions,
    wordnet_broader,
)
from jumush.coding.normalise import (
    CYRILLIC,
    Lang,
    Normaliser,
    Token,
    detect_language,
    english_key,
    flatten,
)
from jumush.core.text import WORD

CALIBRATION_PATH = Path(__file__).resolve().parent / "lexicon" / "calibration.json"
#: Longest text coded, in characters and in words (runs of letters and digits: punctuation does
#: not count). A worker's few sentences about themselves fit ("меня зовут …, работал в Москве
#: сварщиком 5 лет, ищу работу сварщика …": 32 words); longer is a document, not a title, and
#: abstains with reason "too_long" rather than cost time (pymorphy3 guesses at every unknown
#: word of pasted junk).
MAX_TEXT_LENGTH = 1000
MAX_TEXT_WORDS = 60
TOP_K = 5
NEAREST = 40
NEAREST_BY_WORDS = 60
MAX_POSTINGS = 3000
#: Factor on a candidate that lacks the title's head noun ("повар" for "помощник повара").
HEAD_MISSING = 0.8
#: Factor on a candidate that shares only vague words ("помощник") with a title that also
#: names a trade ("помощник продавца").
VAGUE_ONLY = 0.6
#: Score of the elementary occupation of a workplace named with a helper word ("склад
#: жардамчысы" -> 9333); see rules.toml [workplace_helpers].
WORKPLACE_HELPER = 0.95
#: Score of the unit group a driving licence category names ("водитель кат. C" -> 8332).
LICENCE = 1.0
#: Added to the unit groups of the material an operator's title names ("Operator, machine:
#: bevelling (glass)" -> 8181) and of the product a farmer's names ("Farmer, barley" -> 6111);
#: see rules.toml [operator_materials] and [farm_products].
MATERIAL = 0.35
#: Share of its major group's best match a raised group starts from: a product is the whole
#: match ("farmer" matched a group of 6, "corn" picks 6111); a material less, since it may
#: raise several groups of one sub-major group and their own names must decide between them
#: ("textiles": 8151-8159).
PRODUCT_START = 1.0
MATERIAL_START = 0.8
#: Factor on the groups of the other materials when an operator's title names a material:
#: "Operator, machine: drilling (glass)" is no metal machine-tool operator (7223), whatever
#: names say "drilling machine operator".
OTHER_MATERIAL = 0.8
#: Weight of the fit between an English title and a unit group's description, relative to
#: the best-fitting group's.
CONTEXT = 0.2
#: Weight of the title's words that a candidate's name leaves out but that point to its unit
#: group elsewhere in the lexicon or the ILO descriptions ("silkworm" in "silkworm breeder").
RESIDUAL = 1.0
#: Weight of a unit group's other names that match a title of several words (log of 1 + their
#: summed scores): a group many names point to beats one with a single lucky name.
SUPPORT = 0.05
#: Weight of the unit group's posterior under a naive-Bayes model of the title's words (word
#: counts of each group's names, plus its descriptions at DESCRIPTION_COUNT): every word of
#: the title votes, so "pig farmer" goes to livestock producers (6121: "pig breeder", "cattle
#: farmer") rather than to the one name "farmer" (6130).
JOINT = 0.4
#: Weight of the ISCO major group the English title's head word usually names, relative to
#: its most usual one, over the lexicon's English names ending in that word: "manager" names
#: managers (major group 1) far more than professionals (2), so a manager's title leans to
#: the managers of its field rather than to that field's professionals.
HEAD_GROUP = 0.1
#: Fewest English names a head word must end before its major groups count.
HEAD_GROUP_MIN_NAMES = 5
#: Weight of the broader occupation WordNet gives for an English word the lexicon lacks
#: ("ballerina" -> "ballet dancer"), relative to the word's own.
BROADER = 0.7
#: Word overlap and char cosine at which a name matches the title exactly (no joint fit then).
EXACT = 0.999
#: A one-word title this short ("ff", "it", "ок") is coded only when it is a lexicon name as
#: it stands ("dj", "AB"): otherwise it is an abbreviation that names no one occupation.
SHORT_TITLE = 2
#: Temperature of that posterior (the naive-Bayes log-likelihoods are divided by it).
JOINT_TEMPERATURE = 1.0
#: Weight of a description word relative to a word of a name in those counts.
DESCRIPTION_COUNT = 0.3
#: Additive smoothing of the counts.
JOINT_ALPHA = 0.1


@dataclass(frozen=True)
class Candidate:
    """One ranked answer: ISCO-08 unit group (4-character string), ESCO occupation URI or None,
    a label in the query's language, and the match score in [0, 1]."""

    isco08_code: str
    esco_uri: str | None
    label: str
    score: float
    overlap: float = field(default=0.0, compare=False)
    cosine: float = field(default=0.0, compare=False)
    #: The unit group's naive-Bayes posterior given all the title's words (Coder._joint_posterior).
    joint: float = field(default=0.0, compare=False)
    #: Whether the matched name holds the title's head noun.
    head: bool = field(default=True, compare=False)
    #: The ranking score before it is capped at 1 (`score`): margins are taken on it.
    raw: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class CodingResult:
    """The coder's answer for one text.

    `candidates` best first (at most TOP_K); `confidence` in [0, 1] that the first is right;
    `abstain` True when the title is too vague or unclear to code (ask the person), with
    `reason` one of "empty", "too_long", "no_occupation_words", "vague", "low_confidence".
    `lang` is the detected language: ky, ru, en or other.
    """

    text: str
    lang: Lang
    candidates: tuple[Candidate, ...]
    confidence: float
    abstain: bool
    reason: str | None = None

    @property
    def isco08_code(self) -> str | None:
        return None if self.abstain or not self.candidates else self.candidates[0].isco08_code

    @property
    def esco_uri(self) -> str | None:
        return None if self.abstain or not self.candidates else self.candidates[0].esco_uri

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI's --jsonl and the API: text, lang, isco08_code, esco_uri,
        confidence, abstain, reason, alternatives [{isco08_code, esco_uri, label, score}]."""
        return {
            "text": self.text,
            "lang": self.lang,
            "isco08_code": self.isco08_code,
            "esco_uri": self.esco_uri,
            "confidence": round(self.confidence, 4),
            "abstain": self.abstain,
            "reason": self.reason,
            "alternatives": [
                {
                    "isco08_code": c.isco08_code,
                    "esco_uri": c.esco_uri,
                    "label": c.label,
                    "score": round(c.score, 4),
                }
                for c in self.candidates
            ],
        }


#: Names of `confidence_features`, in order (lexicon/calibration.json lists them too).
FEATURES = (
    "top_score",
    "margin",
    "top_overlap",
    "top_cosine",
    "top_joint",
    "joint_margin",
    "top_has_head",
    "exact_name",
)


def confidence_features(candidates: Sequence[Candidate]) -> list[float]:
    """The features confidence is computed from (FEATURES), each in [0, 1] or a difference of
    two: top score and its margin over the runner-up; the top answer's word overlap (F1) and
    char n-gram cosine; its naive-Bayes posterior given all the title's words and that
    posterior's margin over the runner-up's (do the words agree?); 1 when its name holds the
    title's head noun; 1 when the title is one of its names exactly."""
    top = candidates[0]
    second = candidates[1] if len(candidates) > 1 else None
    return [
        top.score,
        min(1.0, max(top.raw, top.score) - (max(second.raw, second.score) if second else 0.0)),
        top.overlap,
        top.cosine,
        _log_share(top.joint),
        _log_share(top.joint) - _log_share(second.joint if second else 0.0),
        float(top.head),
        float(top.overlap >= EXACT and top.cosine >= EXACT),
    ]


def _log_share(p: float) -> float:
    """A posterior on a log scale in [0, 1]: 1e-4 or less -> 0, 1 -> 1."""
    return max(0.0, 1.0 + math.log10(max(p, 1e-4)) / 4)


@dataclass(frozen=True)
class Calibration:
    """Logistic map from `confidence_features` to a probability that the top answer is right,
    fitted by bench/calibrate_coding.py on held-out lexicon variants
    (lexicon/calibration.json), and the confidence under which the coder abstains."""

    coef: tuple[float, ...] = (9.0, 12.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    intercept: float = -4.95
    abstain_below: float = 0.5

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> Calibration:
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["coef"]), float(data["intercept"]), float(data["abstain_below"]))

    def confidence(self, candidates: Sequence[Candidate]) -> float:
        z = self.intercept + sum(
            c * f for c, f in zip(self.coef, confidence_features(candidates), strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class _RuleKeys:
    """The word lists of rules.toml ([workplace_helpers], [operator_materials],
    [farm_products]) keyed as the normaliser keys titles: each word under its own form and
    under its normalised key ("warehouse" -> "warehous")."""

    helpers: frozenset[str]
    workplaces: dict[str, str]
    material_heads: frozenset[str]
    materials: dict[str, tuple[str, ...]]
    #: The unit groups of every material.
    material_codes: frozenset[str]
    farm_heads: dict[str, str]
    farm_products: dict[str, dict[str, str]]
    farm_mixed_words: frozenset[str]
    farm_mixed: dict[str, dict[str, str]]
    farm_words: frozenset[str]

    @classmethod
    def build(cls, normaliser: Normaliser) -> _RuleKeys:
        rules = normaliser.rules

        def keys(word: str) -> set[str]:
            return normaliser.word_keys(word, ("ru", "ky") if CYRILLIC.search(word) else ("en",))

        return cls(
            helpers=frozenset(k for w in rules.workplace_helpers for k in keys(w)),
            workplaces={k: code for w, code in rules.workplaces.items() for k in keys(w)},
            material_heads=frozenset(k for w in rules.material_heads for k in keys(w)),
            materials={k: codes for w, codes in rules.materials.items() for k in keys(w)},
            material_codes=frozenset(c for codes in rules.materials.values() for c in codes),
            farm_heads={k: kind for w, kind in rules.farm_heads.items() for k in keys(w)},
            farm_products={k: c for w, c in rules.farm_products.items() for k in keys(w)},
            farm_mixed_words=frozenset(k for w in rules.farm_mixed_words for k in keys(w)),
            farm_mixed=rules.farm_mixed,
            farm_words=frozenset(k for w in rules.farm_words for k in keys(w)),
        )

    def other_materials(self, words: set[str]) -> frozenset[str]:
        """The unit groups of the materials an operator's title does not name, when it names
        one ([operator_materials]); empty otherwise."""
        if not words & self.material_heads:
            return frozenset()
        named = {c for w in words for c in self.materials.get(w, ())}
        if not named:
            return frozenset()
        return self.material_codes - named

    def raised(self, words: set[str]) -> dict[str, float]:
        """The unit groups the title's words raise: the material an operator works
        ([operator_materials]) and the product a farming head names ([farm_products]; mixed
        farming for a farm that names none: "skilled farm worker" -> 6130).
        {code: the share of its major group's best match it starts from (PRODUCT_START,
        MATERIAL_START)}."""
        codes: dict[str, float] = {}
        if words & self.material_heads:
            codes |= {c: MATERIAL_START for w in words for c in self.materials.get(w, ())}
        kinds = {self.farm_heads[w] for w in words if w in self.farm_heads}
        if kinds - {"subsistence"}:
            if "subsistence" in kinds:
                wanted = ["subsistence"]
            elif "skilled" in kinds:
                wanted = ["skilled"]
            elif "labourer" in kinds:
                wanted = ["labourer"]
            else:
                wanted = ["skilled", "labourer"]
            products = [self.farm_products[w] for w in words if w in self.farm_products]
            sectors = {product["sector"] for product in products}
            if {"crop", "animal"} <= sectors:
                products = [self.farm_mixed["farming"]]
            elif sectors == {"crop"} and words & self.farm_mixed_words:
                products = [self.farm_mixed["crops"]]
            elif not products and words & self.farm_words:
                products = [self.farm_mixed["farming"]]
            for product in products:
                codes |= {product[kind]: PRODUCT_START for kind in wanted}
        return codes


@dataclass
class _Entry:
    """All variants that normalise to one key: best weight per ISCO code, the ESCO URI of
    the best variant naming an ESCO occupation, and its words."""

    key: str
    codes: dict[str, float] = field(default_factory=dict)
    esco: dict[str, str] = field(default_factory=dict)
    words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _EntryCodes:
    """The entries' unit groups as flat arrays, so a title's candidates are scored at once:
    entry i's pairs are `pair_code[ptr[i]:ptr[i + 1]]` (indices into `codes`, 4-character
    ISCO-08 strings) with weights `pair_weight[...]`; `mass[i]` is entry i's summed IDF."""

    codes: tuple[str, ...]
    ptr: np.ndarray
    pair_code: np.ndarray
    pair_weight: np.ndarray
    mass: np.ndarray

    @classmethod
    def build(cls, entries: Sequence[_Entry], idf: dict[str, float]) -> _EntryCodes:
        codes = tuple(sorted({c for e in entries for c in e.codes}))
        index = {c: i for i, c in enumerate(codes)}
        sizes = [len(e.codes) for e in entries]
        return cls(
            codes=codes,
            ptr=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            pair_code=np.array([index[c] for e in entries for c in e.codes], dtype=np.int64),
            pair_weight=np.array([w for e in entries for w in e.codes.values()]),
            mass=np.array([math.fsum(idf[w] for w in e.words) for e in entries]),
        )


@dataclass
class Coder:
    """A built coding index. Build once (`Coder.build()`, a few seconds), then call from any
    number of threads: coding only reads it."""

    normaliser: Normaliser
    labels: Labels
    entries: list[_Entry]
    entry_codes: _EntryCodes
    #: Word key -> indices of the entries holding it, ascending.
    postings: dict[str, np.ndarray]
    idf: dict[str, float]
    max_idf: float
    vectorizer: TfidfVectorizer
    matrix: sparse.csr_matrix
    matrix_t: sparse.csr_matrix
    context_codes: dict[str, int]
    context_vectorizer: TfidfVectorizer
    context_matrix: sparse.csr_matrix
    unit_groups: tuple[str, ...]
    word_rows: dict[str, int]
    word_codes: sparse.csr_matrix
    word_idf: np.ndarray
    #: log(1 + count / JOINT_ALPHA) per word row and unit group, and log of each group's
    #: smoothed total: the naive-Bayes model of `_add_joint_fit`.
    word_loglik: sparse.csr_matrix
    group_log_total: np.ndarray
    #: Words that name an occupation on their own (a lexicon name of one word).
    occupation_words: frozenset[str]
    #: The word lists of rules.toml under the keys titles normalise to: helper and workplace
    #: words, operator and material words, farming heads and products.
    rule_keys: _RuleKeys
    #: Per English head word (the last of a name), the share of each ISCO major group (index
    #: 0-9) among the lexicon names ending in it, divided by the largest share.
    head_groups: dict[str, np.ndarray]
    #: Word key the lexicon lacks -> the word keys of its nearest broader lexicon name
    #: (lexicon.wordnet_broader).
    broader: dict[str, tuple[str, ...]]
    calibration: Calibration = field(default_factory=lambda: Calibration.load())

    @classmethod
    def build(cls, variants: Iterable[Variant] | None = None) -> Coder:
        """Index the lexicon (all sources by default). Raises ValueError on an empty lexicon."""
        variants = list(variants if variants is not None else iter_variants())
        if not variants:
            raise ValueError("the coding lexicon is empty")
        normaliser = Normaliser()
        first_pass = [normaliser.tokens(v.text, repair=False, lang=v.lang) for v in variants]
        by_lang: dict[str, set[str]] = defaultdict(set)
        for variant, tokens in zip(variants, first_pass, strict=True):
            by_lang[variant.lang].update(t.key for t in tokens)
        normaliser.ru_vocab = frozenset(by_lang["ru"])
        normaliser.ky_vocab = frozenset(by_lang["ky"])
        normaliser.english_vocab = frozenset(by_lang["en"])
        normaliser.vocab = frozenset().union(*by_lang.values())
        # Second pass for Kyrgyz entries: case endings off where the stem is a Kyrgyz word
        # ("ашпозчунун жардамчысы" is indexed as "ашпозчу жардамчы").
        first_pass = [
            [Token(normaliser._ky_stem(t.key, keep_known=False), "ky") for t in tokens]
            if v.lang == "ky"
            else tokens
            for v, tokens in zip(variants, first_pass, strict=True)
        ]
        normaliser.ky_vocab = frozenset(
            t.key for v, tokens in zip(variants, first_pass, strict=True) if v.lang == "ky"
            for t in tokens
        )  # fmt: skip
        # A synonym is a word of its target's language, so layout repair and typo correction
        # find it: "ijath" is "шофер" typed on the wrong layout, which reads as "водитель".
        synonyms = normaliser.rules.synonyms.items()
        normaliser.ru_vocab |= {word for word, to in synonyms if to in normaliser.ru_vocab}
        normaliser.ky_vocab |= {word for word, to in synonyms if to in normaliser.ky_vocab}
        normaliser.vocab = normaliser.vocab | normaliser.ru_vocab | normaliser.ky_vocab
        by_key: dict[str, _Entry] = {}
        for variant, tokens in zip(variants, first_pass, strict=True):
            if not tokens:
                continue
            key = " ".join(t.key for t in tokens)
            entry = by_key.setdefault(key, _Entry(key))
            code = variant.isco08_code
            if variant.weight > entry.codes.get(code, 0.0):
                entry.codes[code] = variant.weight
            if variant.esco_uri and code not in entry.esco:
                entry.esco[code] = variant.esco_uri
        entries = list(by_key.values())
        postings: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(entries):
            entry.words = frozenset(entry.key.split())
            for word in entry.words:
                postings[word].append(index)
        idf = {w: math.log(1 + len(entries) / len(ids)) for w, ids in postings.items()}
        vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 4),
            sublinear_tf=True,
            max_df=0.02,
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform([flatten(e.key) for e in entries]).tocsr()
        descriptions = unit_group_descriptions()
        unit_groups = tuple(sorted(descriptions))
        context_codes = {code: i for i, code in enumerate(unit_groups)}
        context_vectorizer = TfidfVectorizer(
            analyzer=str.split, sublinear_tf=True, min_df=2, dtype=np.float32
        )
        description_keys = [
            " ".join(normaliser.name_keys(descriptions[c], "en")) for c in unit_groups
        ]
        context_matrix = context_vectorizer.fit_transform(description_keys).tocsr()
        broader = wordnet_broader()
        normaliser.english_words = frozenset(
            w for k in description_keys for w in k.split()
        ) | frozenset(
            english_key(w) for w in [*broader, *normaliser.rules.rule_words] if w.isascii()
        )
        word_rows, word_codes, word_idf = _word_codes(unit_groups, description_keys, entries)
        word_loglik, group_log_total = _word_likelihoods(
            unit_groups, description_keys, entries, word_rows
        )
        return cls(
            occupation_words=frozenset(e.key for e in entries if " " not in e.key),
            rule_keys=_RuleKeys.build(normaliser),
            head_groups=_head_groups(variants, first_pass),
            broader=_broader_keys(normaliser, frozenset(postings), broader),
            unit_groups=unit_groups,
            word_rows=word_rows,
            word_codes=word_codes,
            word_idf=word_idf,
            word_loglik=word_loglik,
            group_log_total=group_log_total,
            context_codes=context_codes,
            context_vectorizer=context_vectorizer,
            context_matrix=context_matrix,
            normaliser=normaliser,
            labels=load_labels(),
            entries=entries,
            entry_codes=_EntryCodes.build(entries, idf),
            postings={w: np.asarray(ids, dtype=np.int32) for w, ids in postings.items()},
            idf=idf,
            max_idf=max(idf.values()),
            vectorizer=vectorizer,
            matrix=matrix,
            matrix_t=matrix.T.tocsr(),
        )

    def code(self, text: str, *, top_k: int = TOP_K) -> CodingResult:
        """Code one title. Never raises for odd text: it abstains with a reason instead."""
        return self.code_many([text], top_k=top_k)[0]

    def code_many(self, texts: Sequence[str], *, top_k: int = TOP_K) -> list[CodingResult]:
        """Code titles in order, one result each (vectorised: faster than one by one), with up
        to `top_k` candidates. Raises TypeError when `texts` is one string or holds a non-string,
        ValueError when `top_k` is below 1."""
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of titles, not one string")
        if top_k < 1:
            raise ValueError(f"top_k must be 1 or more, not {top_k}")
        bad = next((i for i, t in enumerate(texts) if not isinstance(t, str)), None)
        if bad is not None:
            raise TypeError(f"texts[{bad}] is a {type(texts[bad]).__name__}, not a string")
        if not texts:
            return []
        prepared: list[tuple[str, list[Token], Lang, str | None]] = []
        for text in texts:
            if not text.strip():
                prepared.append((text, [], "other", "empty"))
                continue
            words = itertools.islice(WORD.finditer(text), MAX_TEXT_WORDS + 1)
            if len(text) > MAX_TEXT_LENGTH or sum(1 for _ in words) > MAX_TEXT_WORDS:
                # The language still tells the page which language to ask in.
                lang = detect_language(text[:MAX_TEXT_LENGTH], [], self.normaliser.rules.ky_markers)
                prepared.append((text, [], lang, "too_long"))
                continue
            tokens = self._broaden(self.normaliser.tokens(text))
            lang = detect_language(text, tokens, self.normaliser.rules.ky_markers)
            reason = None
            if not tokens:
                reason = "no_occupation_words"
            prepared.append((text, tokens, lang, reason))
        keys = [flatten(" ".join(t.key for t in tokens)) for _, tokens, _, _ in prepared]
        vectors = self.vectorizer.transform(keys).tocsr()
        word_strings = [" ".join(t.key for t in tokens) for _, tokens, _, _ in prepared]
        context = (
            self.context_vectorizer.transform(word_strings) @ self.context_matrix.T
        ).toarray()
        sims = (vectors @ self.matrix_t).tocsr()
        # One title's similarity row spread over all entries, cleared after each title.
        dense_row = np.zeros(len(self.entries))
        scratch = np.zeros(len(self.entries))
        results = []
        for row, (text, tokens, lang, reason) in enumerate(prepared):
            if reason is not None:
                results.append(CodingResult(text, lang, (), 0.0, True, reason))
                continue
            start, end = sims.indptr[row], sims.indptr[row + 1]
            row_indices, row_values = sims.indices[start:end], sims.data[start:end]
            indices = row_indices
            if len(indices) > NEAREST:
                # The NEAREST most similar, and every entry tied with the last of them.
                cut = np.partition(row_values, len(row_values) - NEAREST)[-NEAREST]
                indices = indices[row_values >= cut]
            dense_row[row_indices] = row_values
            results.append(
                self._rank(text, tokens, lang, dense_row, indices, context[row], scratch, top_k)
            )
            dense_row[row_indices] = 0.0
        return results

    def _broaden(self, tokens: list[Token]) -> list[Token]:
        """Each word the lexicon lacks but WordNet files under a broader lexicon name is
        replaced by that name's words at BROADER × its weight ("ballerina" -> "ballet dancer")."""
        if not self.broader or all(t.key in self.idf for t in tokens):
            return tokens
        out: list[Token] = []
        for token in tokens:
            broader = self.broader.get(token.key) if token.key not in self.idf else None
            if broader:
                out += [Token(k, "en", weight=token.weight * BROADER) for k in broader]
            else:
                out.append(token)
        return out

    def _head(self, tokens: list[Token], lang: Lang) -> int | None:
        """Index of the title's head noun: Russian, the first known noun in the nominative;
        Kyrgyz and English (head-final), the last known word, except that of two Kyrgyz job
        names joined by a hyphen the first is the head ("кампачы-чогултуучу": a storekeeper
        who picks orders), as in the Russian compounds they render."""
        known = [i for i, t in enumerate(tokens) if t.key in self.idf]
        if not known:
            return None
        if lang == "ru":
            for i in known:
                if tokens[i].nominative:
                    return i
            return known[0]
        last = known[-1]
        if (
            lang == "ky"
            and tokens[last].tail
            and last > 0
            and last - 1 in known
            and tokens[last - 1].key in self.occupation_words
            and tokens[last].key in self.occupation_words
        ):
            return last - 1
        return last

    def _candidates(self, words: list[str], near: np.ndarray, scratch: np.ndarray) -> list[int]:
        """Entries sharing an informative word with the title (the NEAREST_BY_WORDS with the
        most IDF mass in common, ties to the lower entry index), plus the char n-gram nearest.
        Vague words ("жардамчы", "помощник") count a tenth when the title has other words,
        so the trade's entries are not crowded out by every "X's helper". Entry indices,
        ascending. `scratch` is zeros, one per entry, and is left so."""
        vague = self.normaliser.vague_words
        has_specific = any(w not in vague for w in words)
        lists: list[np.ndarray] = []
        weights: list[float] = []
        for word in sorted(set(words)):
            postings = self.postings.get(word)
            if postings is None or len(postings) > MAX_POSTINGS:
                continue
            lists.append(postings)
            weights.append(self.idf[word] * (0.1 if has_specific and word in vague else 1.0))
        if not lists:
            return sorted(set(near.tolist()))
        if len(lists) == 1:
            # One word: its entries all have the same mass; the lowest indices win the ties.
            return sorted(set(lists[0][:NEAREST_BY_WORDS].tolist()).union(near.tolist()))
        for postings, weight in zip(lists, weights, strict=True):
            scratch[postings] += weight  # an entry is once in a posting list
        indices = np.sort(np.concatenate(lists))
        indices = indices[np.concatenate(([True], indices[1:] != indices[:-1]))]
        mass = scratch[indices]
        scratch[indices] = 0.0
        if len(indices) > NEAREST_BY_WORDS:
            # The most mass first; of equal mass, the lower entry (indices ascend).
            indices = indices[np.argsort(-mass, kind="stable")[:NEAREST_BY_WORDS]]
        return sorted(set(indices.tolist()).union(near.tolist()))

    def _best_names(
        self,
        candidate_list: list[int],
        query_list: list[str],
        word_mass: dict[str, float],
        query_mass: float,
        head_word: str | None,
        specific: set[str],
        similarity: np.ndarray,
    ) -> tuple[dict[str, tuple[float, str | None, float, float]], dict[str, list[bool]]]:
        """Score the candidate entries (ascending indices) against the title's words
        (`query_list`, sorted; `word_mass` their IDF × weight, `query_mass` the sum) and keep
        each unit group's best: {code: (score, ESCO URI, word overlap F1, char cosine)}, and
        per code which of `query_list` its best name holds. A name's strength is 0.4 × cosine
        + 0.6 × overlap, × HEAD_MISSING without the head noun, × VAGUE_ONLY when it shares
        only vague words with a title that says more; in titles of two words or more a group
        gains SUPPORT × log(1 + its other names' scores)."""
        candidates = np.array(candidate_list, dtype=np.int64)
        # present[i, j]: candidate i's name holds query word j (postings are ascending).
        present = np.zeros((len(candidates), len(query_list)), dtype=bool)
        for j, word in enumerate(query_list):
            postings = self.postings.get(word)
            if postings is not None:
                at = np.minimum(np.searchsorted(postings, candidates), len(postings) - 1)
                present[:, j] = postings[at] == candidates
        table = self.entry_codes
        cosines = similarity[candidates]
        shared_mass = present @ np.array([word_mass[w] for w in query_list])
        shares = present.any(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            precision = np.minimum(1.0, shared_mass / table.mass[candidates])
            recall = np.minimum(1.0, shared_mass / query_mass)
            overlaps = np.where(shares, 2 * precision * recall / (precision + recall), 0.0)
        strength = 0.4 * cosines + 0.6 * overlaps
        # The head noun counts only in titles of two words or more.
        several = len(query_list) > 1
        if head_word is not None and several:
            strength *= np.where(present[:, query_list.index(head_word)], 1.0, HEAD_MISSING)
        if specific:
            # Only "помощник" or "менеджер" in common with a title that says more.
            says = present[:, [j for j, w in enumerate(query_list) if w in specific]].any(axis=1)
            strength *= np.where(shares & ~says, VAGUE_ONLY, 1.0)
        # Every (candidate, unit group) pair, candidates in ascending entry order.
        starts = table.ptr[candidates]
        sizes = table.ptr[candidates + 1] - starts
        owner = np.repeat(np.arange(len(candidates)), sizes)
        pairs = np.arange(len(owner)) + np.repeat(starts - np.cumsum(sizes) + sizes, sizes)
        pair_codes = table.pair_code[pairs]
        scores = strength[owner] * table.pair_weight[pairs]
        support = np.bincount(pair_codes, weights=scores, minlength=len(table.codes))
        # Each group's best pair: highest score, ties to the lower entry.
        order = np.lexsort((owner, -scores, pair_codes))
        first = np.ones(len(order), dtype=bool)
        first[1:] = pair_codes[order][1:] != pair_codes[order][:-1]
        winners = order[first]
        winners = winners[scores[winners] > 0.0]
        rows = present.tolist()
        overlap_of, cosine_of = overlaps.tolist(), cosines.tolist()
        best: dict[str, tuple[float, str | None, float, float]] = {}
        # Per group, which query words (query_list order) its best name holds.
        covered: dict[str, list[bool]] = {}
        for group, score, total, at in zip(
            pair_codes[winners].tolist(),
            scores[winners].tolist(),
            support[pair_codes[winners]].tolist(),
            owner[winners].tolist(),
            strict=True,
        ):
            code = table.codes[group]
            if several:
                # A group many names point to beats one with a single lucky name.
                score += SUPPORT * math.log1p(total - score)
            entry = self.entries[candidate_list[at]]
            best[code] = (score, entry.esco.get(code), overlap_of[at], cosine_of[at])
            covered[code] = rows[at]
        return best, covered

    def _rank(
        self,
        text: str,
        tokens: list[Token],
        lang: Lang,
        similarity: np.ndarray,
        near: np.ndarray,
        context: np.ndarray,
        scratch: np.ndarray,
        top_k: int,
    ) -> CodingResult:
        words = [t.key for t in tokens]
        vague = self.normaliser.vague_words
        specific = {w for w in words if w not in vague}
        # The head skips vague words as rules.toml writes them: an English key that stemming
        # changed ("manag", "assist") stays a possible head ("bricklayer's assistant" is an
        # assistant). Skipping those keys too cost 0.3 points of top-1 on the ILO index titles.
        written_vague = self.normaliser.rules.all_vague
        tokens_for_head = [t for t in tokens if t.key not in written_vague] or tokens
        head = self._head(tokens_for_head, lang)
        head_word = tokens_for_head[head].key if head is not None else None
        query_words = set(words)
        default_idf = self.max_idf
        # Words the lexicon has never seen (brands, streets) cannot match and do not count.
        weights: dict[str, float] = {}
        for t in tokens:
            weights[t.key] = max(weights.get(t.key, 0.0), t.weight)
        query_mass = (
            math.fsum(self.idf.get(w, 0.0) * weights[w] for w in query_words) or default_idf
        )
        word_mass = {w: self.idf.get(w, default_idf) * weights[w] for w in query_words}
        candidate_list = self._candidates(words, near, scratch)
        if not candidate_list:
            # "manager": too common a word to search by, but a job word all the same.
            reason = "vague" if self.normaliser.is_vague(tokens) else "no_occupation_words"
            return CodingResult(text, lang, (), 0.0, True, reason)
        query_list = sorted(query_words)
        best, covered = self._best_names(
            candidate_list, query_list, word_mass, query_mass, head_word, specific, similarity
        )
        several = len(query_words) > 1
        if several:
            self._add_residual_fit(best, covered, query_list, weights)
        posterior = self._joint_posterior(weights)
        joint = {
            code: float(posterior[self.context_codes[code]])
            if posterior is not None and code in self.context_codes
            else 0.0
            for code in best
        }
        # A title of two words or more that is a lexicon name as it stands, in one unit group.
        exact_codes = [c for c, (_, _, ov, cos) in best.items() if ov >= EXACT and cos >= EXACT]
        exact_name = len(query_words) > 1 and len(exact_codes) == 1
        fragment = len(query_words) == 1 and len(words[0]) <= SHORT_TITLE and not exact_codes
        if JOINT and len(query_words) > 1 and not exact_codes:
            # Every word of the title votes (a title that is a lexicon name as it stands keeps
            # that name's unit group): "pig farmer" -> 6121, not the name "farmer" (6130).
            for code, (score, uri, overlap, cosine) in list(best.items()):
                best[code] = (score + JOINT * joint[code], uri, overlap, cosine)
        if lang == "en" and len(query_words) > 1:
            context = context / max(float(context.max()), 1e-6)
            for code, (score, uri, overlap, cosine) in list(best.items()):
                fit = float(context[self.context_codes[code]]) if code in self.context_codes else 0
                best[code] = (score + CONTEXT * fit, uri, overlap, cosine)
        head_groups = self.head_groups.get(words[-1]) if lang == "en" else None
        if head_groups is not None and len(query_words) > 1 and HEAD_GROUP:
            for code, (score, uri, overlap, cosine) in list(best.items()):
                fit = float(head_groups[int(code[0])])
                best[code] = (score + HEAD_GROUP * fit, uri, overlap, cosine)
        rules, keys = self.normaliser.rules, self.rule_keys
        for code in keys.other_materials(query_words) & best.keys():
            score, uri, overlap, cosine = best[code]
            best[code] = (score * OTHER_MATERIAL, uri, overlap, cosine)
        raised = keys.raised(query_words)
        if raised:
            # A raised group starts from (a share of) its major group's best match at least.
            family: dict[str, float] = defaultdict(float)
            for code, (score, *_rest) in best.items():
                family[code[0]] = max(family[code[0]], score)
            for code, share in raised.items():
                start = family.get(code[0], 0.0) * share
                if code in best:
                    score, uri, overlap, cosine = best[code]
                    best[code] = (max(score, start) + MATERIAL, uri, overlap, cosine)
                else:
                    start = max(start, JOINT * joint.get(code, 0.0))
                    best[code] = (start + MATERIAL, None, 0.0, 0.0)
                    covered[code] = [False] * len(query_list)
        ruled: list[tuple[str | None, float]] = []
        if query_words & rules.licence_drivers:
            ruled += [(rules.licence_codes.get(w), LICENCE) for w in query_words]
        if query_words & keys.helpers:
            ruled += [(keys.workplaces.get(w), WORKPLACE_HELPER) for w in query_words]
        for ruled_code, ruled_score in ruled:
            if ruled_code and best.get(ruled_code, (0.0,))[0] < ruled_score:
                best[ruled_code] = (ruled_score, None, 1.0, 1.0)
                covered[ruled_code] = [True] * len(query_list)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[: max(top_k, 2)]
        display = lang if lang in ("ky", "ru", "en") else "en"
        head_at = query_list.index(head_word) if head_word is not None else None
        found = tuple(
            Candidate(
                code,
                uri,
                self._label(code, uri, display),
                min(1.0, score),
                ov,
                cos,
                joint.get(code, 0.0),
                head_at is None or covered[code][head_at],
                score,
            )
            for code, (score, uri, ov, cos) in ranked
        )
        # Confidence looks at the runner-up whatever top_k is, so it never depends on it.
        confidence = self.calibration.confidence(found)
        found = found[:top_k]
        if fragment or (self.normaliser.is_vague(tokens) and not exact_name):
            # "office manager" is a name (3341), though each of its words is vague.
            return CodingResult(text, lang, found, min(confidence, 0.3), True, "vague")
        if confidence < self.calibration.abstain_below:
            return CodingResult(text, lang, found, confidence, True, "low_confidence")
        return CodingResult(text, lang, found, confidence, False)

    def _add_residual_fit(
        self,
        best: dict[str, tuple[float, str | None, float, float]],
        covered: dict[str, list[bool]],
        query_list: list[str],
        weights: dict[str, float],
    ) -> None:
        """Raise each candidate by how well the title's words its best name leaves out point
        to its unit group: RESIDUAL × the IDF-weighted share of P(group | word) over those
        words ("silkworm breeder": "breeder" names livestock breeders, 6121, but "silkworm"
        tips it to 6123, whose ILO description raises silkworms). `covered[code]` says, in
        `query_list` order, which of the title's words the group's best name holds."""
        rows = [(w, self.word_rows[w]) for w in weights if w in self.word_rows]
        codes = [c for c in best if c in self.context_codes]
        if not rows or not codes:
            return
        indptr, indices, data = (
            self.word_codes.indptr,
            self.word_codes.indices,
            self.word_codes.data,
        )
        shares = np.zeros((len(rows), len(self.unit_groups)), dtype=np.float32)
        for i, (_, row) in enumerate(rows):
            shares[i, indices[indptr[row] : indptr[row + 1]]] = data[indptr[row] : indptr[row + 1]]
        mass = np.array([weights[w] for w, _ in rows]) * self.word_idf[[r for _, r in rows]]
        held = np.array([covered[c] for c in codes], dtype=bool)
        left_out = ~held[:, [query_list.index(w) for w, _ in rows]].T
        columns = [self.context_codes[c] for c in codes]
        fits = (shares[:, columns] * left_out * mass[:, None]).sum(axis=0) / mass.sum()
        for code, fit in zip(codes, fits.tolist(), strict=True):
            score, uri, overlap, cosine = best[code]
            best[code] = (score + RESIDUAL * fit, uri, overlap, cosine)

    def _joint_posterior(self, weights: dict[str, float]) -> np.ndarray | None:
        """Each unit group's posterior (`unit_groups` order) given all the title's words under
        a naive-Bayes model (uniform prior, JOINT_TEMPERATURE); None when no word is known."""
        rows = [(self.word_rows[w], weights[w]) for w in weights if w in self.word_rows]
        if not rows:
            return None
        loglik = -sum(wt for _, wt in rows) * self.group_log_total
        indptr, indices, data = (
            self.word_loglik.indptr,
            self.word_loglik.indices,
            self.word_loglik.data,
        )
        for row, wt in rows:
            loglik[indices[indptr[row] : indptr[row + 1]]] += (
                wt * data[indptr[row] : indptr[row + 1]]
            )
        loglik = (loglik - loglik.max()) / JOINT_TEMPERATURE
        posterior: np.ndarray = np.exp(loglik)
        posterior /= posterior.sum()
        return posterior

    def _label(self, code: str, uri: str | None, lang: str) -> str:
        if uri and lang in self.labels.esco.get(uri, {}):
            return self.labels.esco[uri][lang]
        titles = self.labels.isco.get(code, {})
        return titles.get(lang) or titles.get("en", code)


def _broader_keys(
    normaliser: Normaliser, known: frozenset[str], words: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """`words` (lexicon.wordnet_broader) under normalised keys, for words whose key the
    lexicon lacks and that have a broader name."""
    out: dict[str, tuple[str, ...]] = {}
    for word, broader in words.items():
        if not broader:
            continue
        word_keys = normaliser.name_keys(word, "en")
        if len(word_keys) != 1 or word_keys[0] in known:
            continue
        keys = tuple(normaliser.name_keys(broader, "en"))
        if keys and all(k in known for k in keys):
            out[word_keys[0]] = keys
    return out


def _head_groups(
    variants: Sequence[Variant], tokens: Sequence[list[Token]]
) -> dict[str, np.ndarray]:
    """For each word that ends at least HEAD_GROUP_MIN_NAMES English names of the lexicon, the
    share of each ISCO major group (0-9) among those names, divided by the largest share."""
    counts: dict[str, np.ndarray] = {}
    for variant, name in zip(variants, tokens, strict=True):
        if variant.lang == "en" and name:
            row = counts.setdefault(name[-1].key, np.zeros(10, dtype=np.float32))
            row[int(variant.isco08_code[0])] += 1
    return {
        word: row / row.max() for word, row in counts.items() if row.sum() >= HEAD_GROUP_MIN_NAMES
    }


def _word_codes(
    unit_groups: Sequence[str], description_keys: Sequence[str], entries: Sequence[_Entry]
) -> tuple[dict[str, int], sparse.csr_matrix, np.ndarray]:
    """How strongly each word points to each unit group: one row per word key, one column per
    unit group (`unit_groups` order), holding P(group | word) from the word's (sublinear)
    counts in the groups' descriptions and lexicon names; with each word's IDF over groups.
    Returns ({word: row}, the matrix, the IDFs)."""
    column = {code: i for i, code in enumerate(unit_groups)}
    documents = [[key] for key in description_keys]
    for entry in entries:
        for code in entry.codes:
            if code in column:
                documents[column[code]].append(entry.key)
    counter = CountVectorizer(analyzer=str.split, dtype=np.float32)
    counts = counter.fit_transform([" ".join(d) for d in documents]).T.tocsr()
    counts.data = 1 + np.log(counts.data)
    totals = np.asarray(counts.sum(axis=1)).ravel()
    shares = sparse.diags(1 / totals) @ counts
    groups_per_word = np.diff(counts.indptr)
    idf = np.log(1 + len(unit_groups) / groups_per_word).astype(np.float32)
    rows = {str(w): int(i) for w, i in counter.vocabulary_.items()}
    return rows, sparse.csr_matrix(shares, dtype=np.float32), idf


def _word_likelihoods(
    unit_groups: Sequence[str],
    description_keys: Sequence[str],
    entries: Sequence[_Entry],
    word_rows: dict[str, int],
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The naive-Bayes word model of each unit group: counts of each word (`word_rows` order)
    in the group's names (one per name) plus DESCRIPTION_COUNT × its sublinear count in the
    group's descriptions. Returns (log(1 + count / JOINT_ALPHA), shape words × groups; and
    log(total count + JOINT_ALPHA × vocabulary size) per group)."""
    column = {code: i for i, code in enumerate(unit_groups)}
    counter = CountVectorizer(analyzer=str.split, vocabulary=word_rows, dtype=np.float32)
    described = counter.transform(description_keys).T.tocsr()
    described.data = DESCRIPTION_COUNT * (1 + np.log(described.data))
    names: list[list[str]] = [[] for _ in unit_groups]
    for entry in entries:
        for code in entry.codes:
            if code in column:
                names[column[code]].append(" ".join(entry.words))
    named = counter.transform([" ".join(n) for n in names]).T.tocsr()
    counts = (described + named).tocsr()
    totals = np.asarray(counts.sum(axis=0)).ravel()
    log_total = np.log(totals + JOINT_ALPHA * len(word_rows)).astype(np.float32)
    counts.data = np.log1p(counts.data / JOINT_ALPHA).astype(np.float32)
    return counts, log_total
