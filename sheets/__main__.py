"""`python -m sheets` runs the mksheet command line."""

from sheets.cli import main

raise SystemExit(main())
