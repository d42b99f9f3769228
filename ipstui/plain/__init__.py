"""`ipstui --plain`: the console as lines of text, for screen readers, braille displays and plain terminals.

It never moves the cursor, redraws, colours or writes an escape sequence. It says each change once,
as a short sentence that stands alone (`narrator`), speaks the time only at thresholds (`cues`), and
takes the command line's words as typed lines (`words`); `console` runs them on the same road to the
data folder as the full-screen console.
"""
