"""ipstui: a terminal console for moderating a live online peer-support call."""

__version__ = "0.1.0"
