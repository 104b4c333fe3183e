"""Demo data of the policies app: five illustrative support policies of Sihui, Zhaoqing and
Guangdong, with their rules in the text form. The open ones, and one paused since, are
published and pushed at once, so the demo enterprise user finds policies on “My
policies”; one is closed and was never published here. Loading twice changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from zhaoshang.core.models import Task
from zhaoshang.core.pagecache import public_pages_changed
from zhaoshang.policies.demo_texts import TEXTS
from zhaoshang.policies.listing import PUSH_TASK
from zhaoshang.policies.models import Policy
from zhaoshang.policies.push import version_push
from zhaoshang.policies.rule_forms import rule_from_text
from zhaoshang.policies.services import policy_publish, policy_save

ILLUSTRATIVE = {
    "en": "*An illustrative policy of the demo site.*",
    "zh_hans": "*演示网站的示例政策。*",
    "zh_hant": "*演示網站的示例政策。*",
}


# An application window: days from the day the demo is loaded, or fixed dates.
Window = tuple[int, int] | tuple[datetime.date, datetime.date] | None


@dataclass(frozen=True)
class DemoPolicy:
    slug: str
    texts: str  # key of TEXTS
    issuing_body: str
    document_number: str
    region_scope: str | None
    status: str
    window: Window
    mode: str
    documents: tuple[str, ...]
    benefit_kind: str
    rule: str
    benefit_amount: Decimal | None = None
    benefit_formula: str = ""


DEMO_POLICIES = (
    DemoPolicy(
        slug="zhaoqing-technological-transformation-award",
        texts="tech",
        issuing_body="肇庆市工业和信息化局",
        document_number="DEMO-2026-01",
        region_scope="441200",
        status=Policy.Status.OPEN,
        window=(-60, 120),
        mode=Policy.Mode.APPLY,
        documents=(
            "技术改造奖励申请表 / Application form",
            "项目投资审计报告 / Audit report of the project investment",
            "设备购置发票复印件 / Copies of equipment invoices",
            "营业执照复印件 / Copy of the business licence",
        ),
        benefit_kind=Policy.BenefitKind.FIXED,
        benefit_amount=Decimal(50),
        rule=(
            "industry_code within C13..C43 and revenue >= above_size_threshold\n"
            "and not tax_violation_on > as_of - 3 years"
        ),
    ),
    DemoPolicy(
        slug="sihui-high-tech-recognition-award",
        texts="hightech",
        issuing_body="四会市科学技术局",
        document_number="DEMO-2026-02",
        region_scope="441284",
        status=Policy.Status.OPEN,
        window=(-30, 45),
        mode=Policy.Mode.APPLY,
        documents=(
            "高新技术企业证书复印件 / Copy of the high-tech enterprise certificate",
            "认定奖励申请表 / Application form",
        ),
        benefit_kind=Policy.BenefitKind.FIXED,
        benefit_amount=Decimal(20),
        rule="high_tech valid and high_tech_issued_on >= as_of - 2 years",
    ),
    DemoPolicy(
        slug="zhaoqing-rd-expenditure-subsidy",
        texts="rd",
        issuing_body="肇庆市科学技术局",
        document_number="DEMO-2026-03",
        region_scope="441200",
        status=Policy.Status.OPEN,
        window=None,
        mode=Policy.Mode.GRANTED,
        documents=(),
        benefit_kind=Policy.BenefitKind.FORMULA,
        benefit_formula="min(10% * rd_expenditure, 100)",
        rule="rd_expenditure >= 30 and rd_expenditure / revenue >= 3%",
    ),
    DemoPolicy(
        slug="guangdong-digital-transformation-subsidy",
        texts="digital",
        issuing_body="广东省工业和信息化厅",
        document_number="DEMO-2026-04",
        region_scope=None,
        status=Policy.Status.PAUSED,
        window=None,
        mode=Policy.Mode.APPLY,
        documents=(
            "数字化转型项目方案 / Plan of the digital transformation project",
            "项目投入证明 / Evidence of the investment",
        ),
        benefit_kind=Policy.BenefitKind.FORMULA,
        benefit_formula="min(1% * revenue, 200)",
        rule=(
            "above_designated_size = true and industry_code within C13..C43\nand employees >= 50"
        ),
    ),
    DemoPolicy(
        slug="sihui-specialised-and-new-sme-award-2025",
        texts="srdi",
        issuing_body="四会市工业和信息化局",
        document_number="DEMO-2025-07",
        region_scope="441284",
        status=Policy.Status.CLOSED,
        window=(datetime.date(2025, 3, 1), datetime.date(2025, 10, 31)),
        mode=Policy.Mode.APPLY,
        documents=("专精特新认定文件复印件 / Copy of the recognition",),
        benefit_kind=Policy.BenefitKind.FIXED,
        benefit_amount=Decimal(10),
        rule="specialised_new valid and employees < 1000",
    ),
)


def _window(
    window: Window, today: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    if window is None:
        return None, None
    start, end = window
    if isinstance(start, int) and isinstance(end, int):
        return today + datetime.timedelta(days=start), today + datetime.timedelta(days=end)
    assert isinstance(start, datetime.date)
    assert isinstance(end, datetime.date)
    return start, end


def _values(demo: DemoPolicy, today: datetime.date) -> dict[str, object]:
    opens, closes = _window(demo.window, today)
    values: dict[str, object] = {
        "slug": demo.slug,
        "issuing_body": demo.issuing_body,
        "document_number": demo.document_number,
        "region_scope": demo.region_scope,
        # Published policies open on publishing; a closed one is saved as it is.
        "status": Policy.Status.CLOSED
        if demo.status == Policy.Status.CLOSED
        else Policy.Status.DRAFT,
        "opens_on": opens,
        "closes_on": closes,
        "mode": demo.mode,
        "documents": "\n".join(demo.documents),
        "benefit_kind": demo.benefit_kind,
        "benefit_amount": demo.benefit_amount,
        "benefit_formula": demo.benefit_formula,
        "rule": rule_from_text(demo.rule),
    }
    for language, (title, summary, body) in TEXTS[demo.texts].items():
        values[f"title_{language}"] = title
        values[f"summary_{language}"] = summary
        values[f"body_{language}"] = f"{body}\n\n{ILLUSTRATIVE[language]}"
    return values


def _publish_and_push(policy: Policy, out: TextIO) -> None:
    version = policy_publish(actor=None, policy=policy)
    report = version_push(version)
    # The push ran here; the queued task would find nothing left to do.
    Task.objects.filter(
        name=PUSH_TASK, arguments__version_id=version.pk, status=Task.Status.QUEUED
    ).update(
        status=Task.Status.DONE,
        finished_at=timezone.now(),
        result={"eligible": report.eligible, "possibly_eligible": report.possibly_eligible},
    )
    out.write(
        f"policy {policy.slug}: version {version.number}, {report.eligible} eligible, "
        f"{report.possibly_eligible} possibly eligible\n"
    )


def load(*, demo_password: str, out: TextIO) -> None:
    today = timezone.localdate()
    created = False
    for demo in DEMO_POLICIES:
        if Policy.objects.filter(slug=demo.slug).exists():
            continue
        policy = policy_save(actor=None, values=_values(demo, today))
        created = True
        if demo.status in (Policy.Status.OPEN, Policy.Status.PAUSED):
            _publish_and_push(policy, out)
        if demo.status == Policy.Status.PAUSED:  # published earlier, paused since
            policy_save(actor=None, values={"status": demo.status}, policy=policy)
        if demo.status != Policy.Status.OPEN:
            out.write(f"policy {policy.slug}: {demo.status}\n")
    if created:
        public_pages_changed()
