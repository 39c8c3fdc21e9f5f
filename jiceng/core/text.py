"""Control characters out of everything people type, paste or upload.

One U+000B pasted from Word made whole-township exports fail (spreadsheets cannot hold it), and a
NUL (U+0000) is refused by PostgreSQL text columns. No legitimate input needs C0/C1 control
characters other than tab and line breaks, nor lone surrogates or the noncharacters U+FFFE/U+FFFF:
they are removed at the door (middleware for query strings and forms, the API's JSON parser, the
roster reader). Word's manual line break (U+000B) and page break (U+000C) become a line break.
"""

from __future__ import annotations

import re
from typing import Any

CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
BREAKS = re.compile("[\x0b\x0c]")


def has_control(value: str) -> bool:
    return bool(CONTROL.search(value) or BREAKS.search(value))


def clean_text(value: str) -> str:
    """`value` without control characters (line breaks and tabs kept)."""
    if not has_control(value):
        return value
    return CONTROL.sub("", BREAKS.sub("\n", value))


def clean_data(value: Any) -> Any:
    """Parsed JSON with every string (keys included) cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: clean_data(v) for k, v in value.items()}
    return value
