"""Who may do what with the base's bookings, in terms of outreach.access only.

- base staff (and superusers): every booking, slot and staff screen of the base;
- everyone else: a booking only through its private link (the token is the permission).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from outreach import access, roles


def is_base_staff(user):
    return access.has_role(user, roles.BASE_STAFF)


def base_staff_required(view):
    """A staff screen: 403 for anyone who is not base staff."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_base_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def can_see_letter(user, name):
    """Letters of application: base staff only, like the queue that links them."""
    from .models import Booking

    return is_base_staff(user) and Booking.objects.filter(letter=name).exists()
