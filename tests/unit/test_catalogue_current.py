"""No string is left out of the catalogues: `makemessages` run on a temporary copy of the
source finds no msgid that the committed ky and ru catalogues lack (someone added a
translatable string and forgot `jumush makemessages -l ky -l ru` and the translations)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import override_settings

SOURCE = Path(__file__).resolve().parents[2] / "src" / "jumush"


def msgids(po: Path, lang: str) -> set[str | tuple[str, ...]]:
    with po.open("rb") as f:
        catalogue = read_po(f, locale=lang)
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalogue if m.id}


def test_makemessages_finds_nothing_missing_from_the_catalogues(tmp_path: Path) -> None:
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext not found: apt-get install -y gettext (makemessages needs it)")
    copy = tmp_path / "jumush"
    shutil.copytree(
        SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "var")
    )
    here = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["ky", "ru"], verbosity=0)
    finally:
        os.chdir(here)
    for lang in ("ky", "ru"):
        committed = msgids(SOURCE / "locale" / lang / "LC_MESSAGES" / "django.po", lang)
        found = msgids(copy / "locale" / lang / "LC_MESSAGES" / "django.po", lang)
        missing = sorted(str(m) for m in found - committed)
        assert not missing, (
            f"{lang}: strings not in the committed catalogue (run `jumush makemessages -l ky "
            f"-l ru` in src/jumush, translate, `jumush compilemessages`): {missing}"
        )
