"""Allow ``python -m vnsearch``."""

from vnsearch.cli.main import main

raise SystemExit(main())
