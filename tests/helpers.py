"""Helpers the test modules share."""

import contextlib
import io


def cli_in_process(*args) -> tuple[int, str, str]:
    """`python -m model ARGS` in this process: exit code, stdout, stderr (for what fails
    before any run starts, or what a test patches)."""
    from model.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()
