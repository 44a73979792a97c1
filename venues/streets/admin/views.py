"""Staff screens, phone-sized: township officers keep their street and walls, reviewers accept.

Every view looks its object up through the user's scope: outside it the answer is 404,
so a township officer cannot even learn what another township has.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach.access import township_filter
from outreach.exports import csv_response, xlsx_response
from outreach.fonts import FontError
from outreach.http import parse_id
from outreach.models import Township

from .. import services
from ..county import county_rows, overdue_elements, retired_elements, street_detail
from ..exports import overdue_table, street_table, wall_table, workbook
from ..forms import ElementForm, MaintenanceForm, MilestoneForm, ReasonForm, ReviewForm, WallForm
from ..models import (
    CultureWall,
    DamageReport,
    Milestone,
    MilestonePhoto,
    ReportStatus,
    StreetElement,
    StreetPage,
    StreetStatus,
)
from ..permissions import COUNTY_ROLES, can_review, is_county_staff, keeps_streets, street_scope
from ..plates import plate_filename, render_plate

PAPERS = {"A4", "A3"}
FORMATS = {"png": "image/png", "pdf": "application/pdf"}


def staff_required(view):
    """Signed in, and either county staff or a township officer tied to a township."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="wagtailadmin_login")
        if not keeps_streets(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _township_q(user):
    return township_filter(user, COUNTY_ROLES)


def _street(user, pk):
    # A page's id is a one-to-one key, which Django does not range-check: an id past
    # 64 bits would reach the database (SQLite raises OverflowError).
    return get_object_or_404(
        StreetPage.objects.filter(street_scope(user)).select_related("township"), pk=parse_id(pk)
    )


def _element(user, pk):
    return get_object_or_404(
        StreetElement.objects.filter(street_scope(user, field="street__township")).select_related(
            "street", "kind"
        ),
        pk=pk,
    )


def _street_url(street, anchor=""):
    return reverse("streets:manage_street", args=[street.pk]) + (f"#{anchor}" if anchor else "")


@staff_required
def home(request):
    townships = Township.objects.filter(is_active=True).filter(_township_q(request.user))
    rows = county_rows(live_only=False, townships=townships)
    return render(
        request,
        "streets/manage/home.html",
        {
            "rows": rows,
            "is_county": is_county_staff(request.user),
            "can_review": can_review(request.user),
            "review_queue": [r for r in rows if r.street and r.street.status == StreetStatus.REQUESTED],
        },
    )


@staff_required
def overdue(request):
    """Elements past their re-inspection date, oldest due first: what to walk past this week."""
    today = timezone.localdate()
    elements = overdue_elements(street_scope(request.user, field="street__township"), today)
    for element in elements:
        element.days_overdue = (today - element.inspection_due_on()).days
    elements.sort(key=lambda e: (-e.days_overdue, e.pk))
    return render(request, "streets/manage/overdue.html", {"elements": elements, "today": today})


@staff_required
def street(request, pk):
    item = _street(request.user, pk)
    context = street_detail(item)
    context.update(
        {
            "street": item,
            "retired": retired_elements(item),
            "reports": DamageReport.objects.filter(
                element__street=item, status=ReportStatus.NEW
            ).select_related("element"),
            "events": item.status_events.select_related("user").order_by("-at", "-pk")[:10],
            "can_review": can_review(request.user),
            "review_form": ReviewForm(),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[item.pk]),
        }
    )
    return render(request, "streets/manage/street.html", context)


