"""Reports of a session: the full JSON record, and shareable Markdown and CSV."""

# Here, not in session_report: the command line names them without loading the reports.
FORMATS = ("json", "md", "csv")
