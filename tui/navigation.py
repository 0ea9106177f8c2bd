"""Which quote or fact comes next: pure functions over block positions, shared by n/N and f/F."""

from __future__ import annotations

from collections.abc import Sequence

#: Lines of context kept above a quote, fact or match the body jumps to.
JUMP_CONTEXT = 3


def step_from(
    positions: Sequence[int | None], current: int | None, top_block: int, step: int
) -> int | None:
    """The index of the item ``step`` (+1 or -1) away from ``current``, wrapping at the ends.

    ``positions`` holds each item's block index in reading order (``None`` for an item that is
    not in the body). With no current item, ``+1`` takes the first item at or below the top of
    the view and ``-1`` the last one above it, so ``n`` always moves forward from what is read.
    """
    count = len(positions)
    if count == 0:
        return None
    if current is not None and 0 <= current < count:
        return (current + step) % count
    if step > 0:
        for index, block in enumerate(positions):
            if block is not None and block >= top_block:
                return index
        return 0
    for index in range(count - 1, -1, -1):
        block = positions[index]
        if block is not None and block < top_block:
            return index
    return count - 1


def follow_view(
    positions: Sequence[int | None], current: int | None, first: int, stop: int
) -> int | None:
    """The item a table of contents should mark when blocks ``first`` up to ``stop`` (not
    included) are in view.

    The current item stays while it is in view (a jump shows its context above it); otherwise
    the first item in view, or ``current`` unchanged when none is.
    """
    if current is not None and 0 <= current < len(positions):
        block = positions[current]
        if block is not None and first <= block < stop:
            return current
    for index, block in enumerate(positions):
        if block is not None and first <= block < stop:
            return index
    return current
