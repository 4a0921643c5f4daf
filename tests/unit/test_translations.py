"""The ky and ru catalogues are complete, and the compiled .mo files match the .po sources."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "src" / "jumush" / "locale"


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_catalogue_is_complete_and_compiled(lang: str) -> None:
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    with po_path.open("rb") as f:
        catalogue = read_po(f, locale=lang)
    compiled = gettext.GNUTranslations((po_path.with_suffix(".mo")).open("rb"))
    messages = [m for m in catalogue if m.id]
    assert len(messages) >= 20
    for message in messages:
        line = f"{po_path.name}:{message.lineno}"
        assert not message.fuzzy, f"{line} is fuzzy"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{line} untranslated: {message.id!r}"
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 5) in strings, line
        elif message.context:
            found = compiled.pgettext(message.context, message.id)
            assert found == message.string, f"{line}: .mo is stale"
        else:
            assert compiled.gettext(message.id) == message.string, f"{line}: .mo is stale"
