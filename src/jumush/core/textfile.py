"""Bytes to text for whatever users hand us as a file or a pipe: import files, and the job
titles `occupations code --jsonl` reads from standard input.

Files from Russian-locale Windows and Excel are the common case: UTF-8 with a byte-order mark,
Windows-1251 "ANSI" text, and UTF-16 "Unicode text". `decode` reads those, gunzips first, and
refuses the rest as a whole (`UnreadableText`) with the line where the text stops making sense,
never reading it as mush.
"""

from __future__ import annotations

import gzip
import itertools
import re

from jumush.core.errors import InvalidInput
from jumush.core.text import CYRILLIC_LETTER, LATIN_LETTER, WORD


class UnreadableText(InvalidInput):
    """The bytes are not text in an encoding we read; the message says why, and where."""

    code = "input.unreadable"


def decode(data: bytes, *, save_as: str = "UTF-8", what: str = "the file") -> tuple[str, str]:
    """(text, encoding name) of `data`, gunzipped when gzip-compressed.

    Tries UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a byte-order mark,
    then Windows-1251 (Russian-locale Excel's "CSV"), which is accepted only when it reads as
    Russian: at least 80% of its non-ASCII characters are Russian letters, at most a fifth of
    its Cyrillic words hold Latin letters (Western European text, "maçon" or "café", would
    read as "maзon", "cafй") or turn from lower to upper case inside ("сВАРЩИК": KOI8-R), and
    at least MIN_VOWEL_SHARE of its letters are vowels ("УЧБТЭЙЛ": KOI8-R). Raises
    UnreadableText otherwise, naming the line where the text stops making sense; its message
    speaks of `what` ("the file", "standard input") and advises saving it as `save_as`
    ("'CSV UTF-8'" for spreadsheets).
    """
    advice = f"save it as {save_as}"
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise UnreadableText(f"{what} is gzip-compressed but damaged: {exc}") from exc
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableText(
            f"{what} is a ZIP archive, such as an Excel workbook (.xlsx): {advice}"
        )
    for magic, kind in _NOT_TEXT:
        if data.startswith(magic):
            raise UnreadableText(f"{what} is {kind}, not text: {advice}")
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableText(
                    f"{what} is {encoding.upper()} but damaged at byte {exc.start} "
                    f"({exc.reason}): {advice} again"
                ) from exc
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    # UTF-16 puts a control byte beside each letter: 0x00 beside Latin, 0x04 beside Cyrillic.
    sample = body[:200]
    controls = sum(b < 0x20 and b not in b"\t\n\r" for b in sample)
    if controls * 4 >= len(sample) > 0 and _reads_as_utf16(sample):
        raise UnreadableText(f"{what} looks like UTF-16 without a byte-order mark: {advice}")
    try:
        text = body.decode("utf-8")
        return text, "utf-8-sig" if body is not data else "utf-8"
    except UnicodeDecodeError as utf8_error:
        # Mostly valid UTF-8 with a few bad bytes is damaged UTF-8, not Windows-1251: reading
        # it as 1251 would turn every Cyrillic letter into two wrong ones.
        sequences = len(_UTF8_MULTIBYTE.findall(body))
        high = sum(b >= 0x80 for b in body)
        if sequences and 2 * sequences * 2 >= high:
            line = body[: utf8_error.start].count(b"\n") + 1
            raise UnreadableText(
                f"{what} is UTF-8 but has bytes that are not UTF-8 on line {line} (byte "
                f"{utf8_error.start}): fix or remove them"
            ) from utf8_error
        refusal = (
            f"{what} is not UTF-8 (line {{line}}) and does not read as Windows-1251 Cyrillic "
            f"either: {advice}"
        )
        return _decode_1251(data, refusal, utf8_error), "cp1251"


def _decode_1251(data: bytes, refusal: str, utf8_error: UnicodeDecodeError) -> str:
    """`data` as Windows-1251 Cyrillic, or UnreadableText (`refusal` with the first line that
    is not)."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:  # 0x98, the one byte Windows-1251 leaves undefined
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableText(refusal.format(line=line)) from utf8_error
    non_ascii = [c for c in text if not c.isascii()]
    # Russian letters: the rest of the block ("ї", "ѕ", "І") is what ISO-8859-5 reads as.
    cyrillic = sum("а" <= c.casefold() <= "я" or c in "ёЁ" for c in non_ascii)
    cyrillic_words = [m for m in WORD.finditer(text) if CYRILLIC_LETTER.search(m.group())]
    # Words that mix the scripts ("maзon": Windows-1252), and words that change from lower to
    # upper case inside ("сВАРЩИК", "бТРайШЪ": KOI8-R or ISO-8859-5 Cyrillic read as 1251).
    odd = [m for m in cyrillic_words if LATIN_LETTER.search(m.group()) or _turns_upper(m.group())]
    # KOI8-R's lower case reads as 1251's upper case with few vowels: "УЧБТЭЙЛ" (сварщик).
    letters = [c for c in text.casefold() if "а" <= c <= "я"]
    vowels = sum(c in _VOWELS for c in letters)
    few_vowels = len(letters) >= MIN_LETTERS_FOR_VOWELS and vowels < MIN_VOWEL_SHARE * len(letters)
    if (
        non_ascii
        and cyrillic / len(non_ascii) >= 0.8
        and 5 * len(odd) <= len(cyrillic_words)
        and not few_vowels
    ):
        return text
    # The line of the first odd word, else of the first non-ASCII character.
    at = odd[0].start() if odd else next(i for i, c in enumerate(text) if not c.isascii())
    raise UnreadableText(refusal.format(line=text.count("\n", 0, at) + 1)) from utf8_error


#: Files that are not text, by their first bytes, and what they are.
_NOT_TEXT = (
    (b"\x1f\x8b", "gzip-compressed twice"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document, such as Excel 97 (.xls)"),
)
#: Russian text has about 42% vowels among its letters (a fifth is far below any real list
#: of job titles); Cyrillic text in another code page read as Windows-1251 has far fewer.
MIN_VOWEL_SHARE = 0.22
#: The vowel share is judged only on this many letters or more ("ЖКХ", "ЧПУ" alone are fine).
MIN_LETTERS_FOR_VOWELS = 12
_VOWELS = frozenset("аеиоуыэюя")


def _reads_as_utf16(sample: bytes) -> bool:
    """Whether `sample` read as UTF-16 (either byte order) is mostly Latin or Cyrillic letters,
    digits, spaces and punctuation, as real UTF-16 text is ("a\\x00b" is not: UTF-8 with a
    stray NUL)."""
    even = sample[: len(sample) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        text = even.decode(encoding, errors="replace")
        plain = sum(
            1
            for ch in text
            if ch.isspace()
            or ch.isdigit()
            or CYRILLIC_LETTER.match(ch)
            or LATIN_LETTER.match(ch)
            or (ch.isascii() and not ch.isalnum() and ch.isprintable())
        )
        if plain * 5 >= len(text) * 4:
            return True
    return False


def _turns_upper(word: str) -> bool:
    """Whether a lower-case letter is followed by an upper-case one ("сВАРЩИК")."""
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


#: A well-formed UTF-8 sequence of 2 to 4 bytes.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
