"""The site's own sign-in and sign-out, in the site's look and language, and what
deleting an account removes.

Teachers, venue managers, base staff and volunteers are not web editors: they sign in
here (not on the admin's page) and land where their work is (outreach.landing).

Deleting an account, however it is deleted (a volunteer's own 注销, an administrator
deleting the user in the admin, `delete_account` below), runs `forget_account` inside
the deletion's transaction: every app removes or anonymises its own part through the
`account_deleting` signal (the core knows no domain app), then the core forgets the
person's messages and sign-in records. What the law asks the organisation to keep (the
volunteer service record: hours, event, date, who recorded them) stays, without the
person's name; the README lists what goes and what stays.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from outreach.landing import landing_url
from outreach.models import Notification

# Sent with `user=` inside the transaction that deletes the account, before the row goes.
# A receiver removes or anonymises what its app holds of the person and returns the
# contact addresses (mobile numbers, e-mail addresses) it knew them by, or nothing.
account_deleting = Signal()


class SiteAuthenticationForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名或手机号"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("用户名或密码不对，请再试一次。注意区分大小写。"),
        "inactive": _("这个账号已停用，请联系管理员。"),
    }


class SiteLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SiteAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


class SiteLogoutView(auth_views.LogoutView):
    next_page = "/"


def delete_account(user):
    """Delete a sign-in account and everything personal it leaves (`forget_account`)."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        user.delete()


def forget_account(sender, instance, using="default", **kwargs):
    """pre_delete of the user model: each app's part, then messages and sign-in records."""
    addresses = {instance.get_username(), instance.email}
    for _receiver, answer in account_deleting.send(sender=sender, user=instance):
        addresses.update(answer or ())
    forget_addresses(addresses, using=using)
    # The audit log keeps that the account was changed or deleted, and by whom, but not
    # its user name (a volunteer's is their mobile number).
    ModelLogEntry.objects.using(using).filter(
        content_type__app_label=instance._meta.app_label,
        content_type__model=instance._meta.model_name,
        object_id=str(instance.pk),
    ).update(label=gettext("已注销账号"))


def forget_addresses(addresses, using="default"):
    """Messages to these addresses: pending ones cancelled, every one's addressee, subject
    and body blanked (the row stays, so a repeated key still sends nothing). Sign-in
    records under them (attempts, lockouts, the access log) deleted."""
    addresses = {address.strip() for address in addresses if address and address.strip()}
    if not addresses:
        return
    to = Q()
    username = Q()
    for address in addresses:
        to |= Q(to__iexact=address)
        username |= Q(username__iexact=address)
    messages = Notification.objects.using(using).filter(to)
    messages.filter(status=Notification.PENDING).update(status=Notification.CANCELLED)
    messages.update(to="", subject="", body="", last_error="")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.using(using).filter(username).delete()


class ContactChoiceForm(forms.Form):
    contact_by = forms.ChoiceField(
        label=_("有手机号也有邮箱时，怎样通知我"),
        required=False,
        choices=[("", _("短信和邮件都发")), ("sms", _("只发短信")), ("email", _("只发电子邮件"))],
        widget=forms.RadioSelect,
    )


def contact_choice(request):
    """A signed-in person chooses SMS or e-mail (outreach.notify.channels_for)."""
    from django.contrib import messages
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect

    from outreach.models import Profile

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="site_login")
    if request.method != "POST":
        return redirect("workbench")
    form = ContactChoiceForm(request.POST)
    if form.is_valid():
        Profile.objects.update_or_create(
            user=request.user, defaults={"contact_by": form.cleaned_data["contact_by"]}
        )
        messages.success(request, gettext("通知方式已保存。"))
    else:
        messages.error(request, gettext("请选择一种通知方式。"))
    return redirect("workbench")
