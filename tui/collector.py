"""The cyclic garbage collector around start-up: paused until the first frame, then settled.

Start-up builds objects that live as long as the program: modules, classes, styles, widgets
and the article. A collection while they are being built walks all of them and finds next to
nothing: on the bundled article about 2,000 of 55,000 objects, while 130 collections (one of
them full, 45-50 ms) took 90 ms of the reader's first 500. The baseline Textual app with one
``Static`` per paragraph spends 35 ms. So the program pauses the collector from its first line
to its first frame; this module imports nothing but ``gc``, so that the pause comes before
anything heavy is imported.
"""

from __future__ import annotations

import gc


def pause_for_start_up() -> None:
    """Stops cyclic collection until ``resume_after_start_up`` (the app's first frame, or the
    end of the command, whichever comes first)."""
    gc.disable()


def resume_after_start_up() -> None:
    """Resumes collection with everything alive frozen (``gc.freeze``): start-up made it and
    it stays, so later full collections skip it. (A reader's body also ``settle``s after its
    first frame, which frees start-up's few cycles.) Does nothing when collection is already
    on: a second call, or a program that never paused it, such as the tests.
    """
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


def settle() -> None:
    """Collect garbage once, then exempt everything alive from later full collections.

    A full (oldest-generation) collection walks every object the collector tracks: the
    article, the quote and fact lists, Textual's own. It comes every few seconds of reading,
    and stops the frame it falls in for 40 to 120 ms on a 1k or 20k article: a key's repaint
    then comes so late that it reads as a second burst behind the next key. Frozen, those
    long-lived objects are skipped and a full collection takes a few ms. Unfrozen first, so
    what the previous article left (a closed screen's reference cycles) is collected now.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
