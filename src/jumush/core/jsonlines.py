"""One JSON object per line, as the CLI's --json / --jsonl outputs and import reports write."""

from __future__ import annotations

import json
from typing import Any

#: Line breaks other than \n that json.dumps(ensure_ascii=False) leaves raw inside strings:
#: readers that split on every Unicode line break (Python's str.splitlines) would see more
#: lines than objects.
_LINE_BREAKS_ESCAPED = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(value: Any, **dumps_options: Any) -> str:
    """`value` as one line of JSON (no trailing newline), non-ASCII letters kept readable and
    U+2028, U+2029 and U+0085 escaped. `dumps_options` go to json.dumps (default=str, ...)."""
    return json.dumps(value, ensure_ascii=False, **dumps_options).translate(_LINE_BREAKS_ESCAPED)
