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

#: Seconds without input after which a collection that is nearly due is made.
IDLE_DELAY = 0.1
#: Young collections one key sets off, about: a repaint allocates 2,000 to 3,000 objects.
YOUNG_PER_KEY = 4


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


def collect_while_idle() -> None:
    """Run now, while the reader waits for a key, a collection that the next key would set off.

    Every repaint leaves cyclic garbage: Textual's compositor keeps each ``Strip`` in its own
    ``divide`` cache, with seven small caches per strip, about 1,000 objects a key. One key
    sets off three or four young collections (one per 700 allocations), so every third key
    or so also set off a middle one (5 to 10 ms), and every 30 to 60 keys a full one (35 to
    120 ms: it walks every object not frozen, and the caches of strips are 25,000 to 35,000
    of them). Those fell inside keys: about half of the ``f`` presses over 50 ms.

    Here the collection the next key would come to is made first: the middle generation when
    it is within one key's young collections of its threshold, and the full one instead when
    that middle collection would itself make the oldest due. Otherwise nothing: most pauses
    cost nothing. A key held down never leaves the reader idle; the collector then runs by
    its own thresholds, as before. Does nothing while start-up has collection paused.
    """
    if not gc.isenabled():
        return
    _young, middle, old = gc.get_count()
    _threshold0, threshold1, threshold2 = gc.get_threshold()
    if middle + YOUNG_PER_KEY <= threshold1:
        return
    gc.collect(2 if old + 1 > threshold2 else 1)
