"""Admin screen: the bureau imports schools and classes from a spreadsheet (registered
with register_admin_urls; it checks its own permissions)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..importers import ImportRefused, import_schools_and_classes, template_xlsx
from ..models import Term
from ..permissions import can_import


class ImportForm(forms.Form):
    term = forms.ModelChoiceField(Term.objects.all(), label=gettext_lazy("班级所属学期"), empty_label=None)
    file = forms.FileField(label=gettext_lazy("文件（.xlsx或.csv）"))


def _check(request):
    if not can_import(request.user):
        raise PermissionDenied


def import_view(request):
    _check(request)
    errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_schools_and_classes(form.cleaned_data["file"], form.cleaned_data["term"])
            except ImportRefused as refused:
                errors = refused.errors
            else:
                messages.success(
                    request,
                    _("导入完成：新增学校%(sc)d所、更新%(su)d所；新增班级%(cc)d个、更新%(cu)d个。")
                    % {
                        "sc": result.schools_created,
                        "su": result.schools_updated,
                        "cc": result.classes_created,
                        "cu": result.classes_updated,
                    },
                )
                return redirect("courses_admin:import")
    else:
        form = ImportForm(initial={"term": Term.objects.current()})
    return TemplateResponse(
        request,
        "courses/admin/import.html",
        {"form": form, "errors": errors, "page_title": _("导入学校和班级"), "header_icon": "upload"},
    )


def import_template(request):
    _check(request)
    response = HttpResponse(
        template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="schools-classes-template.xlsx"'
    return response
