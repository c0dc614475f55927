"""The bounded memo behind the checks' per-word caches."""

from __future__ import annotations

from tarjama.memo import Memo


def test_a_value_is_computed_once_and_then_looked_up() -> None:
    calls: list[str] = []

    def stem(word: str) -> str:  # "negotiations" → "negot", as the addition check stems
        calls.append(word)
        return word[:5]

    memo = Memo(stem)
    assert [memo[w] for w in ("negotiations", "negotiators", "negotiations")] == [
        "negot",
        "negot",
        "negot",
    ]
    assert list(map(memo.__getitem__, ["talks", "talks"])) == ["talks", "talks"]
    assert calls == ["negotiations", "negotiators", "talks"]


def test_a_full_memo_is_emptied_before_the_next_value_is_kept() -> None:
    memo = Memo(len, limit=2)
    memo["كييف"], memo["موسكو"]  # Kyiv, Moscow
    assert len(memo) == 2
    assert memo["أنقرة"] == 5  # Ankara: the memo was full
    assert dict(memo) == {"أنقرة": 5}


def test_none_is_a_value_like_any_other() -> None:
    calls: list[str] = []

    def stop_stem(word: str) -> str | None:
        calls.append(word)
        return None if word == "the" else word

    memo = Memo(stop_stem)
    assert (memo["the"], memo["the"]) == (None, None)
    assert calls == ["the"]
