"""Text cut to fit a column of the terminal: one line, an ellipsis where it is cut.

Every column of the app (the plan list, its header, the indicators, the
overview, the history) is fitted here, so that a cut reads the same
everywhere: "Ban hành kế hoạch và triển khai đún…".
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

ELLIPSIS = "…"

# Characters one cell wide, for a fast path: rich's own set stops at U+02FF, so
# every Vietnamese letter with a tone mark (U+1EA0–U+1EF9: ạ ả ấ … ỹ) and the
# en dash or the ellipsis would take its slow path, grapheme by grapheme.
ONE_CELL = frozenset(
    chr(c)
    for first, last in (
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xAC),  # Latin-1 (the soft hyphen U+00AD left out)
        (0xAE, 0x2FF),  # Latin-1, Latin Extended-A and -B: ă â đ ê ô ơ ư
        (0x1E00, 0x1EFF),  # Latin Extended Additional: the Vietnamese letters with tone marks
        (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    )
    for c in range(first, last + 1)
)


def one_line(text: str | None) -> str:
    """``text`` on one line: every run of white space (line breaks included) one space."""
    return " ".join((text or "").split())


def fit(text: str, width: int, *, pad: bool = True) -> str:
    """``text`` cut to ``width`` cells, its last cell an ellipsis when it is cut;
    with ``pad``, spaces added up to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if ONE_CELL.issuperset(text):
        size = len(text)
        if size > width:
            return text[: width - 1] + ELLIPSIS
        return text + " " * (width - size) if pad else text
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    return text + " " * (width - size) if pad else text


def clip(text: str | None, width: int) -> Text:
    """A table cell: one line of ``text`` cut to ``width`` cells (at least one).

    A ``Text``, so that brackets in the plan's wording are never read as markup.
    """
    return Text(fit(one_line(text), max(1, width), pad=False), no_wrap=True, overflow="ellipsis")
