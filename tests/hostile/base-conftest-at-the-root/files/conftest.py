# pytest imports a conftest.py in the folder it starts from: code in CI from a "content" change.
import os
import pathlib

if "HOSTILE_MARKER" in os.environ:
    pathlib.Path(os.environ["HOSTILE_MARKER"]).touch()
