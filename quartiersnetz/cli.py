"""The `quartiersnetz` console command: Django's management commands with the project's settings.

    quartiersnetz migrate
    quartiersnetz load-demo
    quartiersnetz createsuperuser
    quartiersnetz help            # lists every command

Project commands may be written with dashes (load-demo) or underscores (load_demo).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartiersnetz.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if argv[1] == "help" and len(argv) > 2 and not argv[2].startswith("-"):
            argv[2] = argv[2].replace("-", "_")
    argv[0] = "quartiersnetz"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
