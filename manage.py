#!/usr/bin/env python
"""Django's command-line utility; the same as the ``zhaoshang`` console command."""

from zhaoshang.cli import main

if __name__ == "__main__":
    main()
