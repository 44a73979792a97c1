from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from campaigns.admin import views as admin_views
from campaigns.models import CampaignIndexPage, NewsIndexPage, PublicityMonthSettings, ResourceIndexPage
from campaigns.permissions import can_view_ledger
from outreach.admin_menu import MenuItemFor
from outreach.banners import SITE_BANNERS_HOOK


@hooks.register(SITE_BANNERS_HOOK)
def publicity_month_banner(request):
    """The year's 119 theme and slogan, on every page while the setting says so."""
    month = PublicityMonthSettings.for_visitor(request)
    if month is None or not month.banner_visible:
        return ""
    # Rendered without the request: the banner is the same for every visitor of a cached page.
    return render_to_string("campaigns/includes/banner.html", {"month": month})


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [
        path("campaigns/coverage/", admin_views.ledger, name="campaigns_coverage"),
        path("campaigns/coverage/items/", admin_views.ledger_items, name="campaigns_coverage_items"),
        path("campaigns/coverage/export.csv", admin_views.export_csv, name="campaigns_coverage_csv"),
        path("campaigns/coverage/export.xlsx", admin_views.export_xlsx, name="campaigns_coverage_xlsx"),
    ]


def section_shown(model):
    """The ledger's readers see a campaign section's item once the section exists."""
    return lambda user: can_view_ledger(user) and model.objects.exists()


def section_url(model):
    """The page explorer opened on the section (asked when the menu is drawn)."""
    return lambda: reverse("wagtailadmin_explore", args=[model.objects.values_list("pk", flat=True).first()])


def section_item(label, model, **kwargs):
    return MenuItemFor(label, section_url(model), shown_to=section_shown(model), **kwargs)


@hooks.register("register_admin_menu_item")
def register_campaigns_menu():
    menu = Menu(
        items=[
            section_item(_("宣传活动"), CampaignIndexPage, icon_name="pick", order=100),
            section_item(_("新闻动态"), NewsIndexPage, icon_name="doc-full", order=200),
            section_item(_("宣传资源库"), ResourceIndexPage, icon_name="folder-open-inverse", order=300),
            MenuItemFor(
                _("覆盖台账"),
                reverse_lazy("campaigns_coverage"),
                shown_to=can_view_ledger,
                icon_name="table",
                order=400,
            ),
        ]
    )
    return SubmenuMenuItem(_("五进宣传"), menu, icon_name="pick", order=250)
