"""Reports of a session: the full JSON record, and shareable Markdown and CSV."""
