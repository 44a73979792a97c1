from django import template

from ..charts import amount as _amount

register = template.Library()


@register.filter
def amount(value, unit=""):
    """8000人次, not 8000.0人次; "无数据" is the template's to say."""
    if value is None or value == "":
        return ""
    return f"{_amount(value)}{unit or ''}"


@register.filter
def percent(share):
    """A 0–1 share as a whole percent (12%)."""
    if share is None:
        return "—"
    return f"{round(float(share) * 100)}%"
