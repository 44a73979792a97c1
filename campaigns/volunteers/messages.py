"""What the volunteers' part tells a volunteer: an outbox message and an in-site notice."""

from outreach import notify
from outreach.models import Notification

from .models import Notice


def tell(volunteer, key, subject, body, link="", sms=False, notice=None):
    """Queue the message once per key (outbox) and leave an in-site notice (`notice`, or
    the body, with the link beside it)."""
    if volunteer is None or volunteer.deleted_at is not None:
        return
    full_key = f"volunteers:{key}"
    # Where both are known, the volunteer's choice of SMS or e-mail (Profile.contact_by).
    profile = getattr(volunteer.user, "profile", None) if volunteer.user_id else None
    channels = notify.channels_for(
        volunteer.email, volunteer.mobile if sms else "", getattr(profile, "contact_by", "")
    )
    if Notification.EMAIL in channels:
        notify.queue(full_key + ":mail", volunteer.email, body, subject=subject)
    if Notification.SMS in channels:
        notify.queue(full_key + ":sms", volunteer.mobile, body, channel=Notification.SMS)
    Notice.objects.get_or_create(
        key=full_key,
        defaults={"volunteer": volunteer, "text": f"{subject}：{notice or body}"[:300], "link": link},
    )
