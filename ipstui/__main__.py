"""Run ipstui with `python -m ipstui`."""

from ipstui.cli import main

raise SystemExit(main())
