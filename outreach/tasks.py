"""Background jobs of the shared core, run by the django-q2 cluster."""

from django.utils import timezone


def ping(token):
    """Proves a worker is alive: returns the token with the time the worker saw it."""
    return f"{token} @ {timezone.localtime():%Y-%m-%d %H:%M:%S}"
