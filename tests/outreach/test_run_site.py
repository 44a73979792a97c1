"""`make run` under a supervisor: a SIGTERM stops the web server and the worker too."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The command, with its two children replaced by long sleeps that print their pids:
# what is tested is that run_site passes the stop on, not Django's server.
SCRIPT = """
import subprocess, sys
import django
django.setup()
from outreach.management.commands import run_site

real_popen = subprocess.Popen

def fake_popen(args, *a, **kw):
    if "ping_worker" in args:
        return real_popen([sys.executable, "-c", "pass"])
    # Not holding the test's pipe: a failing run_site ends the test's read at once.
    child = real_popen(
        [sys.executable, "-c", "import time; time.sleep(300)"], stdout=subprocess.DEVNULL
    )
    print("child", child.pid, flush=True)
    return child

run_site.subprocess.Popen = fake_popen
from django.core.management import call_command
call_command("run_site", addr="127.0.0.1:0")
"""


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that exited but is not yet reaped by its (dead) parent is gone for us too.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("after_children", [1, 2])
def test_a_stop_signal_stops_the_server_and_the_worker(sig, after_children):
    """Also when the signal comes while the second process is being started."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outreach.settings.test"}
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    children = []
    try:
        while len(children) < 2:
            line = proc.stdout.readline()
            assert line, "run_site ended before starting its two processes"
            if line.startswith("child "):
                children.append(int(line.split()[1]))
                if len(children) == after_children:
                    proc.send_signal(sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in children), "a child was left running"
        assert "已停止" in proc.stdout.read()
    finally:
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
