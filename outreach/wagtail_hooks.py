from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach import page_cache
from outreach.access import township_filter
from outreach.admin_scope import ListedDeleteBulkAction, ListingScopedChooserViewSet
from outreach.models import Profile, SmsTemplate, Township


class PageSearchView(SearchView):
    """The admin's page search, saying what it counts: "共 4 个页面", not "共 4 个None"
    (Wagtail's view names no model, and the listing's header prints the name)."""

    verbose_name = _("页面")
    verbose_name_plural = _("页面")


# The base page viewset builds its views when the admin's URLs load, after this module.
base_page_viewset.search_view_class = PageSearchView


class TownshipViewSet(SnippetViewSet):
    model = Township
    icon = "site"
    menu_label = _("乡镇")
    list_display = ["name", "code", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "name"]
    chooser_viewset_class = ListingScopedChooserViewSet

    def get_queryset(self, request):
        # Also what the township chooser (venues, schools, news pages) offers the user.
        return Township.objects.filter(township_filter(request.user)).order_by("sort_order", "name")


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("用户归属")
    list_display = ["user", "township", "phone"]
    list_filter = ["township"]
    search_fields = ["user__username", "user__first_name", "phone"]
    chooser_viewset_class = ListingScopedChooserViewSet

    def get_queryset(self, request):
        # Names and phone numbers: only for those who administer accounts, in the chooser too.
        policy = ModelPermissionPolicy(Profile)
        if policy.user_has_any_permission(request.user, ["add", "change", "delete", "view"]):
            return Profile.objects.select_related("user", "township")
        return Profile.objects.none()


class SmsTemplateViewSet(SnippetViewSet):
    model = SmsTemplate
    icon = "mail"
    menu_label = _("短信模板")
    list_display = ["kind", "name", "template_id", "sign_name", "is_active"]
    copy_view_enabled = False


class CoreViewSetGroup(SnippetViewSetGroup):
    items = (TownshipViewSet, ProfileViewSet, SmsTemplateViewSet)
    menu_icon = "cog"
    menu_label = _("基础数据")
    menu_name = "core"
    menu_order = 900


register_snippet(CoreViewSetGroup)

# After Wagtail's own (order 0), so it takes the place of the snippets' bulk delete.
hooks.register("register_bulk_action", ListedDeleteBulkAction, order=1)


@hooks.register("before_serve_page")
def cache_public_pages(page, request, serve_args, serve_kwargs):
    """A page anyone may read can be served from the cache; restricted ones never are."""
    if not page.get_view_restrictions().exists():
        page_cache.mark_cacheable(request)


@hooks.register("register_admin_urls")
def login_lock_urls():
    from django.urls import path

    from outreach.login_locks import login_locks

    return [path("login-locks/", login_locks, name="outreach_login_locks")]


@hooks.register("register_settings_menu_item")
def login_lock_menu_item():
    from django.urls import reverse

    from outreach.admin_menu import MenuItemFor

    return MenuItemFor(
        _("登录锁定"),
        reverse("outreach_login_locks"),
        shown_to=lambda user: user.is_superuser,
        icon_name="lock",
        order=900,
    )


@hooks.register("construct_page_action_menu")
def submit_first_for_those_who_cannot_publish(menu_items, request, context):
    """An editor who cannot publish sees "提交给宣传审核" as the main button, not hidden in
    the menu behind "保存草稿": submitting is what they are there to do."""
    names = [item.name for item in menu_items]
    if "action-publish" in names or "action-submit" not in names:
        return
    submit = menu_items.pop(names.index("action-submit"))
    menu_items.insert(0, submit)


@hooks.register("construct_page_action_menu")
def approve_first_for_the_reviewer(menu_items, request, context):
    """A reviewer opening a page in review sees 批准并发布 as the main button, not 保存草稿
    with the approval and a separate 发布 under the arrow. The separate 发布 goes: it would
    publish around the review, leaving the page's review open and unrecorded."""
    approve = next(
        (item for item in menu_items if isinstance(item, WorkflowMenuItem) and item.name == "approve"), None
    )
    if approve is None:
        return
    menu_items[:] = [item for item in menu_items if item is not approve and item.name != "action-publish"]
    menu_items.insert(0, approve)


@hooks.register("register_admin_urls")
def editor_guide_urls():
    from django.urls import path

    from outreach.editor_guide import editor_guide

    return [path("guide/", editor_guide, name="outreach_editor_guide")]


# Wagtail's own help links lead to release notes and an English guide on wagtail.org.
FOREIGN_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def our_guide_in_the_help_menu(request, menu_items):
    from django.urls import reverse

    menu_items[:] = [item for item in menu_items if not item.name.startswith(FOREIGN_HELP_ITEMS)]
    menu_items.insert(
        0,
        MenuItem(
            _("编辑使用指南"),
            reverse("outreach_editor_guide"),
            name="outreach-guide",
            icon_name="help",
            order=100,
        ),
    )


@hooks.register("construct_homepage_panels")
def no_wagtail_release_news(request, panels):
    """The dashboard's "what's new in Wagtail" banner points editors to Wagtail's English
    release notes and guide; the site's own guide is in the help menu."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "whats_new_in_wagtail_version"]


@hooks.register("after_edit_page")
def confirm_approval(request, page):
    """Tell the reviewer in plain words that their approval published the page."""
    if request.POST.get("workflow-action-name") == "approve":
        # The view's page object predates the publish that the approval triggered.
        if Page.objects.filter(pk=page.pk, live=True, has_unpublished_changes=False).exists():
            messages.success(request, _("已审核通过并发布：“%(title)s”。") % {"title": page.title})
        else:
            messages.success(
                request, _("已审核通过：“%(title)s”，进入下一审核环节。") % {"title": page.title}
            )
