"""Storage: where statements are kept and how the commands reach them (the Whoosh engine in `whoosh/`)."""
