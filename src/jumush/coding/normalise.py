"""Normalisation of job titles into search keys: the same pipeline for the lexicon and queries.

Steps (each a function here, composed by `Normaliser.tokens`):
1. `clean`: NFKC, control characters made spaces and invisible ones (soft hyphen, zero-width
   space) dropped, casefold, ё→е, look-alike letters folded inside words (Latin o/c/e/a/p/x in
   Cyrillic words, ӊ→ң, ѳ→ө); the caller's text is never altered. Before it, a chunk typed on
   the wrong keyboard layout ("j[hfyybr") is undone when that yields a lexicon word.
2. abbreviations and driving-licence categories (rules.toml), `Noun, qualifier` index order.
3. tokenising on anything but letters and digits; hyphenated compounds split into parts.
4. per token: wrong keyboard layout and Latin transliteration are undone when that yields a
   lexicon word; Russian words lemmatised (pymorphy3) and feminine forms folded; Kyrgyz
   suffixes stripped when the stem is a lexicon word; English plurals singularised.
5. boilerplate ("требуется", "срочно", "керек", "urgent"), places and salary figures removed;
   an unknown English compound is split into lexicon words ("streetsweeper"), and what an
   English title excludes ("except computers") is dropped.
Rules and word lists: lexicon/rules.toml (the project's).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import pymorphy3
import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from jumush.core.text import CONTROL, INVISIBLE, WORD

RULES_PATH = Path(__file__).resolve().parent / "lexicon" / "rules.toml"

Lang = Literal["ky", "ru", "en", "other"]

_STEMMER = snowballstemmer.stemmer("english")
KYRGYZ_LETTERS = frozenset("ңөү")
#: Weight of a word inside brackets relative to one in the title proper.
BRACKETED = 0.4
#: Weight of the words after "/" in a title that names two jobs.
SECOND_JOB = 0.6
CYRILLIC = re.compile(r"[а-яёңөүіїєұқғһә]")
LATIN = re.compile(r"[a-z]")

# Latin letters that look like Cyrillic ones, and the reverse, used only inside a word that is
# otherwise in the other script.
_LATIN_TO_CYRILLIC = str.maketrans(
    {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "m": "м",
     "t": "т", "h": "н", "b": "в", "i": "і", "u": "и", "n": "п"}
)  # fmt: skip
_CYRILLIC_TO_LATIN = str.maketrans(
    {"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "к": "k", "м": "m",
     "т": "t", "н": "h", "в": "b", "і": "i"}
)  # fmt: skip
_LATIN_LOOKALIKES = frozenset(map(chr, _LATIN_TO_CYRILLIC))
_CYRILLIC_LOOKALIKES = frozenset(map(chr, _CYRILLIC_TO_LATIN))
# Old or wrong code points for Kyrgyz letters (ɵ is the Latin barred o), and letters of
# neighbouring alphabets.
_FOLD_LETTERS = str.maketrans(
    {"ӊ": "ң", "ӈ": "ң", "ҥ": "ң", "ѳ": "ө", "ӧ": "ө", "ɵ": "ө", "ӱ": "ү", "ә": "а", "і": "и",
     "ї": "и", "є": "е", "ұ": "у", "қ": "к", "ғ": "г", "һ": "х", "ё": "е", "ʼ": "", "’": "",
     "'": "", "`": "",
     # Small capitals, which NFKC leaves alone ("ᴡᴇʟᴅᴇʀ" from a fancy-text generator).
     **dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz", strict=True))}
)  # fmt: skip

# Russian ЙЦУКЕН keys typed with an English QWERTY layout active, and back.
_QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюе"
_LAYOUT_TO_CYRILLIC = str.maketrans(dict(zip(_QWERTY, _JCUKEN, strict=True)))
_LAYOUT_TO_LATIN = str.maketrans(dict(zip(_JCUKEN, _QWERTY, strict=True)))
# A Latin chunk with a key that is a Russian letter on the ЙЦУКЕН layout: [ ] ; ' ` anywhere,
# or , . before a letter ("gjlcj,ybr", "'ktrnhbr", "[bvbr").
_LAYOUT_CHUNK = re.compile(
    r"(?<!\S)(?=[a-z\[\];',.`]*[a-z])(?=[a-z\[\];',.`]*(?:[\[\];'`]|[,.][a-z]))"
    r"[a-z\[\];',.`]+(?!\S)"
)

# Latin transliteration of Kyrgyz and Russian (common informal conventions, longest first;
# ş ç ğ ı as in the Turkish-based Latin alphabets some Kyrgyz type with: "aşpozçu").
_TRANSLIT = [
    ("shch", "щ"), ("sch", "щ"), ("ier", "ьер"), ("dj", "дж"), ("zh", "ж"), ("ch", "ч"),
    ("sh", "ш"), ("kh", "х"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("yo", "е"), ("ye", "е"), ("ng", "ң"), ("oe", "ө"), ("ue", "ү"),
    ("ö", "ө"), ("ü", "ү"), ("ñ", "ң"), ("ş", "ш"), ("ç", "ч"), ("ğ", "г"), ("ı", "ы"),
    ("j", "ж"), ("c", "ц"), ("a", "а"), ("b", "б"),
    ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("k", "к"),
    ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "ы"),
    ("z", "з"),
]  # fmt: skip
# A vowel then y or i is a vowel and й ("sergey", "aidai"), unless a vowel follows: "shveya" is
# швея, with "ya" for я.
_VOWEL_Y = [(v + g, c + "й") for v, c in zip("aeouы", "аеоуы", strict=True) for g in ("y", "i")]
_TRANSLIT = [*_VOWEL_Y, *_TRANSLIT]
_TRANSLIT_RE = re.compile(
    "|".join(re.escape(a) + ("(?![aeiouy])" if (a, c) in _VOWEL_Y else "") for a, c in _TRANSLIT)
)
_TRANSLIT_MAP = dict(_TRANSLIT)

# Kyrgyz case, plural and possessive endings, longest first (vowel harmony variants).
_KY_SUFFIXES = sorted(
    {
        *(p + s for p in ("л", "д", "т") for s in ("ар", "ер", "ор", "өр")),
        *(p + s for p in ("н", "д", "т") for s in ("ын", "ин", "ун", "үн")),
        *(p + s for p in ("н", "д", "т") for s in ("ы", "и", "у", "ү")),
        *(p + s for p in ("г", "к") for s in ("а", "е", "о", "ө")),
        *(p + s for p in ("д", "т") for s in ("а", "е", "о", "ө")),
        *(p + s + "гы" for p in ("д", "т") for s in ("а", "е", "о", "ө")),
        *(p + s + "н" for p in ("д", "т", "н") for s in ("а", "е", "о", "ө")),
        "сы", "си", "су", "сү", "ы", "и", "у", "ү", "сын", "син", "сун", "сүн",
        "лары", "лери", "лору", "лөрү", "дары", "дери", "тары", "тери",
        "чысы", "чиси", "чусу", "чүсү",
        # After a possessive ending the case endings take a pronominal н: "жайына", "цехинде",
        # "карниздерин".
        "на", "не", "но", "нө", "нда", "нде", "ндо", "ндө", "ын", "ин", "ун", "үн",
        # Personal endings of a predicate noun: "(мен) айдоочумун", "I am a driver"; "(биз)
        # куруучубуз", "we are builders" (б -> п after a voiceless consonant). Wikibooks, A
        # Handbook of Kyrgyz Grammar, "Simple Sentences".
        "мын", "мин", "мун", "мүн",
        *(p + s for p in ("б", "п") for s in ("ыз", "из", "уз", "үз")),
        # The trade as an abstract noun: "тигүүчүлүк" (tailoring), "мугалимдик" (teaching).
        *(p + s for p in ("л", "д", "т") for s in ("ык", "ик", "ук", "үк")),
    },
    key=len,
    reverse=True,
)  # fmt: skip

# Frequent Kyrgyz words with no letter of their own, for telling a title's language.
_KY_MARKERS = frozenset({"керек", "керектелет", "жумуш", "жана", "менен", "боюнча", "kerek"})
_DIGITS = re.compile(r"^\d+$")
_CATEGORY = re.compile(
    r"категории\s+((?:[abcdeавсдеm][1e]?)(?:\s*(?:,|/|и|\+|-)?\s*[abcdeавсдеm][1e]?(?![а-яa-z]))*)"
)
# Kyrgyz puts the letter first: "C категориясы", "E категориялуу", "B, C kategoriyasy".
_CATEGORY_BEFORE = re.compile(
    r"(?<![\w])((?:[abcdeавсде][1e]?)(?:\s*(?:,|/|\+|-|жана)\s*[abcdeавсде][1e]?)*)"
    r"\s+(?:категори|kategori|categor)[\w]*"
)
_EXCEPT = re.compile(r"\b(?:except|excluding|other than)\b[^()]*")
_PERSON_ENDINGS = frozenset({"man", "men", "woman", "women", "girl", "boy", "maid", "person"})
_PAREN = re.compile(r"\(([^()]*)\)")
_CATEGORY_LETTER = str.maketrans({"а": "a", "в": "b", "с": "c", "д": "d", "е": "e"})


#: A stress mark NFC leaves on its own ("сва́рщик", as dictionaries and textbooks print
#: Russian): no letter has it, so it goes.
_STRESS = re.compile("[\u0300\u0301]")


def clean(text: str) -> str:
    """NFKC, casefold, ё→е, control characters made spaces and invisible ones (soft hyphen,
    zero-width space) and stress marks dropped, look-alike letters folded per word.

    NFKC is NFC plus the compatibility folds: full-width "ｗｅｌｄｅｒ" and the ligature in
    "ﬁtter" read as "welder" and "fitter"; й, ё and the Kyrgyz letters stay whole.

    A word mixing the scripts is read in the script of its letters that the other lacks: its
    Latin look-alikes turn Cyrillic in "автoмобиль" (a Latin o) and "ПOBAP" (Latin O, B, A, P
    beside a Cyrillic П), its Cyrillic ones Latin in "wеlder". When both scripts or neither
    have such letters, the majority decides.
    """
    text = _STRESS.sub("", INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))
    text = CONTROL.sub(" ", text).casefold()
    text = text.translate(_FOLD_LETTERS)
    out = []
    for word in text.split():
        has_cyr = bool(CYRILLIC.search(word))
        has_lat = bool(LATIN.search(word))
        if has_cyr and has_lat:
            # A letter only one script has decides ("пoвap": п), else the majority does.
            cyr_only = any(CYRILLIC.match(ch) and ch not in _CYRILLIC_LOOKALIKES for ch in word)
            lat_only = any(LATIN.match(ch) and ch not in _LATIN_LOOKALIKES for ch in word)
            if cyr_only != lat_only:
                cyrillic = cyr_only
            else:
                cyr = sum(1 for ch in word if CYRILLIC.match(ch))
                cyrillic = cyr >= sum(1 for ch in word if LATIN.match(ch))
            word = (
                word.translate(_LATIN_TO_CYRILLIC)
                if cyrillic
                else word.translate(_CYRILLIC_TO_LATIN)
            )
        out.append(word.translate(_FOLD_LETTERS))
    return " ".join(out)


def flatten(key: str) -> str:
    """The search key with ң ө ү written as н о у, as people type without Kyrgyz keyboards."""
    return key.replace("ң", "н").replace("ө", "о").replace("ү", "у")


def _loose(word: str) -> str:
    """A spelling key that forgives what informal Kyrgyz writing loses: ң ө ү as н о у, and
    ы/и, э/е confused (Latin "i" stands for both)."""
    return flatten(word).replace("ы", "и").replace("э", "е")


#: The endings that inflect a word without making another word (no agent -чы).
_KY_INFLECTIONS = tuple(s for s in _KY_SUFFIXES if not s.startswith("ч"))
# The Kyrgyz endings as informal writing spells them, longest first.
_KY_SUFFIXES_LOOSE = tuple(sorted({_loose(s) for s in _KY_SUFFIXES}, key=len, reverse=True))


def transliterate(word: str) -> str:
    """Latin (informal Kyrgyz or Russian spelling) to Cyrillic: "aidoochu" -> "айдоочу"."""
    return _TRANSLIT_RE.sub(lambda m: _TRANSLIT_MAP[m.group(0)], word)


def transliterations(word: str) -> tuple[str, ...]:
    """Every Cyrillic reading of a Latin word, the usual first: "shch" is Russian щ, then
    Kyrgyz ш + ч ("jumushchu" -> "жумущу", "жумушчу")."""
    readings = [transliterate(word)]
    if "shch" in word:
        readings.append("шч".join(transliterate(part) for part in word.split("shch")))
    return tuple(readings)


def from_layout(word: str) -> str:
    """Undo typing with the wrong keyboard layout: "cdfhobr" -> "сварщик"."""
    return word.translate(_LAYOUT_TO_CYRILLIC)


def to_layout(word: str) -> str:
    """Cyrillic typed with an English word in mind: "цудвук" -> "welder"."""
    return word.translate(_LAYOUT_TO_LATIN)


@lru_cache(maxsize=200_000)
def _analyse(word: str) -> tuple[bool, tuple[tuple[str, str | None, str | None], ...]]:
    """Whether pymorphy3's dictionary knows the word, and every (lemma, part of speech, case)
    it offers, most likely first (one dictionary look-up, cached)."""
    parses = _morph().parse(word)
    return bool(parses[0].is_known), tuple(
        (p.normal_form.replace("ё", "е"), p.tag.POS, p.tag.case) for p in parses
    )


def _parse(word: str) -> tuple[str, str | None, str | None, bool]:
    """(lemma, part of speech, case, known) of the most likely reading."""
    known, parses = _analyse(word)
    lemma, pos, case = parses[0]
    return lemma, pos, case, known


def _lemmas(word: str) -> tuple[tuple[str, str | None, str | None], ...]:
    """Every (lemma, part of speech, case) reading of the word."""
    return _analyse(word)[1]


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


_VOWELS = frozenset("аеиоуыэюяөү")
_KY_PLURAL = tuple(p + s for p in ("л", "д", "т") for s in ("ар", "ер", "ор", "өр"))


def ky_singular(word: str) -> str:
    """Kyrgyz plural and 3rd-person possessive endings removed: "ашпозчулар" -> "ашпозчу",
    "айдоочулары" -> "айдоочу", "жардамчысы" -> "жардамчы". A Russian loanword keeps what
    only looks like a plural ("оператор", not "опера" + -тор): "оператору" -> "оператор",
    "слесары" -> "слесарь"."""
    loan = _russian_loan(word)
    if loan is not None:
        return loan
    if word.endswith(("сы", "си", "су", "сү")) and len(word) >= 6 and word[-3] in _VOWELS:
        return word[:-2]
    for suffix in ("ы", "и", "у", "ү", ""):
        for plural in _KY_PLURAL:
            ending = plural + suffix
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
    return word


def _russian_noun(word: str) -> bool:
    """True when pymorphy3's dictionary has `word` as the dictionary form of a noun."""
    known, parses = _analyse(word)
    return known and any(lemma == word and pos == "NOUN" for lemma, pos, _ in parses)


