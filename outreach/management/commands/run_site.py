import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

from outreach.demo import DEMO_PASSWORD


class StopRequest:
    """Ctrl-C or SIGTERM (a supervisor, `docker stop`, make passing it on) stops both.

    The handler only records the request: an exception raised between starting a child and
    recording it would leave that child running.
    """

    def __init__(self):
        self.requested = False

    def __call__(self, signum, frame):
        self.requested = True


class Command(BaseCommand):
    help = "Run the web server and the django-q2 worker together; Ctrl-C or SIGTERM stops both."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("RUN_ADDR", "127.0.0.1:8000"))

    def handle(self, *args, addr, **options):
        manage = [sys.executable, "manage.py"]
        stop = StopRequest()
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        processes = []
        try:
            processes.append(subprocess.Popen([*manage, "qcluster"]))
            processes.append(subprocess.Popen([*manage, "runserver", "--noreload", addr]))
            self.stdout.write(
                self.style.SUCCESS(
                    f"\n网站：http://{addr}/\n管理后台：http://{addr}/admin/  账号 admin  密码 {DEMO_PASSWORD}\n"
                    "各角色演示账号：editor reviewer township school bureau venue base zhujian，"
                    "志愿者 13900000119（密码同上；在 /accounts/login/ 登录）\n"
                    "按 Ctrl-C 同时停止网站和后台任务。\n"
                )
            )
            ping = subprocess.Popen([*manage, "ping_worker", "--timeout", "60"])
            while not stop.requested and all(p.poll() is None for p in processes):
                time.sleep(0.2)
            processes.append(ping)
        finally:
            # A second signal while stopping must not leave a child behind.
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in processes:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
            self.stdout.write("已停止。")
