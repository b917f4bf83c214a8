"""`python -m replica serve …`."""

from __future__ import annotations

import sys

from replica.cli import main

sys.exit(main())
