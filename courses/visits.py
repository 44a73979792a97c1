"""Visits other parts credit to schools (the science-education base's checked-in groups).

Arrows point down: courses imports no app above it. An app that records school visits
registers a function here, the way wagtail_hooks work:

    visits.register(lambda school_ids, start, end: {school_id: count, ...})

`school_ids` is a queryset of school ids (the report's scope, used as a subquery: a
county's 2,000 ids are not spelled out as parameters).

`counts` adds up every registered source; with none registered every school has 0.
"""

_sources = []


def register(func):
    if func not in _sources:
        _sources.append(func)
    return func


def counts(school_ids, start, end):
    """{school id: visits between the two dates (inclusive)} summed over every source."""
    total = {}
    for source in _sources:
        for school_id, n in source(school_ids, start, end).items():
            total[school_id] = total.get(school_id, 0) + n
    return total
