"""Helpers of the page tests: a complete editor submission, and the events htmx receives."""

from __future__ import annotations

import json
from typing import Any

from zhaoshang.policies.models import Policy


def editor_data(**overrides: Any) -> dict[str, Any]:
    """What the policy editor posts for a new, valid policy (the rule in the text form)."""
    data: dict[str, Any] = {
        "slug": "tech-transformation",
        "title_en": "Technological transformation award",
        "title_zh_hans": "技术改造奖励",
        "title_zh_hant": "技術改造獎勵",
        "summary_en": "For industrial enterprises above designated size.",
        "summary_zh_hans": "",
        "summary_zh_hant": "",
        "body_en": "",
        "body_zh_hans": "",
        "body_zh_hant": "",
        "issuing_body": "Sihui Bureau of Industry",
        "document_number": "四工信〔2025〕12号",
        "region_scope": "",
        "status": Policy.Status.DRAFT,
        "opens_on": "",
        "closes_on": "",
        "mode": Policy.Mode.APPLY,
        "documents": "Application form\nAudit report",
        "benefit_kind": Policy.BenefitKind.FIXED,
        "benefit_amount": "50",
        "benefit_formula": "",
        "rule": "",
        "rule_text": "revenue >= above_size_threshold and industry_code within C13..C43",
        "rule_origin": "text",
    }
    data.update(overrides)
    return data


def policy_data(policy: Policy, **overrides: Any) -> dict[str, Any]:
    """The editor's submission of an existing policy as it stands."""
    from zhaoshang.policies.rule_forms import rule_text

    policy.refresh_from_db()
    data = editor_data()
    for name in data:
        if hasattr(policy, name) and name not in ("rule", "region_scope"):
            value = getattr(policy, name)
            data[name] = "" if value is None else value
    data["region_scope"] = policy.region_scope_id or ""
    data["rule"] = json.dumps(policy.rule)
    data["rule_text"] = rule_text(policy.rule)
    data.update(overrides)
    return data


def triggered(response: Any) -> dict[str, Any]:
    """The events of the response's HX-Trigger header."""
    return json.loads(response.headers.get("HX-Trigger", "{}"))


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]
