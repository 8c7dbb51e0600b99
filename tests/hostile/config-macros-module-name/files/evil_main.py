import os
import pathlib


def define_env(env):
    pathlib.Path(os.environ["HOSTILE_MARKER"]).touch()
