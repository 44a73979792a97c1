from django import template

from .. import cards, charts

register = template.Library()


@register.filter
def amount(value, unit=""):
    """8000人次, not 8000.0人次; "无数据" is the template's to say."""
    return charts.figure(value, unit)


@register.filter
def percent(share):
    """A 0–1 share as a whole percent (12%)."""
    return charts.percent(share)


# An indicator card's parts (outreach.plan.cards), for the full card's template.
register.simple_tag(cards.head, name="card_head")
register.simple_tag(cards.bar, name="card_bar")
register.simple_tag(cards.trend, name="card_trend")
register.simple_tag(cards.foot, name="card_foot")
register.simple_tag(cards.compact, name="compact_card")
