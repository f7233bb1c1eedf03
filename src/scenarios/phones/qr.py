"""The join link as a QR code in text: two rows of modules per line with half blocks (segno makes the code)."""

from __future__ import annotations

QUIET_ZONE = 2
"""Modules of light margin around the code (the screen around it is drawn light too)."""

_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_lines(text: str) -> list[str]:
    """The QR code of `text`: dark modules drawn as blocks, to be shown dark on a light background."""
    import segno  # only when phones are opened: the trainer's first frame does without it

    code = segno.make(text, error="l", boost_error=True, micro=False)
    rows = [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return ["".join(_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
            for upper, lower in zip(rows[::2], rows[1::2], strict=True)]  # fmt: skip
