from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func, *args, **kwargs):
    """Run func and return (its result, the number of database queries it made)."""
    with CaptureQueriesContext(connection) as captured:
        result = func(*args, **kwargs)
    return result, len(captured)


def race(func, n=4, connections=None):
    """Run func in n threads released at the same instant; return the sorted results.

    Each thread closes its own database connection. Any exception a thread raised is
    re-raised here, so a failure inside a thread fails the test. `connections` bounds how
    many threads hold a database connection at once (PostgreSQL allows 100 in all).
    """
    import threading

    from django.db import connection as thread_connection

    barrier = threading.Barrier(n)
    gate = threading.BoundedSemaphore(connections or n)
    results, errors = [], []

    def target():
        barrier.wait()
        with gate:
            try:
                results.append(func())
            except Exception as error:  # noqa: BLE001 - re-raised below
                errors.append(error)
            finally:
                thread_connection.close()

    threads = [threading.Thread(target=target) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sorted(results, key=repr)


def assert_sent_to_dashboard(response):
    """Wagtail answers a screen the user may not use with a redirect to the admin's
    dashboard (and an error message there), never the screen itself."""
    from django.urls import reverse

    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")


def assert_sent_to_admin_sign_in(response, path):
    """Someone who may not enter the admin (anonymous, or a site-only role) is sent to the
    admin's sign-in page, which brings them back to `path` — never the screen itself."""
    from urllib.parse import urlencode

    from django.urls import reverse

    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?{urlencode({'next': path}, safe='/')}"
