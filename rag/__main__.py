"""`python -m rag ...` -> rag.cli.main."""
import sys

from rag.cli import main

sys.exit(main())
