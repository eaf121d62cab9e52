"""Writing YAML text by hand: scalars that read back as the same string, and one-line flow mappings."""

from __future__ import annotations

import re

# `?` too: PyYAML's pure reader ends a plain scalar at `?` inside {…}, libyaml does not.
_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^,\[\]{}#?\s]| )*")
# Words YAML 1.1 readers (PyYAML) take for booleans or null, and `=` / `<<` (its value and merge keys).
_RESERVED = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", "", "=", "<<"}
# Line breaks YAML sees beyond \n, and what it refuses to read raw (controls, U+FFFE/U+FFFF).
_LINE_BREAKS_AND_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def scalar(text: str) -> str:
    """`text` as a YAML flow scalar that any YAML reader reads back as exactly this string."""
    if (
        _PLAIN_SAFE.fullmatch(text)
        and text == text.strip()
        and not _LINE_BREAKS_AND_CONTROLS.search(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.lower() not in _RESERVED
        and not text[0].isdigit()
        and not text.startswith((".", "+"))
    ):
        return text
    import json  # here: most values are plain, and a short command need not import it

    quoted = json.dumps(text, ensure_ascii=False)
    return _LINE_BREAKS_AND_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def number(value: float) -> str:
    """An amount as plan text: 8, 0.333333; to 6 decimals, never in exponent form (2e-06 is a string
    to some YAML readers)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def flow_mapping(pairs: list[tuple[str, str]]) -> str:
    """`{key: value, ...}` from already-rendered values."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
