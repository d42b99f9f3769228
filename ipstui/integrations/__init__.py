"""Files from Zoom: the saved chat and the participants report."""
