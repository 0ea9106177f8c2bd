"""The pure content layer: article model, strict loader and sanitiser. Never imports Textual."""
