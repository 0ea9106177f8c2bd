"""Which quote or fact comes next: pure functions over block positions, shared by n/N and f/F."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

#: Lines of context kept above a quote, fact or match the body jumps to.
JUMP_CONTEXT = 3


class Step(NamedTuple):
    """Where a step lands: the item's index, and whether it went past an end to get there."""

    index: int
    #: Past the last item to the first (or the first to the last): less and vim say so.
    wrapped: bool = False


def step_around(current: int, step: int, count: int) -> Step:
    """From item ``current`` of ``count`` to the one ``step`` away, past an end to the other."""
    return Step((current + step) % count, not 0 <= current + step < count)


def step_from(
    positions: Sequence[int | None], current: int | None, top_block: int, step: int
) -> Step | None:
    """The item ``step`` (+1 or -1) away from ``current``, wrapping at the ends.

    ``positions`` holds each item's block index in reading order (``None`` for an item that is
    not in the body). With no current item, ``+1`` takes the first item at or below the top of
    the view and ``-1`` the last one above it, so ``n`` always moves forward from what is read;
    when there is none, it wraps to the first (or last) item.
    """
    count = len(positions)
    if count == 0:
        return None
    if current is not None and 0 <= current < count:
        return step_around(current, step, count)
    if step > 0:
        for index, block in enumerate(positions):
            if block is not None and block >= top_block:
                return Step(index)
        return Step(0, any(block is not None for block in positions))
    for index in range(count - 1, -1, -1):
        block = positions[index]
        if block is not None and block < top_block:
            return Step(index)
    return Step(count - 1, any(block is not None for block in positions))


def wrap_notice(kind: str, step: int) -> str:
    """What the status line says when ``n`` (``step`` 1) or ``N`` (-1) went past an end of
    the ``kind`` (``quotes``, ``facts``, ``matches``): ``End of quotes: back to the first``."""
    if step > 0:
        return f"End of {kind}: back to the first"
    return f"Start of {kind}: back to the last"


def step_from_view(
    positions: Sequence[int | None], current: int | None, view: tuple[int, int], step: int
) -> Step | None:
    """``step_from`` as ``n``/``N`` use it: from the current item while it is in view (blocks
    ``view[0]`` up to ``view[1]``, not included) or has no place in the body; once the reader
    has scrolled away from it, from the view, so that ``n`` goes on from what is read."""
    if current is not None and 0 <= current < len(positions):
        block = positions[current]
        if block is not None and not view[0] <= block < view[1]:
            current = None
    return step_from(positions, current, view[0], step)