def _russian_loan(word: str) -> str | None:
    """The Russian noun a Kyrgyz word is, as is or with the 3rd-person possessive vowel (and
    a soft sign Kyrgyz spelling drops): "оператор", "оператору" -> "оператор", "слесары" ->
    "слесарь". None when it is no such word."""
    if len(word) < 5 or KYRGYZ_LETTERS & set(word):
        return None
    if _russian_noun(word):
        return word
    if word[-1] in "ыиуү":
        for stem in (word[:-1], word[:-1] + "ь"):
            if _russian_noun(stem):
                return stem
    return None


@lru_cache(maxsize=100_000)
def _ky_inflected(word: str, stems: frozenset[str]) -> bool:
    """True when `word` is one of `stems` with one or two Kyrgyz endings ("иштери" is "иш"
    with plural and possessive endings). Stems of two letters count: "иш" (work). The agent
    ending -чы is no inflection: "жумушчусу" (its worker) is not "жумуш" (work). A Russian
    noun with or without an ending is not one: "ментор" is no "мен" (I) + "-тор", nor is
    "ментормун" ("I am a mentor")."""
    if not CYRILLIC.search(word):
        return False
    for suffix in _KY_INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if stem in stems:
                return not _russian_loan(word)
            if any(
                stem.endswith(suffix2)
                and len(stem) - len(suffix2) >= 2
                and stem[: -len(suffix2)] in stems
                for suffix2 in _KY_INFLECTIONS
            ):
                return not (_russian_loan(word) or _russian_loan(stem))
    return False


