from .pages import (
    RESOURCE_KINDS,
    CampaignIndexPage,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    NewsPhoto,
    ResourceDownloads,
    ResourceIndexPage,
    ResourcePage,
)
from .publicity_month import PublicityMonthSettings
from .taxonomy import GROUP_CHOICES, SETTING_CHOICES, OutreachSetting, SpecialGroup

__all__ = [
    "GROUP_CHOICES",
    "RESOURCE_KINDS",
    "SETTING_CHOICES",
    "CampaignIndexPage",
    "CampaignPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPhoto",
    "OutreachSetting",
    "PublicityMonthSettings",
    "ResourceDownloads",
    "ResourceIndexPage",
    "ResourcePage",
    "SpecialGroup",
]
