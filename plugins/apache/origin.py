#!/usr/bin/env python3
# origin.py -- the plugins' origin lives in tests/lib/origin.py; this runs it,
# for scripts that still start it by this path (plugins/nginx/test.sh).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import os
import runpy
import sys

sys.dont_write_bytecode = True
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "lib",
                            "origin.py"), run_name="__main__")
