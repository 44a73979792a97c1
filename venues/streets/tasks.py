"""Background jobs of the culture streets, run by the django-q2 cluster. Safe to retry."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from outreach import roles

from .models import DamageReport


def notify_new_report(report_id):
    """E-mail the officers of the street's township; their staff screen lists it anyway."""
    report = DamageReport.objects.select_related("element__street__township", "element__kind").get(
        pk=report_id
    )
    township = report.element.street.township
    officers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.TOWNSHIP_OFFICER, profile__township=township)
        .exclude(email="")
    )
    recipients = sorted({user.email for user in officers})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"report": report, "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}
        subject = render_to_string("streets/email/new_report_subject.txt", context).strip()
        body = render_to_string("streets/email/new_report.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)
