"""The proposal as an A4 PDF in one language, drawn from the frozen snapshot with fpdf2.
Chinese is real text: Noto Sans SC (Traditional: TC) is embedded, subset to the characters
used. The fonts are installed under ``PROPOSALS_FONTS_DIR`` by ``make run`` and ``make test``;
nothing is fetched here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

INK = (34, 40, 49)
MUTED = (96, 104, 115)
ACCENT = (176, 38, 32)
BAR = (46, 98, 160)


class FontsMissing(RuntimeError):
    """The CJK fonts are not installed (run `make run` or `make test` once)."""


def _fonts(language: str) -> tuple[Path, Path]:
    folder = Path(settings.PROPOSALS_FONTS_DIR)
    family = "TC" if language == "zh-hant" else "SC"
    regular = folder / f"NotoSans{family}_400Regular.ttf"
    bold = folder / f"NotoSans{family}_700Bold.ttf"
    if not regular.exists() or not bold.exists():
        regular, bold = folder / "NotoSansSC_400Regular.ttf", folder / "NotoSansSC_700Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontsMissing(f"no Noto Sans fonts in {folder}")
    return regular, bold


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("noto", size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text}   {self.page_no()}", align="C")


class _Writer:
    def __init__(self, pdf: _Document, chinese: bool) -> None:
        self.pdf = pdf
        self.wrap = WrapMode.CHAR if chinese else WrapMode.WORD

    def heading(self, text: str, size: float = 13) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font("noto", "B", size)
        pdf.set_text_color(*ACCENT if size >= 13 else INK)
        pdf.multi_cell(
            0, size * 0.55, text, wrapmode=self.wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(1)

    def para(self, text: str, size: float = 9.5, muted: bool = False) -> None:
        if not text:
            return
        pdf = self.pdf
        pdf.set_font("noto", size=size)
        pdf.set_text_color(*(MUTED if muted else INK))
        pdf.multi_cell(
            0, size * 0.5, text, align="L", wrapmode=self.wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(1)

    def pairs(self, rows: list[list[str]], label_width: float = 55) -> None:
        pdf = self.pdf
        for label, value in rows:
            pdf.set_font("noto", "B", 9)
            pdf.set_text_color(*MUTED)
            y = pdf.get_y()
            pdf.multi_cell(
                label_width, 4.8, str(label), wrapmode=self.wrap, new_x=XPos.RIGHT, new_y=YPos.TOP
            )
            pdf.set_font("noto", size=9)
            pdf.set_text_color(*INK)
            pdf.multi_cell(
                0, 4.8, str(value), wrapmode=self.wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            pdf.set_y(max(pdf.get_y(), y + 4.8))

    def table(self, header: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
        pdf = self.pdf
        pdf.set_font("noto", size=8.5)
        pdf.set_text_color(*INK)
        with pdf.table(
            col_widths=widths,
            text_align="LEFT",
            line_height=4.6,
            wrapmode=self.wrap,
            headings_style=FontFace(emphasis="BOLD", fill_color=(238, 241, 245)),
        ) as table:
            first = table.row()
            for cell in header:
                first.cell(cell)
            for row in rows:
                line = table.row()
                for cell in row:
                    line.cell(cell)
        pdf.ln(2)

    def bars(self, title: str, rows: list[list[Any]], text: Any) -> None:
        if not rows:
            return
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 20 - 7 * len(rows):
            pdf.add_page()
        self.para(title, size=9, muted=True)
        top = max(float(r[1]) for r in rows) or 1.0
        left, width = pdf.l_margin + 62, 90
        for label, value in rows:
            y = pdf.get_y()
            pdf.set_font("noto", size=8)
            pdf.set_text_color(*INK)
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(60, 5.5, str(label)[:40], align="R")
            pdf.set_fill_color(*BAR)
            pdf.rect(left, y + 1, max(0.5, width * float(value) / top), 3.8, style="F")
            pdf.set_xy(left + width * float(value) / top + 2, y)
            pdf.cell(40, 5.5, text(value))
            pdf.set_y(y + 6.5)
        pdf.ln(2)


def proposal_pdf(snapshot: dict[str, Any], language: str) -> bytes:
    """The PDF of ``snapshot`` in ``language`` (the snapshot's own language if it lacks it)."""
    from zhaoshang.core.formatting import format_money

    content = snapshot["languages"].get(language) or snapshot["languages"][snapshot["language"]]
    regular, bold = _fonts(language)
    with translation.override(language):
        pdf = _Document(format="A4")
        pdf.set_auto_page_break(auto=True, margin=16)
        pdf.set_margins(16, 16, 16)
        pdf.add_font("noto", "", str(regular))
        pdf.add_font("noto", "B", str(bold))
        pdf.set_title(content["title"])
        pdf.set_author(content["center"]["name"])
        pdf.set_lang({"en": "en", "zh-hans": "zh-CN", "zh-hant": "zh-TW"}.get(language, "en"))
        pdf.footer_text = content["center"]["name"]
        pdf.add_page()
        write = _Writer(pdf, chinese=language.startswith("zh"))
        center = content["center"]
        write.para(center["name"], size=11)
        write.para(" · ".join(x for x in (center["city"], center["address"]) if x), muted=True)
        write.heading(content["title"], size=17)
        if snapshot.get("is_demo"):
            write.para(_("Demonstration: this proposal and its figures are made up."), muted=True)
        texts = content["texts"]
        write.para(texts.get("greeting", ""))
        write.para(texts.get("summary", ""))
        if content["facts"]:
            write.heading(_("Your project"))
            write.pairs(content["facts"])
        if content["sites"]:
            write.heading(_("Sites for you"))
            for site in content["sites"]:
                write.heading(
                    " · ".join(x for x in (site["name"], site["park"], site["county"]) if x),
                    size=10.5,
                )
                write.para(site["description"], size=9)
                write.pairs(site["facts"])
                if site["cost"]:
                    write.para(site["cost"], size=9)
                if site["verdicts"]:
                    write.table(
                        [_("Your need"), _("This site")],
                        [
                            [v["label"], _mark(v["outcome"]) + " " + v["text"]]
                            for v in site["verdicts"]
                        ],
                        (40, 138),
                    )
        if content["policies"]:
            write.heading(_("Support you may qualify for"))
            for policy in content["policies"]:
                write.heading(f"{policy['title']} — {policy['outcome_label']}", size=10)
                if policy["benefit"]:
                    write.para(
                        _("Estimated benefit: %(amount)s") % {"amount": policy["benefit"]}, size=9
                    )
                if policy["missing"]:
                    write.para(
                        _("Still to be shown: %(figures)s")
                        % {
                            "figures": ("、" if language.startswith("zh") else ", ").join(
                                policy["missing"]
                            )
                        },
                        size=9,
                        muted=True,
                    )
        costs = content["costs"]
        if costs["rows"]:
            write.heading(_("Costs"))
            if costs["illustrative"]:
                write.para(_("Illustrative figures, not official tariffs."), size=9, muted=True)
            header = [_("Item"), costs["place"] or _("Here")]
            if costs["comparison"]:
                header.append(costs["comparison"])
            rows = []
            for row in costs["rows"]:
                line = [row["label"], _cell_text(row["site"])]
                if costs["comparison"]:
                    line.append(_cell_text(row["other"]))
                rows.append(line)
            write.table(header, rows, (50, 64, 64) if costs["comparison"] else (60, 118))
            write.bars(costs["chart_title"], costs["chart_rows"], lambda v: format_money(v))
            write.para(costs["note"], size=8.5, muted=True)
        if texts.get("logistics"):
            write.heading(_("Logistics"))
            write.para(texts["logistics"])
        if texts.get("next_steps"):
            write.heading(_("Next steps"))
            write.para(texts["next_steps"])
        write.heading(_("Your contacts"))
        for person in snapshot.get("contacts", []):
            parts = [person.get("name", ""), person.get("role", "")]
            name_line = " · ".join(p for p in parts if p)
            details: list[str] = []
            if person.get("phone"):
                details.append(
                    _("Telephone: %(value)s")
                    % {"value": person.get("phone_display") or person["phone"]}
                )
            if person.get("email"):
                details.append(_("Email: %(value)s") % {"value": person["email"]})
            if person.get("wechat"):
                details.append(_("WeChat ID: %(value)s") % {"value": person["wechat"]})
            write.para(name_line, size=9.5)
            write.para("   ".join(details), size=9, muted=True)
        if snapshot.get("attachments"):
            write.heading(_("Attachments"))
            write.para(
                _("On the proposal's page, to open or download:")
                + "\n"
                + "\n".join(f"· {a.get('title', '')}" for a in snapshot["attachments"]),
                size=9,
            )
        if content.get("expires"):
            write.para(
                _("This proposal is valid until %(date)s.") % {"date": content["expires"]},
                size=8.5,
                muted=True,
            )
        return bytes(pdf.output())


def _mark(outcome: str) -> str:
    return {"meets": "✓", "fails": "✗"}.get(outcome, "?")


def _cell_text(cell: dict[str, str] | None) -> str:
    if not cell:
        return "—"
    return f"{cell['value']}\n{cell['date']} · {cell['source']}"