_EN_SPELLING = [
    ("isation", "ization"),
    ("anaes", "anes"),
    ("paed", "ped"),
    ("haem", "hem"),
    ("oedem", "edem"),
    ("labour", "labor"),
    ("colour", "color"),
    ("harbour", "harbor"),
    ("adviser", "advisor"),
    ("jewellery", "jewelry"),
    ("programme", "program"),
    ("tyre", "tire"),
    ("centre", "center"),
    ("metre", "meter"),
]


def english_key(word: str) -> str:
    """The search key of an English word: British spellings folded to American ones
    (labour -> labor, adviser -> advisor, -woman -> -man), plural removed, then the Snowball
    English stem (welding and weld, assembler and assembly share a key)."""
    for british, american in _EN_SPELLING:
        if british in word:
            word = word.replace(british, american)
    if word.endswith(("woman", "women")) and len(word) > 6:
        word = word[:-5] + "man"
    if word.endswith("iser") and len(word) > 6:
        word = word[:-4] + "izer"
    if len(word) <= 3:
        return word
    return _english_stem(word)


@lru_cache(maxsize=100_000)
def _english_stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


@dataclass(frozen=True)
class Token:
    """One normalised word: `key` (lemma or stem), its script-derived `lang` hint, and whether
    it was a Russian noun in the nominative (a head-noun candidate)."""

    key: str
    lang: Lang
    nominative: bool = False
    #: 1 in the title proper; less inside brackets, which usually add a brand, a place or a
    #: detail ("Барбер (TOPGAN)").
    weight: float = 1.0
    #: The word follows "-" in a hyphenated compound ("кассир" in "бариста-кассир").
    tail: bool = False


