"""Length-sorted batching by a token budget, so padding wastes little and memory is bounded."""

from __future__ import annotations

from collections.abc import Sequence


def token_budget_batches(
    lengths: Sequence[int], max_tokens: int, max_size: int, groups: Sequence[int] | None = None
) -> list[list[int]]:
    """Indices into `lengths`, longest first, grouped so that longest × count <= max_tokens.

    With `groups`, a batch only holds items of one group (items whose generation settings
    must be the same), highest group first. A single item longer than the budget gets a
    batch of its own. Callers restore the input order from the indices.
    """
    group = groups if groups is not None else [0] * len(lengths)
    order = sorted(range(len(lengths)), key=lambda i: (-group[i], -lengths[i], i))
    batches: list[list[int]] = []
    for index in order:
        if batches and group[batches[-1][0]] == group[index]:
            batch = batches[-1]
            padded = lengths[batch[0]] * (len(batch) + 1)  # batch[0] is the longest
            if padded <= max_tokens and len(batch) < max_size:
                batch.append(index)
                continue
        batches.append([index])
    return batches
