"""English: Latin script, sacrebleu's default 13a tokeniser, no extra normalisation."""

from __future__ import annotations

import re

from tarjama.lang import Language

ENGLISH = Language(code="en", name="English", script="Latn",
                   letters=re.compile(r"[A-Za-z\u00C0-\u024F]"), sacrebleu_tokenize="13a")
