"""The site's own sign-in and sign-out, in the site's look and language.

Teachers, venue managers, base staff and volunteers are not web editors: they sign in
here (not on the admin's page) and land where their work is (outreach.landing).
"""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from outreach.landing import landing_url


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
