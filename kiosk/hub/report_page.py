"""The manager's report as one printable HTML page: tables and inline SVG charts, no script.

Vietnamese first with English beneath; numbers, percentages and dates in Vietnamese
form ("1.234", "12,5%", "23/11/2026"). Used by the hub (GET /reports) and by
``kiosk reports --format html``.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from kiosk.i18n import known, tr


def vn_int(n: int | None) -> str:
    """1234567 -> "1.234.567"."""
    return "–" if n is None else f"{n:,}".replace(",", ".")


def vn_dec(x: float | None, digits: int = 1) -> str:
    """1234.5 -> "1.234,5"."""
    if x is None:
        return "–"
    text = f"{x:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_pct(x: float | None) -> str:
    """12.5 -> "12,5%"."""
    return "–" if x is None else f"{vn_dec(x)}%"


def vn_date(iso: str) -> str:
    """ "2026-11-23" -> "23/11/2026"."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def vn_minutes(seconds: float | None) -> str:
    """A duration in minutes with one decimal: 750 -> "12,5"."""
    return "–" if seconds is None else vn_dec(seconds / 60)


def bilingual(vi: str, en: str) -> str:
    return f'{escape(vi)}<span class="en">{escape(en)}</span>'


# -- charts ---------------------------------------------------------------------------


