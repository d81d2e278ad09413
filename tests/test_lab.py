"""make lab: the jupyter lab command line for root, for machines without a browser, and IPC kernels."""

from pathlib import Path

import pytest

from govreports.report.lab import ipc_fits, lab_command, lab_environment

BASE = ["jupyter", "lab", "nb", "--port=8888", "--ip=localhost"]


@pytest.mark.parametrize(
    "is_root, has_browser, use_ipc, extra",
    [
        (False, True, True, ["--KernelManager.transport=ipc"]),
        (True, True, True, ["--KernelManager.transport=ipc", "--allow-root"]),
        (False, False, True, ["--KernelManager.transport=ipc", "--no-browser"]),
        (True, False, False, ["--allow-root", "--no-browser"]),
    ],
)
def test_lab_command_adds_only_what_the_machine_needs(is_root, has_browser, use_ipc, extra):
    command = lab_command(jupyter=Path("jupyter"), notebooks=Path("nb"), port=8888, ip="localhost",
                          is_root=is_root, has_browser=has_browser, use_ipc=use_ipc)
    assert command == BASE + extra


def test_lab_command_passes_port_and_ip():
    command = lab_command(jupyter=Path("jupyter"), notebooks=Path("nb"), port=9999, ip="0.0.0.0",
                          is_root=False, has_browser=True, use_ipc=False)
    assert command == ["jupyter", "lab", "nb", "--port=9999", "--ip=0.0.0.0"]


@pytest.mark.parametrize(
    "runtime_dir, fits",
    [
        ("/root/.local/share/jupyter/runtime", True),   # 34 + 1 + 49 (kernel-<id>-ipc-5) = 84 characters
        ("/" + "r" * 57, True),                          # 58 + 1 + 49 = 108: at the limit
        ("/" + "r" * 58, False),                         # one more
    ],
)
def test_ipc_is_used_only_where_the_socket_path_fits(runtime_dir, fits):
    assert ipc_fits(Path(runtime_dir), max_len=108) is fits


def test_lab_environment_drops_the_batch_backend_only():
    assert lab_environment({"MPLBACKEND": "Agg", "PATH": "/bin", "CORPUS": "/data"}) == {"PATH": "/bin", "CORPUS": "/data"}
