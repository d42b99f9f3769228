"""The session's rules: events, the state they fold into, commands, schedule. Pure: no I/O."""