@staff_required
@require_POST
def change_status(request, pk):
    item = _street(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "start":
            services.start_building(item.pk, request.user)
            messages.success(request, _("已开始建设。"))
        elif action == "request":
            services.request_acceptance(item.pk, request.user)
            messages.success(request, _("已申请验收，请等待审核。"))
        elif action == "review":
            form = ReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择审核结论。"))
            if form.cleaned_data["decision"] == "accept":
                services.accept(item.pk, request.user, form.cleaned_data["comment"])
                messages.success(request, _("已验收通过并挂牌。"))
            else:
                services.send_back(item.pk, request.user, form.cleaned_data["comment"])
                messages.success(request, _("已退回整改。"))
        else:
            raise ValidationError(_("无法识别的操作。"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_street_url(item, "status"))


def _form_page(request, template_context, form, title, back):
    return render(
        request, "streets/manage/form.html", {"form": form, "title": title, "back": back, **template_context}
    )


@staff_required
def element_form(request, street_pk=None, pk=None):
    instance = _element(request.user, pk) if pk else None
    item = instance.street if instance else _street(request.user, street_pk)
    form = ElementForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        element = form.save(commit=False)
        element.street = item
        element.knowledge = form.cleaned_data["knowledge"]
        element.save()
        messages.success(request, _("已保存。"))
        return redirect(_street_url(item, "elements"))
    title = _("修改元素") if instance else _("添加元素")
    extra = {"street": item}
    if instance and instance.photo:
        extra["photo"] = {
            "url": instance.photo.url,
            "remove": reverse("streets:element_photo_remove", args=[instance.pk]),
        }
    return _form_page(request, extra, form, title, _street_url(item, "elements"))


@staff_required
def maintenance(request, pk):
    element = _element(request.user, pk)
    form = MaintenanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_maintenance(
                element.pk,
                request.user,
                form.cleaned_data["done_on"],
                form.cleaned_data["note"],
                form.cleaned_data["photo"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("维护记录已保存。"))
            return redirect(_street_url(element.street, "elements"))
    title = _("登记检查维护：%(name)s") % {"name": element.name}
    return _form_page(
        request, {"street": element.street}, form, title, _street_url(element.street, "elements")
    )


@staff_required
def plate(request, pk):
    element = _element(request.user, pk)
    paper = request.GET.get("paper", "A4")
    fmt = request.GET.get("format", "pdf")
    if paper not in PAPERS or fmt not in FORMATS:
        raise Http404
    try:
        data = render_plate(element, paper, fmt)
    except FontError as error:
        messages.error(request, str(error))
        return redirect(_street_url(element.street, "elements"))
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{plate_filename(element, paper, fmt)}"'
    return response


@staff_required
def milestone_form(request, street_pk=None, pk=None):
    instance = None
    if pk:
        instance = get_object_or_404(
            Milestone.objects.filter(street_scope(request.user, field="street__township")).select_related(
                "street"
            ),
            pk=pk,
        )
    item = instance.street if instance else _street(request.user, street_pk)
    form = MilestoneForm(request.POST or None, request.FILES or None, instance=instance, street=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            milestone = form.save(commit=False)
            milestone.street = item
            milestone.save()
            if form.cleaned_data.get("photo"):
                photo = MilestonePhoto(milestone=milestone, caption=form.cleaned_data.get("caption", ""))
                photo.image.save("photo.jpg", form.cleaned_data["photo"], save=True)
        messages.success(request, _("已保存。"))
        return redirect(_street_url(item, "milestones"))
    title = _("修改建设节点") if instance else _("添加建设节点")
    extra = {"street": item}
    if instance:
        extra["photos"] = [
            {
                "url": photo.image.url,
                "caption": photo.caption,
                "remove": reverse("streets:milestone_photo_remove", args=[photo.pk]),
            }
            for photo in instance.photos.all()
        ]
        extra["delete_url"] = reverse("streets:milestone_delete", args=[instance.pk])
    return _form_page(request, extra, form, title, _street_url(item, "milestones"))


@staff_required
@require_POST
def reject_report(request, pk):
    report = get_object_or_404(
        DamageReport.objects.filter(street_scope(request.user, field="element__street__township")), pk=pk
    )
    try:
        services.reject_report(report.pk, request.user, request.POST.get("reply", ""))
        messages.success(request, _("已答复报告人。"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(reverse("streets:manage_street", args=[report.element.street_id]) + "#reports")


@staff_required
def walls(request):
    queryset = CultureWall.objects.filter(street_scope(request.user)).select_related("township")
    return render(
        request, "streets/manage/walls.html", {"walls": queryset, "is_county": is_county_staff(request.user)}
    )


@staff_required
def wall_form(request, pk=None):
    instance = (
        get_object_or_404(CultureWall.objects.filter(street_scope(request.user)), pk=pk) if pk else None
    )
    townships = Township.objects.filter(is_active=True).filter(_township_q(request.user))
    form = WallForm(request.POST or None, request.FILES or None, instance=instance, townships=townships)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存。"))
        return redirect("streets:manage_walls")
    title = _("修改文化墙") if instance else _("登记文化墙")
    extra = {}
    if instance:
        if instance.photo:
            extra["photo"] = {
                "url": instance.photo.url,
                "remove": reverse("streets:wall_photo_remove", args=[instance.pk]),
            }
        extra["delete_url"] = reverse("streets:wall_delete", args=[instance.pk])
    return _form_page(request, extra, form, title, reverse("streets:manage_walls"))


@staff_required
def export(request, fmt):
    townships = Township.objects.filter(is_active=True).filter(_township_q(request.user))
    rows, sheets = workbook(townships)
    if fmt == "xlsx":
        return xlsx_response("culture-streets.xlsx", sheets)
    if request.GET.get("table") == "overdue":
        header, body = overdue_table(townships)
        return csv_response("culture-street-overdue-elements.csv", header, body)
    if request.GET.get("table") == "walls":
        header, body = wall_table(rows)
        return csv_response("culture-walls.csv", header, body)
    header, body = street_table(rows)
    return csv_response("culture-streets.csv", header, body)


# --- decisions that retire or remove something: a reason, then one clear button ---------


def _decide(request, *, title, explain, button, back, act, done):
    """A small page asking why, then `act(reason)`; refusals come back as messages."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "streets/manage/decide.html",
        {"form": form, "title": title, "explain": explain, "button": button, "back": back},
        status=400 if form.errors else 200,
    )


@staff_required
def element_retire(request, pk):
    element = _element(request.user, pk)
    return _decide(
        request,
        title=_("撤除元素：%(name)s") % {"name": element.name},
        explain=_("已拆除或更换的元素请撤除：它不再计入进度、检查提醒和“需维护”，检查记录和报修会保留。"),
        button=_("确认撤除"),
        back=_street_url(element.street, "elements"),
        act=lambda reason: services.retire_element(element.pk, request.user, reason),
        done=_("已撤除，进度已重新计算。"),
    )


@staff_required
def element_delete(request, pk):
    element = _element(request.user, pk)
    return _decide(
        request,
        title=_("删除元素：%(name)s") % {"name": element.name},
        explain=_("只用于误录的元素。已有检查维护记录或报修的元素不能删除，请改为撤除。"),
        button=_("确认删除"),
        back=_street_url(element.street, "elements"),
        act=lambda reason: services.delete_element(element.pk, request.user, reason),
        done=_("已删除。"),
    )


@staff_required
def element_photo_remove(request, pk):
    element = _element(request.user, pk)
    return _decide(
        request,
        title=_("删除照片：%(name)s") % {"name": element.name},
        explain=_("照片拍错了或不合适时删除；删除后请尽快补拍上传。"),
        button=_("确认删除照片"),
        back=reverse("streets:element_edit", args=[element.pk]),
        act=lambda reason: services.remove_photo(element, request.user, reason),
        done=_("照片已删除。"),
    )


def _milestone(user, pk):
    return get_object_or_404(
        Milestone.objects.filter(street_scope(user, field="street__township")).select_related("street"), pk=pk
    )


@staff_required
def milestone_delete(request, pk):
    milestone = _milestone(request.user, pk)
    return _decide(
        request,
        title=_("删除建设节点：%(title)s") % {"title": milestone.title},
        explain=_("节点和它的照片都会删除，进度会重新计算。"),
        button=_("确认删除"),
        back=_street_url(milestone.street, "milestones"),
        act=lambda reason: services.delete_milestone(milestone.pk, request.user, reason),
        done=_("已删除，进度已重新计算。"),
    )


@staff_required
def milestone_photo_remove(request, pk):
    photo = get_object_or_404(
        MilestonePhoto.objects.filter(
            street_scope(request.user, field="milestone__street__township")
        ).select_related("milestone__street"),
        pk=pk,
    )
    return _decide(
        request,
        title=_("删除照片：%(title)s") % {"title": photo.milestone.title},
        explain=_("照片拍错了或不合适时删除。"),
        button=_("确认删除照片"),
        back=reverse("streets:milestone_edit", args=[photo.milestone_id]),
        act=lambda reason: services.remove_photo(photo, request.user, reason),
        done=_("照片已删除。"),
    )


def _wall(user, pk):
    return get_object_or_404(CultureWall.objects.filter(street_scope(user)).select_related("township"), pk=pk)


@staff_required
def wall_delete(request, pk):
    wall = _wall(request.user, pk)
    return _decide(
        request,
        title=_("删除文化墙：%(wall)s") % {"wall": wall},
        explain=_("只用于误录或已拆除的文化墙；删除会记入操作记录。"),
        button=_("确认删除"),
        back=reverse("streets:manage_walls"),
        act=lambda reason: services.delete_wall(wall.pk, request.user, reason),
        done=_("已删除。"),
    )


@staff_required
def wall_photo_remove(request, pk):
    wall = _wall(request.user, pk)
    return _decide(
        request,
        title=_("删除照片：%(wall)s") % {"wall": wall},
        explain=_("照片拍错了或不合适时删除；删除后请尽快补拍上传。"),
        button=_("确认删除照片"),
        back=reverse("streets:wall_edit", args=[wall.pk]),
        act=lambda reason: services.remove_photo(wall, request.user, reason),
        done=_("照片已删除。"),
    )
