"""The commands of ``tui-reader`` beside reading, one module each (``tui.cli`` dispatches)."""
