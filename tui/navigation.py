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


def step_from_view(
    positions: Sequence[int | None], current: int | None, view: tuple[int, int], step: int
) -> int | None:
    """``step_from`` as ``n``/``N`` use it: from the current item while it is in view (blocks
    ``view[0]`` up to ``view[1]``, not included) or has no place in the body; once the reader
    has scrolled away from it, from the view, so that ``n`` goes on from what is read."""
    if current is not None and 0 <= current < len(positions):
        block = positions[current]
        if block is not None and not view[0] <= block < view[1]:
            current = None
    return step_from(positions, current, view[0], step)
