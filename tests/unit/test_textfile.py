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