@dataclass
class Rules:
    """Word lists and patterns from rules.toml."""

    boilerplate: dict[str, frozenset[str]]
    boilerplate_phrases: list[tuple[str, ...]]
    vague: dict[str, frozenset[str]]
    abbreviations: list[tuple[re.Pattern[str], str]]
    places: frozenset[str]
    gender_suffixes: list[tuple[str, str]]
    gender_words: dict[str, str]
    workplace_helpers: frozenset[str] = frozenset()
    workplaces: dict[str, str] = field(default_factory=dict)
    address_words: frozenset[str] = frozenset()
    synonyms: dict[str, str] = field(default_factory=dict)
    licence_drivers: frozenset[str] = frozenset()
    licence_codes: dict[str, str] = field(default_factory=dict)
    #: A driver's word (rules.toml [licence] drivers and their Latin spellings, in any form)
    #: then a licence letter: "водитель C", "айдоочу С", "driver C", "voditel B".
    driver_letter: re.Pattern[str] = re.compile(r"(?!)")
    #: Operator words and, per material word, the unit groups it raises ([operator_materials]).
    material_heads: frozenset[str] = frozenset()
    materials: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Farming head words -> their kind (skilled, labourer, either, subsistence), and per
    #: product word its unit group of each kind ([farm_products]).
    farm_heads: dict[str, str] = field(default_factory=dict)
    farm_products: dict[str, dict[str, str]] = field(default_factory=dict)
    #: "mixed" words, and the groups of mixed farming and of mixed crops, per kind.
    farm_mixed_words: frozenset[str] = frozenset()
    farm_mixed: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Words for a farm: with a farming head and no product, mixed farming.
    farm_words: frozenset[str] = frozenset()

    @cached_property
    def all_boilerplate(self) -> frozenset[str]:
        """Boilerplate words of every language."""
        return frozenset().union(*self.boilerplate.values())

    @cached_property
    def rule_words(self) -> frozenset[str]:
        """The material and farm-product words: real words, never "corrected"."""
        return frozenset(self.materials) | frozenset(self.farm_products)

    @cached_property
    def all_vague(self) -> frozenset[str]:
        """Vague words of every language."""
        return frozenset().union(*self.vague.values())

    @cached_property
    def ky_markers(self) -> frozenset[str]:
        """Words that show a title is Kyrgyz though all its job words are loanwords
        ("Транспорт боюнча механик"): the Kyrgyz boilerplate that is no Russian or English
        boilerplate and no Russian word."""
        others = frozenset().union(*(v for k, v in self.boilerplate.items() if k != "ky"))
        ky = self.boilerplate.get("ky", frozenset()) - others
        return _KY_MARKERS | frozenset(w for w in ky if not _analyse(w)[0])

    @classmethod
    def load(cls, path: Path = RULES_PATH) -> Rules:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        boiler = {lang: [clean(w) for w in words] for lang, words in data["boilerplate"].items()}
        return cls(
            boilerplate={k: frozenset(w for w in v if " " not in w) for k, v in boiler.items()},
            boilerplate_phrases=sorted(
                {tuple(w.split()) for v in boiler.values() for w in v if " " in w},
                key=len,
                reverse=True,
            ),
            vague={k: frozenset(clean(w) for w in v) for k, v in data["vague"].items()},
            abbreviations=[(re.compile(a["pattern"]), a["replace"]) for a in data["abbreviation"]],
            places=frozenset(clean(w) for w in data["places"]["all"]),
            gender_suffixes=[(a, b) for a, b in data["gender"]["suffixes"]],
            gender_words={clean(k): clean(v) for k, v in data["gender"]["words"].items()},
            workplace_helpers=frozenset(clean(w) for w in data["workplace_helpers"]["helpers"]),
            workplaces={
                clean(word): code
                for code, words in data["workplace_helpers"]["places"].items()
                for word in words
            },
            address_words=frozenset(clean(w) for w in data["address"]["words"]),
            synonyms={clean(k): clean(v) for k, v in data["synonyms"].items()},
            licence_drivers=frozenset(clean(w) for w in data["licence"]["drivers"]),
            licence_codes={"кат" + k: v for k, v in data["licence"].items() if isinstance(v, str)},
            driver_letter=re.compile(
                "((?:"
                + "|".join(
                    re.escape(clean(w).rstrip("ь"))
                    for w in [*data["licence"]["drivers"], *data["licence"]["spellings"]]
                )
                + r")\w*)\s+([abcdeавсде][1e]?)(?![\w])"
            ),
            material_heads=frozenset(clean(w) for w in data["operator_materials"]["heads"]),
            materials={
                clean(word): tuple(family["codes"])
                for family in data["operator_materials"]["family"]
                for word in family["words"]
            },
            farm_heads={
                clean(word): kind
                for kind in ("skilled", "labourer", "either", "subsistence")
                for word in data["farm_products"][kind]
            },
            farm_products={
                clean(word): {**family["codes"], "sector": family["sector"]}
                for family in data["farm_products"]["family"]
                for word in family["words"]
            },
            farm_mixed_words=frozenset(clean(w) for w in data["farm_products"]["mixed"]),
            farm_words=frozenset(clean(w) for w in data["farm_products"]["farm"]),
            farm_mixed={
                "farming": dict(data["farm_products"]["mixed_farming"]),
                "crops": dict(data["farm_products"]["mixed_crops"]),
            },
        )


