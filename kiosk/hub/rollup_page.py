"""The provincial roll-up as a printable page: every site side by side, each service across
sites, the province's totals; each site links to its own report."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any
from urllib.parse import urlencode

from kiosk.hub.report_page import (
    CSS,
    bilingual,
    date_input,
    figure_cells,
    figure_heads,
    kpi,
    overview_kpis,
    vn_date,
    vn_int,
    vn_pct,
)

GREEN = "#2e7d32"


def _english(vi: str, en: str) -> str:
    """The English name, or nothing where a site has none of its own (it repeats the name)."""
    return "" if en == vi else en


def _sites_chart(rolled: dict[str, Any], width: int = 1000) -> str:
    """A bar per site sized by its satisfied share, each site's name above its bar.

    Names go above the bars, not beside them: site names are long ("Bộ phận Một cửa UBND
    xã ..."), and a label column of fixed width would cut them.
    """
    row_h, pad, plot_w = 56, 6, width - 140
    sites = rolled["sites"]
    height = pad * 2 + row_h * max(len(sites), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        ' role="img" aria-label="Tỷ lệ hài lòng theo đơn vị" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, s in enumerate(sites):
        y = pad + i * row_h
        pct, count = s["ratings"]["satisfied_pct"], s["ratings"]["total"]
        en = _english(s["name"], s["name_en"])
        parts.append(
            f'<text x="0" y="{y + 15}" class="lab">{escape(s["name"])}'
            + (f'<tspan class="axis" dx="8">{escape(en)}</tspan>' if en else "")
            + "</text>"
            f'<rect x="0" y="{y + 22}" width="{plot_w}" height="24" class="track"/>'
            f'<rect x="0" y="{y + 22}" width="{plot_w * (pct or 0) / 100:.1f}" height="24"'
            f' fill="{GREEN}"/>'
            f'<text x="{plot_w + 10}" y="{y + 39}" class="val">'
            f"{vn_int(count)} · {vn_pct(pct)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def lag_note(federation: dict[str, Any] | None, generated: dt.datetime) -> str:
    """How far a forwarded office's data reaches ("dữ liệu đến 14:32 / last data 14:32"),
    in red with "chậm / behind" when it is stale; nothing for a site served here."""
    if federation is None:
        return ""
    until = federation["data_until"]
    if until is None:
        text = "chưa có dữ liệu / no data yet"
    else:
        at = dt.datetime.fromtimestamp(until, generated.tzinfo)
        when = f"{at:%H:%M}" if at.date() == generated.date() else f"{at:%H:%M %d/%m/%Y}"
        text = f"dữ liệu đến {when} / last data {when}"
    if federation["stale"]:
        return f'<span class="en error lag">{escape(text)} · chậm / behind</span>'
    return f'<span class="en lag">{escape(text)}</span>'


def _sites_table(rolled: dict[str, Any], generated: dt.datetime) -> str:
    span = {"from": rolled["from"], "to": rolled["to"]}
    rows = [
        f'<tr><td><a href="/reports?{escape(urlencode({"site": s["id"], **span}))}">'
        f"{bilingual(s['name'], _english(s['name'], s['name_en']))}</a>"
        f"{lag_note(s.get('federation'), generated)}</td>{figure_cells(s)}</tr>"
        for s in rolled["sites"]
    ]
    rows.append(
        f'<tr class="total"><td>Toàn tỉnh / Province</td>{figure_cells(rolled["totals"])}</tr>'
    )
    return f"<table>{figure_heads(('Đơn vị', 'Site'))}{''.join(rows)}</table>"


def _services_table(rolled: dict[str, Any]) -> str:
    if not rolled["services"]:
        return '<p class="note">Chưa có vé nào / no tickets yet.</p>'
    rows = [
        f"<tr><td>{bilingual(s['name_vi'], s['name_en'])}"
        f'<span class="en">{vn_int(s["sites"])} đơn vị / sites</span></td>{figure_cells(s)}</tr>'
        for s in rolled["services"]
    ]
    return f"<table>{figure_heads(('Dịch vụ', 'Service'))}{''.join(rows)}</table>"


def render_rollup(rolled: dict[str, Any], generated: dt.datetime) -> str:
    """The whole roll-up page, with the date form, print and sign-out buttons."""
    first, last = vn_date(rolled["from"]), vn_date(rolled["to"])
    span = first if first == last else f"{first} – {last}"
    t = rolled["totals"]
    kpis = overview_kpis(t, t["ratings"], kpi("Số đơn vị", "Sites", vn_int(t["sites"])))
    chart = _sites_chart(rolled)
    form = (
        '<section class="noprint"><form class="filter" method="get" action="/reports">'
        f"<label>Từ ngày / From{date_input('from', rolled['from'])}</label>"
        f"<label>Đến ngày / To{date_input('to', rolled['to'])}</label>"
        "<button>Xem báo cáo / Show</button>"
        '<button type="button" onclick="window.print()">In / Print</button></form>'
        '<form method="post" action="/reports/logout" class="filter">'
        "<button>Đăng xuất / Sign out</button></form></section>"
    )
    body = [
        "<header><h1>Báo cáo tổng hợp toàn tỉnh</h1>"
        f"<p>Các bộ phận một cửa · {span}</p>"
        f'<p class="en" style="color:inherit">Provincial roll-up of one-stop offices · {span}</p>'
        "</header><main>",
        form,
        f'<section><h2>Tổng quan<span class="en">Overview</span></h2><div class="kpis">{kpis}'
        "</div></section>",
        f'<section><h2>Theo đơn vị<span class="en">By site</span></h2>'
        f"{_sites_table(rolled, generated)}</section>",
        '<section><h2>Hài lòng theo đơn vị<span class="en">Satisfied share and ratings by site'
        f"</span></h2>{chart}</section>",
        f'<section><h2>Theo dịch vụ<span class="en">By service, across sites</span></h2>'
        f"{_services_table(rolled)}</section>",
        '<p class="note">Hài lòng: tỷ lệ đánh giá ở hai mức cao nhất của thang điểm từng đơn vị.'
        " / Satisfied: share of ratings in the top two levels of each site's scale. Lập lúc /"
        f" generated {generated:%H:%M %d/%m/%Y}.</p></main>",
    ]
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Báo cáo tổng hợp {span}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )
