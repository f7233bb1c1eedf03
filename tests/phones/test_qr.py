"""The join link's QR code drawn in text holds exactly segno's modules, light margin included."""

from __future__ import annotations

import segno

from scenarios.phones.qr import QUIET_ZONE, qr_lines

URL = "http://192.168.100.200:8765/s/AbCdEfGhIjKlMnOp"


def test_the_text_qr_code_has_every_module_of_the_code() -> None:
    lines = qr_lines(URL)
    expected = [[bool(m) for m in row] for row in segno.make(URL, error="l", boost_error=True).matrix_iter(
        scale=1, border=QUIET_ZONE)]  # fmt: skip
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    drawn: list[list[bool]] = []
    for line in lines:
        drawn.append([top[c] for c in line])
        drawn.append([bottom[c] for c in line])
    assert drawn[: len(expected)] == expected
    assert len(lines) <= 20 and len(lines[0]) <= 40  # fits beside its words in an 80×24 terminal
