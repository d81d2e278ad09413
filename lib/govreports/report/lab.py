"""Start JupyterLab on ``notebooks/``: ``python -m govreports.report.lab`` (what ``make lab`` runs).

Plain ``jupyter lab`` leaves a new user to guess a few things, so this settles them:

* as root (a container, a cloud notebook) JupyterLab refuses to start without ``--allow-root``:
  it is added when you are root;
* on a machine with no web browser (a server, a container) JupyterLab warns that it found none:
  ``--no-browser`` is added there, and you open the printed address yourself;
* ``make`` sets ``MPLBACKEND=Agg`` for its batch runs, which would keep notebooks from drawing
  figures inline: it is left out of JupyterLab's environment;
* kernels talk to the server over localhost TCP by default, and each prints a warning that the
  connection is not encrypted. Local IPC sockets, in Jupyter's runtime folder (readable by you
  only), are used instead, where the socket path fits the system's limit; under a very long
  home folder the default TCP is kept, with that warning.

JupyterLab prints the address to open, with its token (``http://localhost:8888/lab?token=…``);
port 8888 is the default and JupyterLab takes the next free port when it is taken.
"""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser
from pathlib import Path

import zmq
from jupyter_core.paths import jupyter_runtime_dir

from govreports import paths

#: The longest IPC socket name a kernel uses: ``kernel-<36-character id>-ipc-<channel 1..5>``.
_LONGEST_SOCKET_NAME = "kernel-" + "0" * 36 + "-ipc-5"


def ipc_fits(runtime_dir: Path, max_len: int = zmq.IPC_PATH_MAX_LEN) -> bool:
    """Whether the kernels' IPC socket paths in ``runtime_dir`` fit the system's limit.

    Example:
        >>> ipc_fits(Path("/root/.local/share/jupyter/runtime"), max_len=107)
        True
        >>> ipc_fits(Path("/home/" + "x" * 60), max_len=107)
        False
    """
    return len(str(runtime_dir / _LONGEST_SOCKET_NAME)) <= max_len


def lab_command(*, jupyter: Path, notebooks: Path, port: int, ip: str, is_root: bool, has_browser: bool,
                use_ipc: bool) -> list[str]:
    """The ``jupyter lab`` command line for this machine.

    Example:
        >>> lab_command(jupyter=Path("jupyter"), notebooks=Path("nb"), port=8888, ip="localhost",
        ...             is_root=True, has_browser=False, use_ipc=True)[3:]
        ['--port=8888', '--ip=localhost', '--KernelManager.transport=ipc', '--allow-root', '--no-browser']
    """
    command = [str(jupyter), "lab", str(notebooks), f"--port={port}", f"--ip={ip}"]
    if use_ipc:
        command.append("--KernelManager.transport=ipc")
    if is_root:
        command.append("--allow-root")
    if not has_browser:
        command.append("--no-browser")
    return command


def lab_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment for JupyterLab: ``MPLBACKEND`` left out, so notebooks draw figures inline.

    ``make`` sets ``MPLBACKEND=Agg`` for its batch runs; a kernel that inherits it draws no
    figure in JupyterLab (ipykernel chooses its inline backend only when the variable is unset).

    Example:
        >>> lab_environment({"MPLBACKEND": "Agg", "HOME": "/root"})
        {'HOME': '/root'}
    """
    return {name: value for name, value in environ.items() if name != "MPLBACKEND"}


def browser_found() -> bool:
    """Whether Python's ``webbrowser`` (what JupyterLab uses) finds a browser to open."""
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports.report.lab", description=__doc__.split("\n")[0].replace("``", ""))
    parser.add_argument("--port", type=int, default=8888, help="port to listen on (default 8888; the next free one if taken)")
    parser.add_argument("--ip", default="localhost",
                        help="address to listen on (default localhost; 0.0.0.0 to reach it from outside a container)")
    args = parser.parse_args(argv)
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    has_browser = browser_found()
    use_ipc = ipc_fits(Path(jupyter_runtime_dir()))
    command = lab_command(jupyter=Path(sys.executable).with_name("jupyter"), notebooks=paths.NOTEBOOKS_DIR,
                          port=args.port, ip=args.ip, is_root=is_root, has_browser=has_browser, use_ipc=use_ipc)
    notes = [f"JupyterLab on {paths.NOTEBOOKS_DIR}, port {args.port} (the next free one if taken)."]
    if is_root:
        notes.append("Running as root: --allow-root added.")
    notes.append("Open the http://...:PORT/lab?token=... address printed below" +
                 ("; no web browser found here, so none is opened." if not has_browser else "."))
    notes.append("Ctrl-C stops JupyterLab.")
    print("\n".join(notes), file=sys.stderr, flush=True)
    os.execve(command[0], command, lab_environment(os.environ))
    return 0  # not reached: execve replaces this process


if __name__ == "__main__":
    sys.exit(main())
