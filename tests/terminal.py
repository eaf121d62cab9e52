"""A real terminal for tests: a command run in a detached tmux session of a given size, its screen read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest


def terminal_env(**settings: str) -> dict[str, str]:
    """This process's environment without what would fix the size (COLUMNS, LINES) or nest tmux, plus `settings`."""
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "TMUX")}
    env.update(settings)
    return env


def screen_after(command: str, env: dict[str, str], *, width: int, done: str, height: int = 50) -> str:
    """The screen (and scroll-back, wrapped lines joined) of a `width`-column tmux session running `command`
    once `done` shows on it (up to 30 s); skipped when tmux is not installed."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    tmux = ["tmux", "-L", f"planctl-test-{os.getpid()}", "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-x", str(width), "-y", str(height), f"{command}; echo {done}; sleep 60"],
                   env=env, check=True, timeout=30)
    try:
        shown = ""
        for _ in range(300):
            shown = subprocess.run([*tmux, "capture-pane", "-p", "-J", "-S", "-2000"], env=env, capture_output=True,
                                   text=True, timeout=30).stdout
            if done in shown:
                break
            time.sleep(0.1)
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True, timeout=30)
    return shown


def screen_answering(command: str, env: dict[str, str], *, prompt: str, keys: str, done: str, width: int = 100) -> str:
    """The screen of a `width`-column tmux session running `command`, once `done` shows on it (up to 60 s),
    after `keys` (tmux key names, e.g. C-c) were typed each time `prompt` showed without `done`; skipped when
    tmux is not installed."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    tmux = ["tmux", "-L", f"planctl-keys-{os.getpid()}", "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-x", str(width), "-y", "20", f"{command}; echo {done}$?; sleep 60"],
                   env=env, check=True, timeout=30)
    try:
        shown = ""
        for _ in range(300):
            shown = subprocess.run([*tmux, "capture-pane", "-p", "-J"], env=env, capture_output=True, text=True,
                                   timeout=30).stdout
            if done in shown:
                break
            if prompt in shown:
                subprocess.run([*tmux, "send-keys", keys], env=env, check=True, timeout=30)
            time.sleep(0.2)
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True, timeout=30)
    return shown
