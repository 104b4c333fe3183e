"""Demo data of the core app: the Sihui center's settings and one account per role.

``load_demo`` runs ``load`` of every installed app's ``demo`` module, in the order of
INSTALLED_APPS; each step is idempotent, so running it twice changes nothing.
"""

from __future__ import annotations

from typing import TextIO

from zhaoshang.core.models import SiteSettings, User
from zhaoshang.core.roles import Role
from zhaoshang.core.services import site_settings_update, user_create

SIHUI_CENTER = {
    "center_name_en": "Sihui City Investment Promotion Center",
    "center_name_zh_hans": "四会市投资促进中心",
    "center_name_zh_hant": "四會市投資促進中心",
    "city_en": "Sihui, Zhaoqing, Guangdong",
    "city_zh_hans": "广东省肇庆市四会市",
    "city_zh_hant": "廣東省肇慶市四會市",
    "address_en": "",
    "address_zh_hans": "",
    "address_zh_hant": "",
    "phone": "+86 758 3611228",
    "fax": "+86 758 3611228",
    "email": "",
    "shows_demo_data": True,
}

DEMO_ACCOUNTS: list[tuple[str, str, str, Role]] = [
    ("manager", "Meng", "Li", Role.MANAGER),
    ("officer", "Wei", "Chen", Role.PROMOTION_OFFICER),
    ("policy", "Fang", "Huang", Role.POLICY_OFFICER),
    ("enterprise", "Jun", "Liang", Role.ENTERPRISE_USER),
]


def load(*, demo_password: str, out: TextIO) -> None:
    row = SiteSettings.objects.filter(pk=1).first()
    if row is None or not row.center_name_zh_hans:
        site_settings_update(actor=None, **SIHUI_CENTER)
        out.write("site settings: Sihui City Investment Promotion Center\n")
    elif not row.shows_demo_data:
        site_settings_update(actor=None, shows_demo_data=True)
    for username, first, last, role in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            actor=None,
            username=username,
            password=demo_password,
            first_name=first,
            last_name=last,
            email=f"{username}@sihui.example",
            roles=[role],
        )
        out.write(f"demo account: {username} ({role.label})\n")
