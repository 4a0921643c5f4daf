"""Code free-text job titles to ISCO-08 unit groups and ESCO occupations.

`Coder.build()` indexes every lexicon variant (lexicon.py) under its normalised key
(normalise.py). `Coder.code(text)` / `code_many(texts)`:
1. normalise the title into word keys; detect its language;
2. candidates: every lexicon key that occurs as a run of words in the title (exact phrase),
   and the nearest keys by char n-gram TF-IDF cosine (typos, compounds, unseen inflections);
3. score each candidate: the larger of its cosine and its phrase evidence (0.6 + 0.4 × share of
   the title's words it covers), times the source weight, less 20% when the phrase misses the
   title's head noun (Russian: first noun in the nominative; Kyrgyz: last known word), so
   "помощник повара" is not coded as a cook;
4. keep the best variant per unit group, rank, and turn the top score and its margin over the
   runner-up into a confidence in [0, 1];
5. abstain when the title has no occupation word, only vague ones ("менеджер", "мастер"), or the
   confidence is under `abstain_below`.
Pure Python (numpy, scipy, scikit-learn, pymorphy3): no Django, no I/O after build.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from jumush.coding.lexicon import Labels, Variant, iter_variants, load_labels
from jumush.coding.normalise import Lang, Normaliser, Token, detect_language, flatten

MAX_TEXT_LENGTH = 1000
TOP_K = 5
NEAREST = 40


@dataclass(frozen=True)
class Candidate:
    """One ranked answer: ISCO-08 unit group (4-character string), ESCO occupation URI or None,
    a label in the query's language, and the match score in [0, 1]."""

    isco08_code: str
    esco_uri: str | None
    label: str
    score: float


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


@dataclass
class _Entry:
    """All variants that normalise to one key: best weight per ISCO code and the ESCO URI
    of the best variant naming an ESCO occupation."""

    key: str
    codes: dict[str, float] = field(default_factory=dict)
    esco: dict[str, str] = field(default_factory=dict)


