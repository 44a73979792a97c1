from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func, *args, **kwargs):
    """Run func and return (its result, the number of database queries it made)."""
    with CaptureQueriesContext(connection) as captured:
        result = func(*args, **kwargs)
    return result, len(captured)
