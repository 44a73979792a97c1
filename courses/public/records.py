"""Logging and correcting lessons and drills, by a school's own staff only."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from outreach.http import parse_id

from ..forms import DrillForm, LessonForm
from ..models import Drill, Lesson, Term
from ..permissions import editable_school, record_for_change, staff_login_required

KINDS = {
    "lesson": (Lesson, LessonForm, _("登记消防课"), _("修改消防课记录")),
    "drill": (Drill, DrillForm, _("登记疏散演练"), _("修改疏散演练记录")),
}


def _back(record_or_school, term, anchor):
    school = getattr(record_or_school, "school", record_or_school)
    return f"{reverse('courses:school', args=[school.pk])}?term={term.pk}#{anchor}"


def _form_page(request, kind, school, term, instance=None):
    model, form_class, create_title, edit_title = KINDS[kind]
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=instance, school=school, term=term)
        if form.is_valid():
            with transaction.atomic():
                record = form.save(commit=False)
                if instance is None:
                    record.created_by = request.user
                record.school, record.term = school, term
                record.save()
                form.save_m2m()
                form.save_photos(record)
            messages.success(request, _("已保存。"))
            return redirect(_back(school, term, f"{kind}s"))
    else:
        form = form_class(instance=instance, school=school, term=term)
    return render(
        request,
        "courses/record_form.html",
        {
            "form": form,
            "school": school,
            "term": term,
            "kind": kind,
            "title": edit_title if instance else create_title,
            "instance": instance,
        },
    )


@staff_login_required
def record_create(request, pk, kind):
    school = editable_school(request.user, pk)
    term_id = parse_id(request.GET.get("term") or request.POST.get("term"))
    term = get_object_or_404(Term, pk=term_id) if term_id else Term.objects.current()
    if term is None:
        messages.error(request, _("还没有设置学期，请联系教体局。"))
        return redirect("courses:school", pk=school.pk)
    return _form_page(request, kind, school, term)


@staff_login_required
def record_edit(request, kind, record_id):
    model = KINDS[kind][0]
    record = record_for_change(request.user, model.objects, record_id)
    return _form_page(request, kind, record.school, record.term, instance=record)


@staff_login_required
def record_delete(request, kind, record_id):
    model = KINDS[kind][0]
    record = record_for_change(request.user, model.objects, record_id)
    if request.method == "POST":
        back = _back(record, record.term, f"{kind}s")
        record.delete()
        messages.success(request, _("记录已删除。"))
        return redirect(back)
    return render(
        request, "courses/record_delete.html", {"record": record, "kind": kind, "school": record.school}
    )
