"""Entry point of the frozen app that packaging/vnsearch.spec builds.

The same executable runs the command line, the desktop app, the workers started with
``--run-worker`` (see vnsearch.frozen) and the child processes of multiprocessing.
"""

import multiprocessing
import os
import sys

from vnsearch.frozen import replace_missing_streams

if __name__ == "__main__":
    # transformers (5.x) kernelizes models with the "kernels" package unless this is
    # "0". That package fetches compute kernels from the Hugging Face hub, which an
    # offline app cannot reach, so it is not bundled (packaging/bundle_inputs.py).
    os.environ.setdefault("USE_HUB_KERNELS", "0")
    # Before anything can write to a missing stream of a windowed Windows build.
    replace_missing_streams()
    # A multiprocessing child (spawn start method) runs its task here and exits.
    multiprocessing.freeze_support()

    from vnsearch.cli.main import main

    sys.exit(main())
