import os
import pathlib

pathlib.Path(os.environ["HOSTILE_MARKER"]).touch()
