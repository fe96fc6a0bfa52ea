"""Speed at scale: every target of the performance issue, measured, with PASS or MISS.

The same as `python -m model bench` (which `make bench` runs); see model/bench.py.
Usage: python benchmarks/scale.py [--quick] [--json FILE]
"""

import sys

from model.bench import main

if __name__ == "__main__":
    sys.exit(main())
