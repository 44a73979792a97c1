from django.db import models
from django.utils.translation import gettext_lazy as _


class VenueCategory(models.TextChoices):
    """The crowded-venue (人员密集场所) categories, plus 三合一 and 九小 venues."""

    HOTEL = "hotel", _("宾馆、饭店")
    RESTAURANT = "restaurant", _("餐饮场所")
    MALL = "mall", _("商场")
    MARKET = "market", _("集贸市场")
    STATION = "station", _("车站候车室")
    STADIUM = "stadium", _("体育场馆")
    HALL = "hall", _("会堂、礼堂")
    ENTERTAINMENT = "entertainment", _("影剧院、歌舞厅、KTV")
    INTERNET_CAFE = "internet_cafe", _("网吧")
    HOSPITAL = "hospital", _("医院病房楼、门诊楼")
    SCHOOL = "school", _("学校教学楼、图书馆、食堂、宿舍")
    ELDERLY = "elderly", _("养老院、福利院")
    KINDERGARTEN = "kindergarten", _("托儿所、幼儿园")
    CULTURE = "culture", _("图书馆、展览馆、博物馆")
    WORKSHOP = "workshop", _("劳动密集型企业生产车间、员工宿舍")
    TOURIST = "tourist", _("旅游、宗教活动场所")
    THREE_IN_ONE = "three_in_one", _("三合一场所")
    NINE_SMALL = "nine_small", _("九小场所")
