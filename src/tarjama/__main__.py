"""`python -m tarjama` runs the command line."""

import sys

from tarjama.cli import main

sys.exit(main())