#: Words shorter than this are not corrected: too many near neighbours.
MIN_CORRECTED = 5
#: Most corrections remembered per vocabulary.
MAX_CORRECTIONS = 100_000


@dataclass(frozen=True)
class _Speller:
    """Typo correction against one vocabulary: its words by (length, first letter), and those
    holding ь or ъ by their spelling without them (the first in sort order when two share
    one); corrections already made are remembered."""

    buckets: dict[tuple[int, str], list[str]]
    signless: dict[str, str]
    cache: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, vocab: frozenset[str]) -> _Speller:
        buckets: dict[tuple[int, str], list[str]] = {}
        signless: dict[str, str] = {}
        for w in sorted(vocab):
            buckets.setdefault((len(w), w[0]), []).append(w)
            if "ь" in w or "ъ" in w:
                signless.setdefault(w.replace("ь", "").replace("ъ", ""), w)
        return cls(buckets, signless)

    def correct(self, word: str) -> str | None:
        """The vocabulary word one typo away (two for words of 8+ letters) that starts with the
        same letter, or None. Typists seldom get the first letter wrong, and a real word that
        differs from a vocabulary word there is usually another word ("limnologist" is no
        misspelt "sinologist"). A word that is a vocabulary word less its ь or ъ is that word
        first."""
        if word in self.cache:
            return self.cache[word]
        # A soft or hard sign left out is the likeliest slip, and Latin spelling has none:
        # "kurer" -> "курер" is "курьер", not "кучер", though both are one letter away.
        found = self.signless.get(word)
        if found is None:
            limit = 1 if len(word) < 8 else 2
            best: tuple[str, float] | None = None
            for n in range(len(word) - limit, len(word) + limit + 1):
                hit = process.extractOne(
                    word,
                    self.buckets.get((n, word[0]), ()),
                    scorer=Levenshtein.distance,
                    score_cutoff=limit,
                )
                if hit and (best is None or hit[1] < best[1]):
                    best = (str(hit[0]), hit[1])
            found = best[0] if best else None
        if len(self.cache) < MAX_CORRECTIONS:
            self.cache[word] = found
        return found