def column_chart(
    labels: list[str], values: list[int], *, title: str, width: int = 1000, height: int = 240
) -> str:
    """Vertical bars with the value above each and the label below, as inline SVG."""
    left, right, top, bottom = 36, 8, 18, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(values, default=0) or 1
    step = plot_w / max(len(values), 1)
    bar = step * 0.7
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}"'
        ' stroke="#5b6773"/>',
    ]
    for frac in (0.5, 1.0):
        y = top + plot_h * (1 - frac)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#d5dbe1"'
            ' stroke-dasharray="3 3"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">'
            f"{vn_int(round(peak * frac))}</text>"
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step + (step - bar) / 2
        h = plot_h * value / peak
        y = top + plot_h - h
        cx = x + bar / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(label)}: {vn_int(value)}</title></rect>"
            f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle" class="axis">'
            f"{escape(label)}</text>"
        )
        if value:
            parts.append(
                f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="val">'
                f"{vn_int(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def row_chart(
    rows: list[tuple[str, str, int, float | None, str]], *, title: str, width: int = 1000
) -> str:
    """Horizontal bars (Vietnamese, English, count, percent, colour) sized by percent."""
    label_w, row_h, pad = 230, 38, 6
    height = pad * 2 + row_h * max(len(rows), 1)
    plot_w = width - label_w - 130
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (vi, en, count, pct, colour) in enumerate(rows):
        y = pad + i * row_h
        w = plot_w * (pct or 0) / 100
        parts.append(
            f'<text x="{label_w - 10}" y="{y + 17}" text-anchor="end" class="lab">{escape(vi)}'
            f'<tspan x="{label_w - 10}" dy="14" class="axis">{escape(en)}</tspan></text>'
            f'<rect x="{label_w}" y="{y + 6}" width="{plot_w}" height="{row_h - 12}"'
            ' class="track"/>'
            f'<rect x="{label_w}" y="{y + 6}" width="{w:.1f}" height="{row_h - 12}"'
            f' fill="{colour}"/>'
            f'<text x="{label_w + plot_w + 10}" y="{y + 24}" class="val">'
            f"{vn_int(count)} · {vn_pct(pct)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def hours_chart(hours: list[int]) -> str:
    """Tickets issued per hour of the local day, over the hours that saw any (7-17 at least)."""
    used = [h for h, n in enumerate(hours) if n]
    first, last = min([*used, 7]), max([*used, 17])
    labels = [f"{h}h" for h in range(first, last + 1)]
    return column_chart(labels, hours[first : last + 1], title="Số vé cấp theo giờ")


# bar colours per scale size, best level first
_LEVEL_COLOURS = {
    3: ("#2e7d32", "#7cb342", "#c62828"),
    4: ("#2e7d32", "#7cb342", "#f9a825", "#c62828"),
    5: ("#2e7d32", "#7cb342", "#9e9e9e", "#ef6c00", "#c62828"),
}


def satisfaction_chart(ratings: dict[str, Any]) -> str:
    levels = list(ratings["levels"].values())
    colours = _LEVEL_COLOURS[len(levels)]
    rows = [
        (v["label_vi"], v["label_en"], v["count"], v["pct"], colour)
        for v, colour in zip(levels, colours, strict=True)
    ]
    return row_chart(rows, title="Mức độ hài lòng / Satisfaction")


# -- page -----------------------------------------------------------------------------

CSS = """
body{font-family:"Noto Sans","DejaVu Sans",Roboto,Arial,sans-serif;margin:0;color:#1b2733;
background:#f4f6f8;font-size:14px}
header{background:#b71c1c;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:22px} header p{margin:4px 0 0}
main{max-width:1100px;margin:auto;padding:8px 24px 32px}
section{background:#fff;border-radius:10px;padding:14px 18px;margin:14px 0;
box-shadow:0 1px 3px #0002;break-inside:avoid}
h2{font-size:17px;margin:0 0 10px} .en{display:block;color:#5b6773;font-size:11px;
font-weight:400}
h2 .en{display:inline;margin-left:8px;font-size:13px}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:10px}
.kpi{border:1px solid #d5dbe1;border-radius:8px;padding:8px 12px}
.kpi b{display:block;font-size:24px;margin-top:2px}
table{border-collapse:collapse;width:100%} th,td{padding:5px 8px;border-bottom:1px solid #e3e7eb}
th{text-align:left;background:#f0f2f4;font-size:13px} td.n,th.n{text-align:right}
tr.total td{font-weight:700;border-top:2px solid #5b6773}
.chart{width:100%;height:auto} .chart .bar{fill:#1565c0} .chart .track{fill:#eef1f4}
.chart text{font-size:12px;fill:#1b2733} .chart .axis{fill:#5b6773;font-size:11px}
.chart .val{font-weight:600} .chart .lab{font-size:13px}
form.filter{display:inline-flex;gap:12px;align-items:end;flex-wrap:wrap;margin-right:12px;vertical-align:bottom}
form.filter label{display:flex;flex-direction:column;font-size:13px}
input,button{font-size:15px;padding:6px 10px}
.note{color:#5b6773;font-size:12px} .error{color:#b71c1c;font-weight:600}
@media print{
 @page{size:A4;margin:12mm}
 body{background:#fff;font-size:11px} .noprint{display:none}
 header{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 6px}
 main{padding:0;max-width:none} section{box-shadow:none;border:1px solid #ccc;padding:8px 10px}
 .kpi b{font-size:18px}
}
"""


def kpi(vi: str, en: str, value: str) -> str:
    return f'<div class="kpi">{escape(vi)}<span class="en">{escape(en)}</span><b>{value}</b></div>'


def overview_kpis(t: dict[str, Any], ratings: dict[str, Any], last: str) -> str:
    """The overview's eight cards: counts, waits, service time, satisfaction, then ``last``."""
    return "".join(
        [
            kpi("Số vé đã cấp", "Tickets issued", vn_int(t["issued"])),
            kpi("Đã phục vụ", "Served", vn_int(t["served"])),
            kpi("Vắng mặt khi gọi", "Skipped (no-show)", vn_int(t["skipped"])),
            kpi("Chờ trung bình", "Average wait", f"{vn_minutes(t['avg_wait_s'])} phút"),
            kpi("90% chờ không quá", "90th percentile wait", f"{vn_minutes(t['p90_wait_s'])} phút"),
            kpi("Phục vụ trung bình", "Average service", f"{vn_minutes(t['avg_service_s'])} phút"),
            kpi(
                "Hài lòng",
                f"Satisfied ({vn_int(ratings['total'])} ratings)",
                vn_pct(ratings["satisfied_pct"]),
            ),
            last,
        ]
    )


def figure_cells(e: dict[str, Any], issued: bool = True) -> str:
    cells = [vn_int(e["issued"])] if issued else []
    cells += [
        vn_int(e["served"]),
        vn_int(e["skipped"]),
        vn_minutes(e["avg_wait_s"]),
        vn_minutes(e["p90_wait_s"]),
        vn_minutes(e["avg_service_s"]),
        vn_minutes(e["p90_service_s"]),
        vn_int(e["ratings"]["total"]),
        vn_pct(e["ratings"]["satisfied_pct"]),
    ]
    return "".join(f'<td class="n">{c}</td>' for c in cells)


_FIGURE_HEADS = [
    ("Đã phục vụ", "Served"),
    ("Vắng mặt", "Skipped"),
    ("Chờ TB (phút)", "Avg wait (min)"),
    ("Chờ P90 (phút)", "P90 wait (min)"),
    ("Phục vụ TB (phút)", "Avg service (min)"),
    ("Phục vụ P90 (phút)", "P90 service (min)"),
    ("Lượt đánh giá", "Ratings"),
    ("Hài lòng", "Satisfied"),
]


def figure_heads(first: tuple[str, str], issued: bool = True) -> str:
    heads = [first] + ([("Số vé cấp", "Tickets issued")] if issued else []) + _FIGURE_HEADS
    cells = [f"<th>{bilingual(*heads[0])}</th>"]
    cells += [f'<th class="n">{bilingual(vi, en)}</th>' for vi, en in heads[1:]]
    return "<tr>" + "".join(cells) + "</tr>"


def _services_table(report: dict[str, Any]) -> str:
    rows = [
        f"<tr><td>{bilingual(s['name_vi'], s['name_en'])}</td>{figure_cells(s)}</tr>"
        for s in report["services"]
    ]
    total = {**report["totals"], "ratings": report["ratings"]}
    rows.append(f'<tr class="total"><td>Tổng cộng / Total</td>{figure_cells(total)}</tr>')
    return f"<table>{figure_heads(('Dịch vụ', 'Service'))}{''.join(rows)}</table>"


def _counters_table(report: dict[str, Any]) -> str:
    rows = [
        f"<tr><td>{escape(c['name'])}</td>{figure_cells(c, issued=False)}</tr>"
        for c in report["counters"]
        if c["served"] or c["skipped"] or c["in_service"] or c["ratings"]["total"]
    ]
    if not rows:
        return '<p class="note">Chưa quầy nào phục vụ / no counter served yet.</p>'
    return f"<table>{figure_heads(('Quầy', 'Counter'), issued=False)}{''.join(rows)}</table>"


def _officers_table(report: dict[str, Any]) -> str:
    """Per officer: served, skipped, service time, ratings and satisfaction (QĐ 766 judges
    each officer)."""
    heads = [
        ("Cán bộ", "Officer"),
        ("Đã phục vụ", "Served"),
        ("Vắng mặt", "Skipped"),
        ("Phục vụ TB (phút)", "Avg service (min)"),
        ("Lượt đánh giá", "Ratings"),
        ("Hài lòng", "Satisfied"),
    ]
    head = f"<tr><th>{bilingual(*heads[0])}</th>"
    head += "".join(f'<th class="n">{bilingual(vi, en)}</th>' for vi, en in heads[1:]) + "</tr>"
    rows = []
    for o in report["officers"]:
        if not (o["served"] or o["skipped"] or o["ratings"]["total"]):
            continue
        cells = [
            vn_int(o["served"]),
            vn_int(o["skipped"]),
            vn_minutes(o["avg_service_s"]),
            vn_int(o["ratings"]["total"]),
            vn_pct(o["ratings"]["satisfied_pct"]),
        ]
        rows.append(
            f"<tr><td>{escape(o['name'])}</td>"
            + "".join(f'<td class="n">{c}</td>' for c in cells)
            + "</tr>"
        )
    if not rows:
        return '<p class="note">Chưa có cán bộ nào đăng nhập phục vụ / no officer served yet.</p>'
    return f"<table>{head}{''.join(rows)}</table>"


def _reasons_table(ratings: dict[str, Any]) -> str:
    if not ratings["reasons"]:
        return '<p class="note">Không có lý do nào được chọn / no reasons given.</p>'
    rows = []
    for code, count in ratings["reasons"].items():
        key = f"rating.reason.{code}"
        vi, en = (tr(key, "vi"), tr(key, "en")) if known(key) else (code, code)
        pct = ratings["reasons_pct"][code]
        rows.append(
            f'<tr><td>{bilingual(vi, en)}</td><td class="n">{vn_int(count)}</td>'
            f'<td class="n">{vn_pct(pct)}</td></tr>'
        )
    head = (
        f"<tr><th>{bilingual('Lý do chưa hài lòng', 'Reason given')}</th>"
        f'<th class="n">{bilingual("Số lượt", "Count")}</th>'
        f'<th class="n">{bilingual("Tỷ lệ trên lượt đánh giá", "Share of ratings")}</th></tr>'
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _appointments_section(report: dict[str, Any]) -> str:
    """Bookings of the days (by the slot's day) and the waits of booked against walk-in
    tickets of the services that take bookings."""
    a = report["appointments"]
    if not a["booked"]:
        return ""
    kpis = "".join(
        [
            kpi("Lượt đặt lịch", "Bookings", vn_int(a["booked"])),
            kpi("Đã đến", "Checked in", vn_int(a["checked_in"])),
            kpi("Không đến", "No-shows", vn_int(a["no_show"])),
            kpi("Đã hủy", "Cancelled", vn_int(a["cancelled"])),
            kpi("Chưa đến giờ", "Still to come", vn_int(a["pending"])),
            kpi(
                "Chờ TB có hẹn (phút)", "Avg wait, booked (min)", vn_minutes(a["avg_wait_booked_s"])
            ),
            kpi(
                "Chờ TB không hẹn (phút)",
                "Avg wait, walk-in (min)",
                vn_minutes(a["avg_wait_walk_in_s"]),
            ),
        ]
    )
    return (
        f'<section><h2>Lịch hẹn<span class="en">Appointments</span></h2>'
        f'<div class="kpis">{kpis}</div><p class="note">Thời gian chờ của người có hẹn tính từ'
        " lúc đến kiosk nhận số; so với người không hẹn của các dịch vụ nhận đặt lịch. /"
        " Booked waits run from the kiosk check-in; walk-ins of the services that take"
        " bookings.</p></section>"
    )


def _days_section(report: dict[str, Any]) -> str:
    days = report["days"]
    if len(days) < 2:
        return ""
    labels = [vn_date(d["date"])[:5] for d in days]
    chart = column_chart(labels, [d["issued"] for d in days], title="Số vé cấp theo ngày")
    return (
        f"<section><h2>Số vé cấp theo ngày<span class='en'>Tickets issued per day</span></h2>"
        f"{chart}</section>"
    )


def date_input(name: str, iso: str) -> str:
    return (
        f'<input name="{name}" value="{vn_date(iso)}" placeholder="dd/mm/yyyy" size="10"'
        ' pattern="\\d{1,2}/\\d{1,2}/\\d{4}|\\d{4}-\\d{2}-\\d{2}" inputmode="numeric">'
    )


def _filter_form(report: dict[str, Any]) -> str:
    return (
        '<section class="noprint"><form class="filter" method="get" action="/reports">'
        f"<label>Từ ngày / From{date_input('from', report['from'])}</label>"
        f"<label>Đến ngày / To{date_input('to', report['to'])}</label>"
        f'<input type="hidden" name="site" value="{escape(report["site_id"])}">'
        "<button>Xem báo cáo / Show</button>"
        '<button type="button" onclick="window.print()">In / Print</button></form>'
        '<form method="post" action="/reports/logout" class="filter">'
        "<button>Đăng xuất / Sign out</button></form></section>"
    )


def render_report(report: dict[str, Any], generated: dt.datetime, *, filters: bool) -> str:
    """The whole page; ``filters`` adds the date form and print button (hub page)."""
    first, last = vn_date(report["from"]), vn_date(report["to"])
    span = first if first == last else f"{first} – {last}"
    t, r = report["totals"], report["ratings"]
    aggregated = [d["date"] for d in report["days"] if d["aggregated"]]
    note = ""
    if aggregated:
        note = (
            f'<p class="note">{vn_int(len(aggregated))} ngày đã được tổng hợp ẩn danh theo chính'
            " sách lưu trữ / days kept only as anonymous daily totals (retention).</p>"
        )
    kpis = overview_kpis(t, r, kpi("Ưu tiên", "Priority lane", vn_int(t["priority"])))
    body = [
        f"<header><h1>{escape(report['site'])}</h1>"
        f"<p>Báo cáo tiếp nhận và phục vụ · {span}</p>"
        f'<p class="en" style="color:inherit">Service report · {span}</p></header><main>',
        _filter_form(report) if filters else "",
        f'<section><h2>Tổng quan<span class="en">Overview</span></h2>'
        f'<div class="kpis">{kpis}</div>{note}</section>',
        '<section><h2>Giờ cao điểm<span class="en">Peak hours: tickets issued per hour</span>'
        f"</h2>{hours_chart(report['hours'])}</section>",
        _days_section(report),
        _appointments_section(report),
        f'<section><h2>Theo dịch vụ<span class="en">By service</span></h2>'
        f"{_services_table(report)}</section>",
        f'<section><h2>Theo quầy<span class="en">By counter</span></h2>'
        f"{_counters_table(report)}</section>",
        f'<section><h2>Theo cán bộ<span class="en">By officer</span></h2>'
        f"{_officers_table(report)}</section>",
        '<section><h2>Mức độ hài lòng<span class="en">Satisfaction</span></h2>'
        f"{satisfaction_chart(r)}{_reasons_table(r)}</section>",
        '<p class="note">Thời gian chờ: từ lúc lấy số đến lúc được gọi; thời gian phục vụ: từ lúc'
        " gọi đến lúc xong. P90: 90% lượt không vượt quá giá trị này. / Wait: ticket to call;"
        " service: call to finish; P90: nearest-rank 90th percentile. Lập lúc / generated "
        f"{generated:%H:%M %d/%m/%Y}.</p></main>",
    ]
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Báo cáo {span} - {escape(report['site'])}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def render_login(error: str = "", first: str = "", last: str = "") -> str:
    """The small form that trades the admin token for a sign-in session."""
    message = f'<p class="error">{escape(error)}</p>' if error else ""
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Đăng nhập báo cáo</title><style>{CSS}</style></head><body>"
        "<header><h1>Báo cáo · Đăng nhập</h1><p>Reports · sign in</p></header><main>"
        '<section><form class="filter" method="post" action="/reports/login">'
        '<label>Mã quản trị (admin token)<input type="password" name="token" required'
        ' autocomplete="current-password" autofocus></label>'
        f'<input type="hidden" name="from" value="{escape(first)}">'
        f'<input type="hidden" name="to" value="{escape(last)}">'
        f"<button>Đăng nhập / Sign in</button></form>{message}"
        '<p class="note">Phiên đăng nhập kéo dài đến khi đăng xuất hoặc sau 8 giờ; mã không'
        " được lưu trong trình duyệt. / You stay signed in until you sign out, or for 8 hours;"
        " the token is not kept in the browser.</p>"
        "</section></main></body></html>"
    )


def render_error(message: str) -> str:
    """A refused report request (bad dates), with the way back."""
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>Báo cáo - lỗi</title><style>{CSS}</style></head><body>"
        "<header><h1>Báo cáo</h1><p>Reports</p></header><main><section>"
        f'<p class="error">{escape(message)}</p><p><a href="/reports">Báo cáo hôm nay / '
        "today's report</a></p></section></main></body></html>"
    )
