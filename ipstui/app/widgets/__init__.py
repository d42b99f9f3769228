"""The console's panels."""
