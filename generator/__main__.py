"""`python -m generator` runs the swaggen command."""

from .cli import main

raise SystemExit(main())
