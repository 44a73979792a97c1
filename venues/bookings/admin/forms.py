"""Staff forms: check-in at the door, reasons for decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("预约码"), max_length=20)
    attended = forms.IntegerField(label=_("实到人数"), min_value=1, max_value=999, required=False)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)
