"""`jumush occupations code`: code job titles to ISCO-08 / ESCO from the command line."""

from __future__ import annotations

import os
import re
import sys
from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from jumush.coding.coder import TOP_K, Coder, CodingResult
from jumush.coding.service import get_coder
from jumush.core.jsonlines import json_line
from jumush.core.textfile import UnreadableText, decode

BATCH = 500
#: Universal newlines: \n, \r\n and an old Mac's bare \r end a title; U+2028 and the like
#: are kept inside it.
_LINE_END = re.compile(r"\r\n|\r|\n")


class Command(BaseCommand):
    help = "Occupation coding: free-text job titles (ky/ru/en) to ISCO-08 unit groups and ESCO."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{code}")
        code = sub.add_parser(
            "code",
            help="code one title (argument) or many (--jsonl, one title per input line)",
        )
        code.add_argument("text", nargs="?", help="the job title to code")
        code.add_argument(
            "--jsonl",
            action="store_true",
            help="read titles from standard input, one per line (UTF-8, UTF-16 with a "
            "byte-order mark or Windows-1251); write one JSON object per line, in order: text, "
            "lang, isco08_code, esco_uri, confidence, abstain, reason, alternatives",
        )
        code.add_argument(
            "--top", type=int, default=TOP_K, help=f"alternatives to show (1-10, default {TOP_K})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        top = options["top"]
        if not 1 <= top <= 10:
            raise CommandError(f"--top {top}: give 1 to 10")
        coder = get_coder(settings.CACHE_DIR)
        if options["jsonl"]:
            if options["text"] is not None:
                raise CommandError("give a title or --jsonl, not both")
            if sys.stdin is None or sys.stdin.closed:
                raise CommandError("--jsonl reads titles from standard input, which is closed")
            self._jsonl(coder, top=top)
            return
        if options["text"] is None:
            raise CommandError('give a title: jumush occupations code "сварщик", or --jsonl')
        self._show(coder.code(_argument_text(options["text"]), top_k=top))

    def _jsonl(self, coder: Coder, *, top: int) -> None:
        """Code standard input, one title per line, writing one JSON line per title in
        order. The input is decoded as import files are (core.textfile.decode); input that is
        no readable text is refused as a whole (CommandError), before anything is written."""
        try:
            data = sys.stdin.buffer.read()
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read standard input: {exc}") from exc
        try:
            text, _encoding = decode(data, what="standard input")
        except UnreadableText as exc:
            raise CommandError(exc.message) from exc
        lines = _LINE_END.split(text)
        if lines[-1] == "":
            lines.pop()  # the newline that ends the last title
        for start in range(0, len(lines), BATCH):
            for result in coder.code_many(lines[start : start + BATCH], top_k=top):
                self.stdout.write(json_line(result.as_dict()))

    def _show(self, result: CodingResult) -> None:
        console = Console(file=cast("IO[str]", self.stdout), highlight=False)
        typed = escape(repr(result.text))  # as typed: "[/red]" is text, not markup
        if result.abstain:
            console.print(
                f"[bold]{typed}[/] ({result.lang}): not coded — {result.reason}; "
                f"confidence {result.confidence:.2f}. Ask which job exactly."
            )
        else:
            top = result.candidates[0]
            console.print(
                f"[bold]{typed}[/] ({result.lang}) → [bold]{top.isco08_code}[/] "
                f"{escape(top.label)} — confidence {result.confidence:.2f}"
            )
        if result.candidates:
            table = Table("ISCO-08", "label", "ESCO occupation", "score")
            for c in result.candidates:
                table.add_row(c.isco08_code, escape(c.label), c.esco_uri or "-", f"{c.score:.2f}")
            console.print(table)


def _argument_text(text: str) -> str:
    """The title as typed: an argument whose bytes were not UTF-8 (Python keeps them as
    surrogate escapes) is decoded as standard input is, Windows-1251 included; CommandError
    when that fails too."""
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    try:
        return decode(os.fsencode(text), what="the title")[0]
    except UnreadableText as exc:
        raise CommandError(
            "the title's bytes are neither UTF-8 nor Windows-1251 Cyrillic: set the terminal "
            "to UTF-8, or pass titles in a file to --jsonl"
        ) from exc
