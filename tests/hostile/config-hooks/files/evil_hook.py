import os, pathlib
pathlib.Path(os.environ['HOSTILE_MARKER']).touch()
