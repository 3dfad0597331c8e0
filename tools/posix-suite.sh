#!/bin/sh
# posix-suite.sh - the Open POSIX Test Suite from an LTP checkout, built
# unchanged for Bower and for this host; the table goes to docs/posix.md.
# Usage: tools/posix-suite.sh LTP_DIR [INTERFACE...]  (tools/posix_suite.py)
exec python3 "$(dirname "$0")/posix_suite.py" "$@"
