"""Text direction by the Unicode Bidirectional Algorithm, from the standard library's data.

`unicodedata.bidirectional` gives each character's class; this module resolves the levels of
one paragraph (rules P2-P3, W1-W7, N0-N2, I1-I2 of UAX #9) and orders a line for display
(L1-L2). N0 pairs the common brackets from a short table, as the standard library has no
Bidi_Paired_Bracket property. Explicit embeddings, overrides and isolates are not honoured:
`text.clean` removes those invisible characters, so a pasted override cannot turn a family's
words backwards.
Mirroring (L4) is left to HarfBuzz, which mirrors brackets in a right-to-left run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TypeVar

STRONG_RTL = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "BN"})
_EXPLICIT = frozenset(
    {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)  # treated as boundary neutrals if any slip through

T = TypeVar("T")


def classes(text: str) -> list[str]:
    return [unicodedata.bidirectional(ch) or "L" for ch in text]


def has_rtl(text: str) -> bool:
    """Whether any character is a strong right-to-left letter (Hebrew, Arabic, Syriac...)."""
    return any(unicodedata.bidirectional(ch) in STRONG_RTL for ch in text)


def base_rtl(text: str) -> bool:
    """Whether the first strong letter is right-to-left: the paragraph's direction (P2-P3)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in STRONG_RTL:
            return True
    return False


def levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character of a paragraph of base direction `rtl`."""
    base = 1 if rtl else 0
    sos = "R" if rtl else "L"
    kinds = ["ON" if k in _EXPLICIT else k for k in classes(text)]
    n = len(kinds)
    # W1: a non-spacing mark takes the class of what it follows.
    prev = sos
    for i, k in enumerate(kinds):
        if k == "NSM":
            kinds[i] = prev
        elif k != "BN":
            prev = kinds[i]
    # W2, W3: European numbers after Arabic letters are Arabic numbers; AL becomes R.
    last_strong = sos
    for i, k in enumerate(kinds):
        if k in ("L", "R", "AL"):
            last_strong = k
        elif k == "EN" and last_strong == "AL":
            kinds[i] = "AN"
    kinds = ["R" if k == "AL" else k for k in kinds]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        before, here, after = kinds[i - 1], kinds[i], kinds[i + 1]
        if here == "ES" and before == after == "EN":
            kinds[i] = "EN"
        elif here == "CS" and before == after and before in ("EN", "AN"):
            kinds[i] = before
    # W5: terminators (%, currency signs) next to European numbers are part of them.
    i = 0
    while i < n:
        if kinds[i] == "ET":
            j = i
            while j < n and kinds[j] == "ET":
                j += 1
            if (i > 0 and kinds[i - 1] == "EN") or (j < n and kinds[j] == "EN"):
                kinds[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    # W6: remaining separators and terminators are neutral.
    kinds = ["ON" if k in ("ES", "ET", "CS") else k for k in kinds]
    # W7: European numbers after a left-to-right letter are left-to-right.
    last_strong = sos
    for i, k in enumerate(kinds):
        if k in ("L", "R"):
            last_strong = k
        elif k == "EN" and last_strong == "L":
            kinds[i] = "L"
    _paired_brackets(text, kinds, sos)
    # N1, N2: neutrals between letters of one direction take it; others take the base.
    i = 0
    while i < n:
        if kinds[i] in _NEUTRAL:
            j = i
            while j < n and kinds[j] in _NEUTRAL:
                j += 1
            before = _strength(kinds[i - 1]) if i > 0 else sos
            after = _strength(kinds[j]) if j < n else sos
            kinds[i:j] = [before if before == after else sos] * (j - i)
            i = j
        else:
            i += 1
    # I1, I2: levels from the resolved classes.
    out = []
    for k in kinds:
        if base % 2 == 0:
            out.append(base + (1 if k == "R" else 2 if k in ("AN", "EN") else 0))
        else:
            out.append(base + (1 if k in ("L", "EN", "AN") else 0))
    return out


def _paired_brackets(text: str, kinds: list[str], sos: str) -> None:
    """Rule N0: a pair of brackets takes one direction, so "(Jodie)" in Arabic faces its name.

    Brackets pair as BD16 says (a stack of openers, 63 deep); each pair, in order of its
    opening bracket, takes the paragraph's direction if a letter inside has it, else the
    direction inside if the text before the pair has it too, else the paragraph's.
    """
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if kinds[i] != "ON":
            continue
        if ch in _OPENERS:
            if len(stack) == 63:
                break
            stack.append((_OPENERS[ch], i))
        elif ch in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for start, end in sorted(pairs):
        inside = {_strength(k) for k in kinds[start + 1 : end] if k in ("L", "R", "EN", "AN")}
        if not inside:
            continue
        if sos in inside:
            chosen = sos
        else:
            before = next(
                (_strength(k) for k in reversed(kinds[:start]) if k in ("L", "R", "EN", "AN")),
                sos,
            )
            chosen = before if before in inside else sos
        kinds[start] = kinds[end] = chosen


_OPENERS = dict(
    zip("([{⁅⁽₍⟨〈《「『【〔〖〘（［｛｢", ")]}⁆⁾₎⟩〉》」』】〕〗〙）］｝｣", strict=True)
)
_CLOSERS = frozenset(_OPENERS.values())


def _strength(kind: str) -> str:
    return "R" if kind in ("R", "AN", "EN") else "L"


def visual_order(items: Sequence[T], item_levels: Sequence[int]) -> list[T]:
    """Items of one line (runs of one level each) in display order, left to right (rule L2)."""
    order = list(range(len(items)))
    current = list(item_levels)
    top = max(current, default=0)
    for level in range(top, 0, -1):
        i = 0
        while i < len(order):
            if current[i] >= level:
                j = i
                while j < len(order) and current[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                current[i:j] = current[i:j][::-1]
                i = j
            else:
                i += 1
    return [items[k] for k in order]
