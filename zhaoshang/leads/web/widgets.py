"""Widgets and fragments drawn in Python where Django's template widgets are too slow for
pages that show hundreds of options or cards (the board and the list must stay fast)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext


class QuickSelect(forms.Select):
    """A <select> rendered without a template per option (same markup, many times faster)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, SafeString(" selected") if str(key) in selected else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class QuickSelectMultiple(QuickSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        try:
            getter = data.getlist
        except AttributeError:
            getter = data.get
        return getter(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


def lead_card(lead: Any, *, url: str) -> SafeString:
    """One card of the board: company, region, time in stage, amount, flags."""
    days = lead.days_in_stage
    meta = [lead.region.name, ngettext("%(n)s day", "%(n)s days", days) % {"n": days}]
    amount = lead.investment_10k_yuan
    if amount is not None:
        meta.append(gettext("%(amount)s × 10,000 yuan") % {"amount": amount})
    stale = lead.is_stale
    tags = ""
    if stale:
        tags += f'<span class="tag stale">{escape(gettext("going cold"))}</span>'
    if lead.confidential:
        tags += f'<span class="tag">{escape(gettext("confidential"))}</span>'
    has_amount = "1" if lead.investment_amount is not None else ""
    move_to = gettext("Move to…")
    return SafeString(
        f'<li class="lead-card{" stale" if stale else ""}" id="card-{lead.pk:d}" tabindex="0" '
        f'draggable="true" data-lead="{lead.pk:d}" data-version="{lead.version:d}" '
        f'data-stage="{escape(lead.stage)}" data-has-amount="{has_amount}" '
        'aria-describedby="board-help" aria-keyshortcuts="ArrowLeft ArrowRight M">'
        f'<a href="{escape(url)}" tabindex="-1">{escape(lead.company)}</a>'
        f'<span class="meta">{escape(" · ".join(meta))}</span>{tags}'
        f'<button type="button" class="card-move link" data-move-menu>{escape(move_to)}'
        f'<span class="visually-hidden"> {escape(lead.company)}</span></button></li>'
    )
