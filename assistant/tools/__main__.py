import sys

from assistant.tools.cli import main

raise SystemExit(main(sys.argv[1:]))
