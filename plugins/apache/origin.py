#!/usr/bin/env python3
# origin.py -- the plugins' origin lives in tests/lib/origin.py; this runs it,
# or imports it, for scripts that still use it by this path
# (plugins/nginx/test.sh).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import importlib.util
import os
import sys

sys.dont_write_bytecode = True
_spec = importlib.util.spec_from_file_location(
    "pith_origin", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "lib", "origin.py"))
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
globals().update({k: v for k, v in vars(_mod).items() if not k.startswith("__")})

if __name__ == "__main__":
    main()
