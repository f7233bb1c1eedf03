"""The store is part of the core: importing it never imports Textual."""

from __future__ import annotations

import subprocess
import sys


def test_the_store_does_not_import_textual() -> None:
    code = "import sys, scenarios.store; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