@dataclass
class Coder:
    """A built coding index. Build once (`Coder.build()`, a few seconds), then call from any
    number of threads: coding only reads it."""

    normaliser: Normaliser
    labels: Labels
    entries: list[_Entry]
    phrase_index: dict[str, int]
    vectorizer: TfidfVectorizer
    matrix_t: sparse.csr_matrix
    max_phrase_words: int
    abstain_below: float = 0.5

    @classmethod
    def build(cls, variants: Iterable[Variant] | None = None) -> Coder:
        """Index the lexicon (all sources by default). Raises ValueError on an empty lexicon."""
        variants = list(variants if variants is not None else iter_variants())
        if not variants:
            raise ValueError("the coding lexicon is empty")
        normaliser = Normaliser()
        first_pass = [normaliser.tokens(v.text, repair=False, lang=v.lang) for v in variants]
        normaliser.vocab = frozenset(t.key for tokens in first_pass for t in tokens)
        normaliser.english_vocab = frozenset(
            t.key for v, tokens in zip(variants, first_pass, strict=True) if v.lang == "en"
            for t in tokens
        )  # fmt: skip
        by_key: dict[str, _Entry] = {}
        for variant in variants:
            tokens = normaliser.tokens(variant.text, repair=False, lang=variant.lang)
            if not tokens:
                continue
            key = " ".join(t.key for t in tokens)
            entry = by_key.setdefault(key, _Entry(key))
            code = variant.isco08_code
            if variant.weight > entry.codes.get(code, 0.0):
                entry.codes[code] = variant.weight
            if variant.esco_uri and code not in entry.esco:
                entry.esco[code] = variant.esco_uri
        normaliser.vocab = frozenset(w for key in by_key for w in key.split())
        entries = list(by_key.values())
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32
        )
        matrix = vectorizer.fit_transform([flatten(e.key) for e in entries]).tocsr()
        return cls(
            normaliser=normaliser,
            labels=load_labels(),
            entries=entries,
            phrase_index={e.key: i for i, e in enumerate(entries)},
            vectorizer=vectorizer,
            matrix_t=matrix.T.tocsr(),
            max_phrase_words=max(len(e.key.split()) for e in entries),
        )

    def code(self, text: str, *, top_k: int = TOP_K) -> CodingResult:
        """Code one title. Never raises for odd text: it abstains with a reason instead."""
        return self.code_many([text], top_k=top_k)[0]

    def code_many(self, texts: Sequence[str], *, top_k: int = TOP_K) -> list[CodingResult]:
        """Code titles in order, one result each (vectorised: faster than one by one)."""
        prepared: list[tuple[str, list[Token], Lang, str | None]] = []
        for text in texts:
            if len(text) > MAX_TEXT_LENGTH:
                prepared.append((text, [], "other", "too_long"))
                continue
            tokens = self.normaliser.tokens(text)
            lang = detect_language(text, tokens)
            reason = None
            if not text.strip():
                reason = "empty"
            elif not tokens:
                reason = "no_occupation_words"
            prepared.append((text, tokens, lang, reason))
        keys = [flatten(" ".join(t.key for t in tokens)) for _, tokens, _, _ in prepared]
        sims = (self.vectorizer.transform(keys) @ self.matrix_t).tocsr()
        results = []
        for row, (text, tokens, lang, reason) in enumerate(prepared):
            if reason is not None:
                results.append(CodingResult(text, lang, (), 0.0, True, reason))
                continue
            start, end = sims.indptr[row], sims.indptr[row + 1]
            results.append(
                self._rank(text, tokens, lang, sims.indices[start:end], sims.data[start:end], top_k)
            )
        return results

    def _head(self, tokens: list[Token], lang: Lang) -> int | None:
        known = [i for i, t in enumerate(tokens) if t.key in self.normaliser.vocab]
        if not known:
            return None
        if lang == "ky":
            return known[-1]
        if lang == "ru":
            for i in known:
                if tokens[i].nominative:
                    return i
            return known[0]
        return None

    def _rank(
        self,
        text: str,
        tokens: list[Token],
        lang: Lang,
        indices: np.ndarray,
        similarities: np.ndarray,
        top_k: int,
    ) -> CodingResult:
        words = [t.key for t in tokens]
        n = len(words)
        head = self._head(tokens, lang)
        evidence: dict[int, float] = {}
        if len(indices) > NEAREST:
            keep = np.argpartition(-similarities, NEAREST)[:NEAREST]
            indices, similarities = indices[keep], similarities[keep]
        for index, sim in zip(indices.tolist(), similarities.tolist(), strict=True):
            evidence[index] = float(sim)
        for i in range(n):
            for j in range(i + 1, min(n, i + self.max_phrase_words) + 1):
                index = self.phrase_index.get(" ".join(words[i:j]))
                if index is None:
                    continue
                phrase = 0.6 + 0.4 * (j - i) / n
                if head is not None and not i <= head < j:
                    phrase *= 0.8
                evidence[index] = max(evidence.get(index, 0.0), phrase)
        best: dict[str, tuple[float, str | None]] = {}
        for index, strength in evidence.items():
            entry = self.entries[index]
            for code, weight in entry.codes.items():
                score = strength * weight
                if score > best.get(code, (0.0, None))[0]:
                    best[code] = (score, entry.esco.get(code))
        if not best:
            return CodingResult(text, lang, (), 0.0, True, "no_occupation_words")
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:top_k]
        display = lang if lang in ("ky", "ru", "en") else "en"
        candidates = tuple(
            Candidate(code, uri, self._label(code, uri, display), min(1.0, score))
            for code, (score, uri) in ranked
        )
        top = candidates[0].score
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        confidence = 1.0 / (1.0 + math.exp(-(9.0 * (top - 0.62) + 12.0 * (top - runner_up))))
        if self.normaliser.is_vague(tokens):
            return CodingResult(text, lang, candidates, min(confidence, 0.3), True, "vague")
        if confidence < self.abstain_below:
            return CodingResult(text, lang, candidates, confidence, True, "low_confidence")
        return CodingResult(text, lang, candidates, confidence, False)

    def _label(self, code: str, uri: str | None, lang: str) -> str:
        if uri and lang in self.labels.esco.get(uri, {}):
            return self.labels.esco[uri][lang]
        titles = self.labels.isco.get(code, {})
        return titles.get(lang) or titles.get("en", code)
