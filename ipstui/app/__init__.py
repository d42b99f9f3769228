"""The Textual console: screens, widgets and the command palette."""
