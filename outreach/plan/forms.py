import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from outreach import indicators as registry
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

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("note", "").strip():
            # The reason goes to the audit log and back to the unit: a return needs one.
            self.add_error("note", _("退回时请写明原因。"))
        return data


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("评估年度"), min_value=2000, max_value=2100)
    causes = forms.CharField(
        label=_("原因分析"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    measures = forms.CharField(
        label=_("下一步措施"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CarryOverForm(forms.Form):
    """The next plan: its name, number and period, and which indicators carry over."""

    name = forms.CharField(label=_("规划名称"), max_length=80)
    slug = forms.SlugField(label=_("网址代码"), max_length=40, help_text=_("如 15th；公开页面的长期地址。"))
    document = forms.CharField(label=_("文号"), max_length=40, required=False)
    start = forms.DateField(label=_("规划期开始"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("规划期结束"), widget=forms.DateInput(attrs={"type": "date"}))
    codes = forms.MultipleChoiceField(
        label=_("接续的指标"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("基期值取上一规划的终期值；不勾选的指标不再监测。新增指标在“规划指标”中添加。"),
    )

    def __init__(self, *args, previous, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.fields["codes"].choices = [(i.code, i.name) for i in indicators]
        self.fields["codes"].initial = [i.code for i in indicators]
        self.initial.setdefault("start", previous.end + datetime.timedelta(days=1))
        self.initial.setdefault("end", previous.end.replace(year=previous.end.year + 5))

    def clean_slug(self):
        from .models import Plan

        slug = self.cleaned_data["slug"]
        if Plan.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("这个网址代码已被其他规划使用。"))
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("规划期结束必须晚于开始。"))
        if start and start <= self.previous.end:
            self.add_error("start", _("新规划应在上一规划结束之后开始。"))
        return data


class IndicatorForm(WagtailAdminModelForm):
    """The indicator's source is chosen from the sources the apps registered, so a typo
    cannot leave an indicator reading "无数据" for ever. A key kept from before whose app
    is not installed yet stays selectable, marked as such."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（责任单位填报，无平台数据源）"))] + registry.choices()
        current = self.instance.source_key if self.instance and self.instance.pk else ""
        if current and current not in dict(choices):
            choices.append((current, _("%(key)s（尚未上线的模块）") % {"key": current}))
        self.fields["source_key"] = forms.ChoiceField(
            label=_("平台数据源"),
            choices=choices,
            required=False,
            help_text=_("从已登记的平台数据源中选择；“责任单位填报”的指标留空。"),
        )
