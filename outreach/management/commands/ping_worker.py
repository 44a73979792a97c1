import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django_q.tasks import async_task, fetch


class Command(BaseCommand):
    help = "Send a task to the django-q2 worker and wait for its answer."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30)

    def handle(self, *args, timeout, **options):
        token = uuid.uuid4().hex[:8]
        task_id = async_task("outreach.tasks.ping", token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            task = fetch(task_id)
            if task is not None:
                if not task.success:
                    raise CommandError(f"任务失败：{task.result}")
                self.stdout.write(self.style.SUCCESS(f"后台任务已完成：{task.result}"))
                return
            time.sleep(0.5)
        raise CommandError(f"{timeout:.0f} 秒内后台任务没有完成：请检查 qcluster 是否在运行。")
