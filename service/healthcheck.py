"""Container HEALTHCHECK probe: exit 0 when ``/healthz`` answers. Standard library only, so the
probe starts in milliseconds instead of importing spaCy."""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    port = os.environ.get("NEWSX_PORT", "8000")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
