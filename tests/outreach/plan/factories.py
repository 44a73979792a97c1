import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from outreach.plan.models import (
    Aggregate,
    Indicator,
    IndicatorKind,
    Measurement,
    Plan,
    ReportedValue,
    ResponsibleUnit,
    YearTarget,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = "修武县“十四五”消防事业发展规划"
    document = "修政〔2023〕4号"
    start = datetime.date(2021, 1, 1)
    end = datetime.date(2025, 12, 31)


class ResponsibleUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibleUnit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"责任单位{n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for user in extracted or []:
            self.members.add(user)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"指标{n}")
    clause = "第三十一条"
    kind = IndicatorKind.BINDING
    unit = "%"
    criteria = "统计口径说明"
    baseline = Decimal(0)
    target = Decimal(100)
    responsible_unit = factory.SubFactory(ResponsibleUnitFactory)
    measurement = Measurement.LIVE
    source_key = ""
    aggregate = Aggregate.SHARE


class YearTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2022
    value = Decimal(50)


class ReportedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedValue

    indicator = factory.SubFactory(
        IndicatorFactory, measurement=Measurement.REPORTED, aggregate=Aggregate.COUNT
    )
    as_of = datetime.date(2023, 6, 30)
    value = Decimal(100)
    evidence = factory.LazyFunction(lambda: ContentFile(PDF, name="evidence.pdf"))
