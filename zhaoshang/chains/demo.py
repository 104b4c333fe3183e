"""Demo data of the chains app: the shipped chains, the demo registry placed on their links,
and a few officers' notes on Sihui's links."""

from __future__ import annotations

from typing import TextIO

from zhaoshang.chains.classification import placements_rebuild
from zhaoshang.chains.models import Link, LinkNote, MapSettings, Placement
from zhaoshang.chains.services import chains_load_if_empty, map_settings_update, note_add
from zhaoshang.core.models import User

DEMO_NOTES = [
    (
        "metals",
        "scrap_recycling",
        "四会再生资源产业基地：龙头企业计划扩建铝屑回收线，需要上游废料分拣企业配套。",
    ),
    (
        "nev_battery",
        "cathode_materials",
        "四会尚无正极材料企业：园区电芯企业希望我们在 200 公里内寻找配套供应商。",
    ),
]


# The demo registry holds 3,000 enterprises of Zhaoqing (not 18 million of Guangdong): the
# map's thresholds are set for a registry of that size, so that Sihui shows strong links.
DEMO_THRESHOLDS = {
    "present_min": 1,
    "strong_min": 2,
    "strong_share": "15",
    "strong_above_size": 2,
}


def load(*, demo_password: str, out: TextIO) -> None:
    chains_load_if_empty()
    if not Placement.objects.exists():
        count = placements_rebuild()
        out.write(f"chain placements: {count}\n")
    if not MapSettings.objects.exists():
        map_settings_update(actor=None, values=DEMO_THRESHOLDS)
        out.write("chain map thresholds: set for the demo registry\n")
    author = User.objects.filter(username="officer").first()
    if author is None or LinkNote.objects.exists():
        return
    for chain_key, link_key, text in DEMO_NOTES:
        link = Link.objects.filter(chain__key=chain_key, key=link_key).select_related("chain")
        found = link.first()
        if found is not None:
            note_add(actor=author, link=found, text=text)
    out.write("chain notes: 2\n")
