"""`python -m scenarios` runs the command line."""

from scenarios.cli.main import main

raise SystemExit(main())
