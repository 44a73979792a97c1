from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.uploads import DocumentField


class ReportedValueForm(forms.Form):
    value = forms.DecimalField(label=_("数值"), max_digits=12, decimal_places=2, min_value=0)
    as_of = forms.DateField(
        label=_("统计截至"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("说明"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = DocumentField(label=_("佐证材料（PDF或照片）"))

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("统计日期不能晚于今天。"))
        return as_of


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("核实通过")), ("reject", _("退回"))])
    note = forms.CharField(label=_("核实意见"), max_length=300, required=False)


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("评估年度"), min_value=2000, max_value=2100)
    causes = forms.CharField(
        label=_("原因分析"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    measures = forms.CharField(
        label=_("下一步措施"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
