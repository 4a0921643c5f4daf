"""Bytes to text (core/textfile.py): the messages fit whatever the bytes came from. The file
kinds themselves are tested through the import reader in test_registry_formats.py."""

from __future__ import annotations

import gzip

import pytest

from jumush.core.textfile import UnreadableText, decode


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "сварщик\n".encode("utf-16") + b"\x00\xd8",
            "standard input is UTF-16 but damaged at byte 18 (unexpected end of data): "
            "save it as UTF-8 again",
        ),
        (
            b"PK\x03\x04" + b"\x00" * 20,
            "standard input is a ZIP archive, such as an Excel workbook (.xlsx): save it as UTF-8",
        ),
        (
            "сварщик\nповар\n".encode() + b"\xff\xfe\xfd baker\n",
            "standard input is UTF-8 but has bytes that are not UTF-8 on line 3 (byte 26): "
            "fix or remove them",
        ),
        (
            "сварщик\n".encode("cp1251") + "maçon\n".encode("cp1252"),
            "standard input is not UTF-8 (line 2) and does not read as Windows-1251 Cyrillic "
            "either: save it as UTF-8",
        ),
        (b"\x1f\x8b\x08\x00garbage", "standard input is gzip-compressed but damaged"),
    ],
)
def test_refusals_name_the_source_and_the_fix(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableText) as caught:
        decode(data, what="standard input")
    assert caught.value.message.startswith(message)
    assert caught.value.code == "input.unreadable"


def test_the_advice_is_the_callers() -> None:
    with pytest.raises(UnreadableText, match=r"^the file is a ZIP .*save it as 'CSV UTF-8'$"):
        decode(b"PK\x03\x04", save_as="'CSV UTF-8'")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("сварщик\nповар".encode(), "utf-8"),
        ("\ufeffсварщик".encode(), "utf-8-sig"),
        ("ширетүүчү".encode("utf-16"), "utf-16"),
        ("ширетүүчү".encode("utf-32"), "utf-32"),
        ("сварщик\nповар".encode("cp1251"), "cp1251"),
        (gzip.compress("сварщик\nповар".encode()), "utf-8"),
    ],
)
def test_text_is_read_whole(data: bytes, encoding: str) -> None:
    text, found = decode(data)
    assert found == encoding
    assert text.lstrip("\ufeff") in ("сварщик\nповар", "сварщик", "ширетүүчү")


@pytest.mark.parametrize("encoding", ["koi8_r", "iso8859_5"])
@pytest.mark.parametrize(
    "text", ["сварщик\nповар\n", "СВАРЩИК\nПОВАР\n", "Ёлочный монтажник\nПовар\n"]
)
def test_other_cyrillic_code_pages_are_refused_not_read_as_1251(text: str, encoding: str) -> None:
    """KOI8-R and ISO-8859-5 bytes read as Windows-1251 give "УЧБТЭЙЛ" or "бТРайШЪ" for
    "сварщик": refused, never stored."""
    with pytest.raises(UnreadableText, match="does not read as Windows-1251"):
        decode(text.encode(encoding))


@pytest.mark.parametrize(
    "text", ["СВАРЩИК\nПОВАР\n", "мастер ЧПУ\nМонтажник ГКЛ\nМегаФон\n", "ЖКХ\n", "Ёж\n"]
)
def test_capitals_and_abbreviations_in_1251_are_read(text: str) -> None:
    assert decode(text.encode("cp1251")) == (text, "cp1251")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (gzip.compress(gzip.compress(b"welder\n")), "gzip-compressed twice"),
        (b"\xfd7zXZ\x00\x00\x04", "an xz archive"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "Excel 97"),
    ],
)
def test_files_that_are_not_text_are_named(data: bytes, kind: str) -> None:
    with pytest.raises(UnreadableText, match=kind):
        decode(data)


@pytest.mark.parametrize("data", [b"a\x00b\n", b"\x00\x00ok\n", "сварщик\x00\x00\n".encode()])
def test_stray_nul_bytes_are_no_utf16(data: bytes) -> None:
    # Short UTF-8 with NULs has as many control bytes as UTF-16, but does not read as it.
    assert decode(data) == (data.decode(), "utf-8")
