"""``tui-reader serve``: the reader for anyone who connects over SSH, and nothing else."""
