"""Settings come from the environment; production passes Django's deploy checks."""

import os
import subprocess
import sys

import pytest
from django_q.tasks import async_task, result


def clean_env(**env):
    """This process's environment without what the test run itself set."""
    skipped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**{k: v for k, v in os.environ.items() if k not in skipped}, **env}


def run_python(code, **env):
    full_env = clean_env(**env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(
            DJANGO_SETTINGS_MODULE="outreach.settings.production",
            SECRET_KEY="a-real-looking-secret-key-with-enough-length-and-variety-0123456789",
            ALLOWED_HOSTS="119.xiuwu.example",
        ),
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_production_refuses_to_start_without_secret_key():
    completed = run_python(
        "import django; django.setup()", DJANGO_SETTINGS_MODULE="outreach.settings.production", SECRET_KEY=""
    )
    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


def test_environment_switches_database_cache_and_queue():
    code = (
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.DATABASES['default']['ENGINE']); print(s.CACHES['default']['BACKEND']);"
        "print(s.Q_CLUSTER.get('redis')); print(s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    completed = run_python(
        code,
        DJANGO_SETTINGS_MODULE="outreach.settings.dev",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert completed.returncode == 0, completed.stderr
    engine, cache, broker, language = completed.stdout.split("\n")[:4]
    assert engine == "django.db.backends.postgresql"
    assert cache == "django.core.cache.backends.redis.RedisCache"
    assert broker == "redis://127.0.0.1:6379/3"
    assert language == "zh-hans Asia/Shanghai"


@pytest.mark.parametrize(
    "env, cache_location, broker",
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/3"}, "redis://127.0.0.1:6379/4", "redis://127.0.0.1:6379/3"),
        (
            {"REDIS_URL": "redis://:pw@redis.lan:6380"},
            "redis://:pw@redis.lan:6380/1",
            "redis://:pw@redis.lan:6380",
        ),
        (
            {"REDIS_URL": "redis://q.lan:6379/0", "REDIS_CACHE_URL": "redis://cache.lan:6379/0"},
            "redis://cache.lan:6379/0",
            "redis://q.lan:6379/0",
        ),
    ],
)
def test_cache_and_queue_never_share_a_redis_database(env, cache_location, broker):
    completed = run_python(
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.CACHES['default']['LOCATION']); print(s.Q_CLUSTER['redis'])",
        DJANGO_SETTINGS_MODULE="outreach.settings.dev",
        **{"REDIS_CACHE_URL": "", **env},
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split("\n")[:2] == [cache_location, broker]


def test_without_redis_the_queue_lives_in_the_database():
    completed = run_python(
        "from django.conf import settings as s; import django; django.setup(); print(s.Q_CLUSTER['orm'])",
        DJANGO_SETTINGS_MODULE="outreach.settings.dev",
        REDIS_URL="",
    )
    assert completed.stdout.strip() == "default"


@pytest.mark.django_db
def test_a_task_sent_to_the_worker_completes():
    task_id = async_task("outreach.tasks.ping", "abc")
    assert result(task_id).startswith("abc @ ")


def redis_is_up():
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not redis_is_up(), reason="no Redis server on 127.0.0.1:6379")
def test_with_redis_url_the_cache_and_queue_use_redis():
    code = (
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        "from django_q.brokers import get_broker\n"
        "cache.set('outreach-test', '消防', 30); print(cache.get('outreach-test'))\n"
        "broker = get_broker(); broker.purge_queue(); broker.enqueue('payload')\n"
        "task = broker.dequeue(); print(type(broker).__name__, task[0][1].decode()); broker.purge_queue()\n"
    )
    completed = run_python(
        code,
        DJANGO_SETTINGS_MODULE="outreach.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split("\n")[:2] == ["消防", "Redis payload"]