@dataclass
class Normaliser:
    """Turns text into tokens for indexing and look-up.

    `vocab` is the set of word keys the lexicon uses, `ru_vocab`, `ky_vocab` and
    `english_vocab` those of its Russian, Kyrgyz and English entries (filled by the lexicon
    builder); the layout, transliteration, gender and Kyrgyz-stem repairs only fire when they
    produce a word in them, so unknown words pass through unchanged. `english_words` are the
    English word keys of the ILO and ESCO descriptions: real words that no lexicon name uses
    ("wheat", "silkworm") are kept as they are, never "corrected" to a lexicon word one letter
    away ("heat") nor split into two. Thread-safe for reading once built.
    """

    rules: Rules = field(default_factory=Rules.load)
    vocab: frozenset[str] = frozenset()
    english_vocab: frozenset[str] = frozenset()
    english_words: frozenset[str] = frozenset()
    ru_vocab: frozenset[str] = frozenset()
    ky_vocab: frozenset[str] = frozenset()

    def prepare(self, text: str, *, layout: bool = False) -> str:
        """Russian typed on the English layout undone (with `layout`), `clean`, then address
        groups dropped, abbreviations, licence categories and `Noun, qualifier` order."""
        if layout:
            # Before `clean`, which drops the apostrophe that is э on the ЙЦУКЕН layout.
            lowered = text.casefold()
            if _LAYOUT_CHUNK.search(lowered):
                text = _LAYOUT_CHUNK.sub(self._layout_chunk, lowered)
        text = _PAREN.sub(self._drop_address, clean(text))
        for pattern, replacement in self.rules.abbreviations:
            text = pattern.sub(replacement, text)
        text = _CATEGORY.sub(self._categories, text)
        text = _CATEGORY_BEFORE.sub(self._categories, text)
        text = self.rules.driver_letter.sub(
            lambda m: f"{m.group(1)} кат{m.group(2).translate(_CATEGORY_LETTER)}", text
        )
        if not CYRILLIC.search(text):
            # "Analyst, communications: except computers": what is excluded says nothing.
            text = _EXCEPT.sub(" ", text)
        if "," in text and not CYRILLIC.search(text):
            # ILO index style "Driver, taxi" / "Operator, machine: finishing": English is
            # head-final, so the head noun goes last: "finishing machine operator".
            head, _, rest = text.partition(",")
            qualifier, _, note = rest.partition(":")
            text = f"{note} {qualifier} {head}"
        return text

    def _drop_address(self, match: re.Match[str]) -> str:
        inner = match.group(1)
        words = set(WORD.findall(inner))
        if any(ch.isdigit() for ch in inner) or words & self.rules.address_words:
            return " "
        return f" ( {inner} ) "

    @staticmethod
    def _categories(match: re.Match[str]) -> str:
        letters = re.findall(r"[abcdeавсдеm][1e]?", match.group(1))
        return " ".join("кат" + letter.translate(_CATEGORY_LETTER) for letter in letters)

    def name_keys(self, text: str, lang: str) -> list[str]:
        """The word keys of a name whose language `lang` is known, as the index keys its
        lexicon entries (`tokens(text, repair=False, lang=lang)`): "Warehouse helpers" ->
        ["warehous", "helper"]."""
        return [t.key for t in self.tokens(text, repair=False, lang=lang)]

    def tokens(self, text: str, *, repair: bool = True, lang: str | None = None) -> list[Token]:
        """Normalised tokens of `text`, boilerplate, places and bare numbers removed.

        For lexicon entries pass `lang` (their known language) and `repair=False`: Kyrgyz words
        then only lose plural and possessive endings ("ашпозчулар" -> "ашпозчу"), Russian ones
        are lemmatised, English ones singularised. For queries (`lang=None`) each word's
        language is worked out from the vocabularies, and layout and transliteration mistakes
        are repaired when that yields a lexicon word.
        """
        prepared = self.prepare(text, layout=repair and bool(self.vocab))
        out: list[Token] = []
        depth = 0
        seen_job = False
        for part in re.split(r"([()/|;])", prepared):
            if part in ("(", ")"):
                depth = max(0, depth + (1 if part == "(" else -1))
                continue
            if part in ("/", "|", ";"):
                seen_job = seen_job or bool(out)
                continue
            # A title naming two jobs ("Продавец / кассир") is coded to the first.
            weight = (BRACKETED if depth else 1.0) * (SECOND_JOB if seen_job else 1.0)
            for token in self._words(part, repair=repair, lang=lang):
                out.append(token if weight == 1.0 else replace(token, weight=weight))
        return out

    def _words(self, text: str, *, repair: bool, lang: str | None) -> list[Token]:
        # A word after "-" inside a compound ("бариста-кассир") is marked: Kyrgyz takes the
        # first of two jobs so joined as the head, as Russian does.
        found = [
            (
                m.group(0),
                m.start() >= 2 and text[m.start() - 1] == "-" and text[m.start() - 2].isalnum(),
            )
            for m in WORD.finditer(text)
        ]
        out: list[Token] = []
        for word, tail in self._drop_phrases(found):
            if self._dropped(word):
                continue
            token = self._token(word, repair=repair, lang=lang)
            if token is None or self._dropped_key(token.key):
                continue
            synonym = self.rules.synonyms.get(token.key)
            if synonym:
                token = replace(token, key=synonym)
            if tail:
                token = replace(token, tail=True)
            if (
                repair
                and token.lang == "en"
                and token.key not in self.english_vocab
                and token.key not in self.english_words
            ):
                out.extend(self._compound(word) or [token])
            else:
                out.append(token)
        return out

    def _compound(self, word: str) -> list[Token]:
        """An unknown English compound split into lexicon words: "stonecutter" -> stone
        cutter, "streetsweeper" -> street sweeper; "-man", "-woman", "-girl", "-boy" and
        "-maid" compounds keep their first part ("cellarman" -> cellar). Empty when no split
        gives known words (each part 3 letters or more; the longest last part wins)."""
        for i in range(3, len(word) - 2):
            first, last = english_key(word[:i]), word[i:]
            if first not in self.english_vocab:
                continue
            if last in _PERSON_ENDINGS:
                return [Token(first, "en")]
            if english_key(last) in self.english_vocab:
                return [Token(first, "en"), Token(english_key(last), "en")]
        return []

    def _dropped(self, word: str) -> bool:
        """Whether a word as written is boilerplate or a place: a place in any Russian case
        ("в Казани", though "казан" is a Kyrgyz word), either with Kyrgyz endings ("иштери",
        "жумуштарга", "Москвада")."""
        return (
            self._dropped_key(word)
            or (CYRILLIC.search(word) is not None and _parse(word)[0] in self.rules.places)
            or _ky_inflected(word, self._ky_droppable)
        )

    def _dropped_key(self, key: str) -> bool:
        """Whether a word or its normalised key is boilerplate or a place as it stands."""
        return key in self._boilerplate or key in self.rules.places

    @property
    def _boilerplate(self) -> frozenset[str]:
        return self.rules.all_boilerplate

    @cached_property
    def _ky_droppable(self) -> frozenset[str]:
        """Kyrgyz boilerplate and the places: dropped with Kyrgyz endings too."""
        return self.rules.boilerplate.get("ky", frozenset()) | self.rules.places

    def _layout_chunk(self, match: re.Match[str]) -> str:
        """A Latin chunk with [ ] ; ' , . inside ("j[hfyybr"): Russian typed on an English
        layout when its Cyrillic reading is a lexicon word."""
        chunk = match.group(0)
        cyrillic = from_layout(chunk)
        return cyrillic if self._cyrillic(cyrillic).key in self.vocab else chunk

    def _drop_phrases(self, words: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """`words` (each with its compound-tail flag) less the boilerplate phrases."""
        if not self.rules.boilerplate_phrases:
            return words
        plain = tuple(w for w, _ in words)
        out: list[tuple[str, bool]] = []
        i = 0
        while i < len(words):
            for phrase in self.rules.boilerplate_phrases:
                if plain[i : i + len(phrase)] == phrase:
                    i += len(phrase)
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def _token(self, word: str, *, repair: bool, lang: str | None) -> Token | None:
        if _DIGITS.match(word) or (len(word) == 1 and not word.isdigit()):
            return None
        if word.startswith("кат") and len(word) <= 5 and word[3:4] in "abcdem":
            return Token(word, "other")
        if not CYRILLIC.search(word) and not LATIN.search(word):
            return Token(word, "other")  # another script (Korean, Arabic...): no match here
        if LATIN.search(word) and not CYRILLIC.search(word):
            return self._latin(word, repair=repair)
        if lang == "ky":
            return Token(ky_singular(word), "ky")
        if lang == "ru":
            lemma, pos, case, _known = _parse(word)
            return Token(self._ungender(lemma), "ru", pos == "NOUN" and case == "nomn")
        if repair and self.english_vocab and word not in self.vocab:
            latin = to_layout(word)
            if latin in self.english_vocab:
                return Token(english_key(latin), "en")
        return self._cyrillic(word)

    def _latin(self, word: str, *, repair: bool) -> Token | None:
        singular = english_key(word)
        if not repair or not self.vocab:
            return Token(singular, "en")
        if word in self.english_vocab or singular in self.english_vocab:
            return Token(singular, "en")
        layout = from_layout(word)
        if layout in self.vocab:
            return self._cyrillic(layout)
        if singular in self.english_words:
            return Token(singular, "en")
        readings = transliterations(word)
        if readings[0] in self._boilerplate:
            return Token(readings[0], "ky")
        # A reading that is a lexicon word as it stands beats one that needs correcting:
        # "kurulushchu" is "курулушчу", not "курулущу" corrected to some other word.
        readings = (
            *(r for r in readings if r in self.vocab),
            *(r for r in readings if r not in self.vocab),
        )
        for reading in readings:
            token = self._cyrillic(reading)
            if token.key in self.vocab:
                return token
        corrected = self.correct(singular, self.english_vocab)
        if corrected is not None:
            return Token(corrected, "en")
        return Token(singular, "en")

    def _cyrillic(self, word: str) -> Token:
        """A Cyrillic query word: Kyrgyz when the Kyrgyz vocabulary knows it (or its stem, or
        its spelling without ң ө ү), else Russian when pymorphy3 knows it, else as typed."""
        if KYRGYZ_LETTERS & set(word):
            return Token(self._ky_stem(word), "ky")
        lemma, pos, case, known = _parse(word)
        ru_lemma = self._ungender(lemma)
        if ru_lemma in self.ru_vocab:
            return Token(ru_lemma, "ru", pos == "NOUN" and case == "nomn")
        for other, other_pos, other_case in _lemmas(word)[1:]:
            other = self._ungender(other)
            if other in self.ru_vocab:
                return Token(other, "ru", other_pos == "NOUN" and other_case == "nomn")
        if word in self.ky_vocab:
            return Token(word, "ky")
        stem = self._ky_stem(word)
        if stem != word:
            return Token(stem, "ky")
        unflat = self._unflatten.get(_loose(word)) or self._unflatten.get(self._ky_stem_flat(word))
        if unflat:
            return Token(unflat, "ky")
        if known:
            return Token(ru_lemma, "ru", pos == "NOUN" and case == "nomn")
        corrected = self.correct(word, self.vocab)
        if corrected is not None:
            if self._ungender(corrected) in self.ru_vocab:
                return Token(self._ungender(corrected), "ru")
            return Token(corrected, "ky")
        return Token(word, "ru")

    def correct(self, word: str, vocab: frozenset[str]) -> str | None:
        """`word` corrected against `vocab` (see _Speller.correct), or None."""
        if len(word) < MIN_CORRECTED or not vocab:
            return None
        spellers: dict[frozenset[str], _Speller] = self.__dict__.setdefault("_spellers", {})
        speller = spellers.get(vocab)
        if speller is None:
            speller = spellers[vocab] = _Speller.build(vocab)
        return speller.correct(word)

    @property
    def _unflatten(self) -> dict[str, str]:
        """Kyrgyz vocabulary words by their spelling without ң ө ү ("жук" -> "жүк")."""
        cached: dict[str, str] | None = self.__dict__.get("_unflatten_cache")
        if cached is None or self.__dict__.get("_unflatten_for") is not self.ky_vocab:
            cached = {}
            for w in sorted(self.ky_vocab):
                cached.setdefault(_loose(w), w)
            self.__dict__["_unflatten_cache"] = cached
            self.__dict__["_unflatten_for"] = self.ky_vocab
        return cached

    def _ky_stem_flat(self, word: str) -> str:
        loose = _loose(word)
        for suffix in _KY_SUFFIXES_LOOSE:
            if loose.endswith(suffix) and len(loose) - len(suffix) >= 3:
                stem = loose[: -len(suffix)]
                if stem in self._unflatten:
                    return stem
        return loose

    def _ungender(self, lemma: str) -> str:
        if lemma in self.rules.gender_words:
            return self.rules.gender_words[lemma]
        if not self.ru_vocab or lemma in self.ru_vocab:
            return lemma
        for suffix, replacement in self.rules.gender_suffixes:
            if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
                candidate = lemma[: -len(suffix)] + replacement
                if candidate in self.ru_vocab:
                    return candidate
        return lemma

    def _ky_stem(self, word: str, *, keep_known: bool = True) -> str:
        """Strip one or two Kyrgyz endings when what is left is a Kyrgyz vocabulary word.
        A word that is itself in the vocabulary is kept unless `keep_known=False`."""
        if not self.ky_vocab or (keep_known and word in self.ky_vocab):
            return word
        # Russian loanwords take Kyrgyz endings too: "фабрикада", "складка", "цехке"; a
        # loanword itself is never cut ("инкубатор" is not "инкуба" + -тор).
        vocab = self.vocab
        singular = ky_singular(word)
        if (singular != word and singular in vocab) or _russian_noun(word):
            return singular
        for suffix in _KY_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                stem = word[: -len(suffix)]
                if found := self._in_vocab(stem):
                    return found
                for suffix2 in _KY_SUFFIXES:
                    if stem.endswith(suffix2) and len(stem) - len(suffix2) >= 3:
                        if found := self._in_vocab(stem[: -len(suffix2)]):
                            return found
        return word

    def _in_vocab(self, stem: str) -> str | None:
        """`stem` when it is a lexicon word, or with the soft sign Kyrgyz spelling drops from
        Russian loanwords ("слесар" -> "слесарь"); else None."""
        if stem in self.vocab:
            return stem
        if stem[-1] not in _VOWELS and stem + "ь" in self.ru_vocab:
            return stem + "ь"
        return None

    @cached_property
    def vague_words(self) -> frozenset[str]:
        """Every vague word, any language, as written in rules.toml and as the key a title's
        token carries ("manager" -> "manag", "officer" -> "offic")."""
        return frozenset(
            key
            for lang, words in self.rules.vague.items()
            for word in words
            for key in self.word_keys(word, (lang,))
        )

    def word_keys(self, word: str, langs: Iterable[str]) -> set[str]:
        """A rules.toml word as written and as the key a title's token carries in each of
        `langs` when that is one word ("warehouse" -> {"warehouse", "warehous"})."""
        found = {word}
        for lang in langs:
            name = self.name_keys(word, lang)
            if len(name) == 1:
                found.add(name[0])
        return found

    def is_vague(self, tokens: Iterable[Token]) -> bool:
        """True when every token is a word that names no occupation on its own."""
        return all(t.key in self.vague_words for t in tokens)


def detect_language(text: str, tokens: list[Token], markers: frozenset[str] = _KY_MARKERS) -> Lang:
    """ky when the text has ң ө ү, Kyrgyz words or one of the Kyrgyz `markers` ("керек",
    "боюнча": Rules.ky_markers), ru for other Cyrillic, en for English words, other when
    nothing letter-like remains. A text typed all in Latin letters is English when its English
    words outweigh its transliterated Russian and Kyrgyz ones (`Token.weight`): one odd word
    read as Russian ("Lorry Attendant (SABAH)") does not make the title Russian, while
    "svarshik" or "Java razrabotchik" stay Russian."""
    cleaned = clean(text)
    if KYRGYZ_LETTERS & set(cleaned):
        return "ky"
    if set(WORD.findall(cleaned)) & markers:
        return "ky"
    langs = [t.lang for t in tokens if t.lang != "other"]
    if not langs:
        return "ru" if CYRILLIC.search(cleaned) else ("en" if LATIN.search(cleaned) else "other")
    if not CYRILLIC.search(cleaned):
        english = sum(t.weight for t in tokens if t.lang == "en")
        if english > sum(t.weight for t in tokens if t.lang in ("ru", "ky")):
            return "en"
    if "ky" in langs:
        return "ky"
    if "ru" in langs:
        return "ru"
    return "en"
