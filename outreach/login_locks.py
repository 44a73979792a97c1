"""The admin screen listing sign-in lockouts (django-axes) and unlocking them."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from outreach.http import parse_id


def login_locks(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        pk = parse_id(request.POST.get("unlock"))
        if pk and AccessAttempt.objects.filter(pk=pk).delete()[0]:
            messages.success(request, _("已解除锁定。"))
        return redirect("outreach_login_locks")
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    limit = settings.AXES_FAILURE_LIMIT
    return TemplateResponse(
        request,
        "outreach/admin/login_locks.html",
        {"attempts": [(a, a.failures_since_start >= limit) for a in attempts], "limit": limit},
    )
