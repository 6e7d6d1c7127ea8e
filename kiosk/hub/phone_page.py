"""The ticket's phone page (/t/{token}): its words, HTML and the small script that follows
the ticket live. Vietnamese first, English second; nothing personal of the citizen.

The part that changes (``#live``) is rendered here both for the page and for each event of
the page's stream, so the script only swaps it in and alerts; it never holds words itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from html import escape
from typing import Any

from kiosk.api.models import Ticket
from kiosk.api.rating_scale import SCALES, level_label
from kiosk.clock import local_time
from kiosk.config import Site

NEAR = 3  # people ahead at which the phone beeps and vibrates ("almost your turn")
RELOAD_S = 60  # the script's reload when the live stream cannot be opened
NOSCRIPT_REFRESH_S = 30

_STATUS = {
    "waiting": ("Đang chờ", "Waiting"),
    "called": ("Đã đến lượt, mời đến quầy", "Your turn: please go to the counter"),
    "finished": ("Đã phục vụ xong", "Served"),
    "skipped": ("Đã qua lượt", "Missed; please ask at the information desk"),
    "expired": ("Số này đã hết hiệu lực", "This number has expired"),
}

# what follows a ticket: the event stream, updates in the page, sound and vibration
SCRIPT = """
(function () {
  var live = document.getElementById("live");
  var last = JSON.parse(document.getElementById("state").textContent);
  var bell = document.getElementById("bell");
  var audio = null;
  function beep(times) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      for (var i = 0; i < times; i++) {
        var o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime + i * 0.35;
        o.frequency.value = 880; o.connect(g); g.connect(audio.destination);
        g.gain.setValueAtTime(0.3, t); g.gain.exponentialRampToValueAtTime(0.001, t + 0.3);
        o.start(t); o.stop(t + 0.3);
      }
    } catch (e) {}
  }
  function buzz(pattern) {
    try { if (navigator.vibrate) { navigator.vibrate(pattern); } } catch (e) {}
  }
  function alertOn(now) {
    if (now.status === "called" && (last.status !== "called" || now.recalls > last.recalls)) {
      beep(3); buzz([400, 150, 400, 150, 400]);
    } else if (now.status === "waiting" && now.ahead <= now.near &&
               (last.status !== "waiting" || last.ahead > now.near)) {
      beep(1); buzz(400);
    }
  }
  function reloadLater() { setTimeout(function () { location.reload(); }, last.reload_s * 1000); }
  if (bell && last.status === "waiting") {
    bell.hidden = false;
    bell.addEventListener("click", function () {
      beep(1); buzz(50); if (audio && audio.resume) { audio.resume(); }
      bell.textContent = bell.getAttribute("data-on");
    });
  }
  if (last.ended) { return; }
  if (!window.EventSource) { reloadLater(); return; }
  var source = new EventSource(live.getAttribute("data-events"));
  source.addEventListener("ticket", function (e) {
    var now = JSON.parse(e.data);
    if (now.key !== last.key) { live.innerHTML = now.html; }
    if (bell && now.status !== "waiting") { bell.hidden = true; }
    alertOn(now);
    last = now;
    window.ticketUpdates = (window.ticketUpdates || 0) + 1;
    if (now.ended) { source.close(); }
  });
  source.onerror = function () {
    if (source.readyState === 2) { reloadLater(); }
  };
})();
"""
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<noscript><meta http-equiv="refresh" content="{refresh}"></noscript>
<title>Số {number} - {site}</title>
<style>
body{{font-family:system-ui,Roboto,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b2733}}
header{{background:#b71c1c;color:#fff;padding:12px 16px;font-size:15px}}
main{{padding:12px 16px;max-width:480px;margin:auto}}
.num{{font-size:72px;font-weight:700;text-align:center;margin:4px 0;letter-spacing:2px}}
.card{{background:#fff;border-radius:12px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0002}}
.big{{font-size:22px;font-weight:600;margin:8px 0 0}} .en{{color:#5b6773;font-size:14px}}
.called{{background:#e8f5e9;border:2px solid #2e7d32}}
.counter{{font-size:40px;font-weight:700;color:#1b5e20;text-align:center;margin:8px 0 0}}
.near{{background:#fff8e1;border:2px solid #f9a825}}
.notice{{background:#e3f2fd;border-radius:8px;padding:10px;margin:0 0 12px}}
.notice.refused{{background:#ffebee}}
button{{font:inherit;font-size:18px;width:100%;min-height:48px;margin:6px 0;border-radius:10px;
border:1px solid #90a4ae;background:#eceff1;color:#1b2733;padding:8px}}
.rate button{{background:#fff}} .rate .en{{display:block}}
</style></head><body>
<header>{site}</header>
<main>
<div id="live" data-events="/t/{token}/events">{live}</div>
<button type="button" id="bell" hidden data-on="Đã bật âm báo / Sound alerts on">
Bật âm báo khi sắp đến lượt<br><span class="en">Turn on sound alerts</span></button>
<p class="en">Trang tự cập nhật khi có thay đổi / This page updates by itself.</p>
</main>
<script type="application/json" id="state">{state}</script>
<script>{script}</script>
</body></html>"""


_THANKS = '<p class="big">Cảm ơn bạn đã đánh giá.</p><div class="en">Thank you!</div>'


@dataclass(frozen=True)
class PhoneView:
    """What the page shows of one ticket now."""

    ticket: Ticket
    today: str
    behind: int  # waiting behind it in its lane: "Hoãn lượt" is offered while any do
    rated: bool
    rate_open: bool  # a served visit that may still be rated (the rating screen's rule)

    @property
    def status(self) -> str:
        t = self.ticket
        return "expired" if t.status == "waiting" and t.day != self.today else t.status

    @property
    def ended(self) -> bool:
        """Nothing will change any more: the stream ends."""
        return self.status in ("finished", "expired")


def _postpone(site: Site, view: PhoneView) -> str:
    if view.ticket.postponed:
        return (
            '<p>Bạn đã hoãn lượt một lần.</p><div class="en">You have delayed your turn once.</div>'
        )
    if not view.behind:
        return ""
    places = min(site.postpone_places, view.behind)
    return (
        '<form method="post" action="/t/{t}/postpone"><button type="submit">Hoãn lượt: lùi {n} chỗ'
        '<br><span class="en">Delay my turn by {n} places</span></button></form>'
        '<div class="en">Chưa kịp đến quầy? Mỗi số được hoãn một lần. / '
        "Not there yet? Each number may be delayed once.</div>"
    ).format(t=escape(view.ticket.page_token or ""), n=places)


def _rating(site: Site, view: PhoneView) -> str:
    if view.rated:
        return _THANKS
    if not view.rate_open:
        return ""
    scale = site.rating_levels
    token = escape(view.ticket.page_token or "")
    buttons = "".join(
        f'<button type="submit" name="level" value="{level}">{level_label(scale, level, "vi")}'
        f'<span class="en">{level_label(scale, level, "en")}</span></button>'
        for level in SCALES[scale]
    )
    return (
        '<p class="big">Bạn có hài lòng với lượt phục vụ?</p>'
        '<div class="en">How satisfied are you with the service?</div>'
        f'<form class="rate" method="post" action="/t/{token}/rating">'
        f"{buttons}</form>"
    )


def _waiting(site: Site, view: PhoneView) -> str:
    t = view.ticket
    if not t.waiting_ahead:
        place = '<p class="big">Bạn là người tiếp theo</p><div class="en">You are next</div>'
    else:
        eta = "" if t.eta_minutes is None else f"khoảng {t.eta_minutes} phút"
        eta_en = "" if t.eta_minutes is None else f"about {t.eta_minutes} min"
        place = (
            f'<p class="big">Còn {t.waiting_ahead} người trước bạn</p>'
            f'<div class="en">{t.waiting_ahead} people ahead</div>'
            f"<p>Thời gian chờ dự kiến: {eta}</p>"
            f'<div class="en">Estimated wait: {eta_en}</div>'
        )
    if t.waiting_ahead <= NEAR:
        place += (
            '<p class="big">Sắp đến lượt, mời bạn đến gần quầy.</p>'
            '<div class="en">Almost your turn: please come close to the counters.</div>'
        )
    return place + _postpone(site, view)


def render_live(site: Site, view: PhoneView, notice: str = "", refused: bool = False) -> str:
    """The part of the page that follows the ticket: number, state, position, counter, the
    delay button and the rating."""
    t = view.ticket
    status = view.status
    vi, en = _STATUS[status]
    parts = []
    if notice:
        parts.append(f'<div class="notice{" refused" if refused else ""}">{escape(notice)}</div>')
    parts.append(
        '<div class="en">Số thứ tự / Your number</div>'
        f'<div class="num">{escape(t.number)}</div>'
        f'<p class="big">{vi}</p><div class="en">{en}</div>'
    )
    css = ""
    if status == "waiting":
        css = "near" if t.waiting_ahead <= NEAR else ""
        parts.append(_waiting(site, view))
    elif status == "called" and t.counter_id:
        css = "called"
        parts.append(
            f'<p class="counter">Quầy số {t.counter_id}</p>'
            f'<div class="en" style="text-align:center">Counter {t.counter_id}</div>'
        )
        if t.recalls:
            parts.append(
                f"<p>Quầy đã mời lại {t.recalls} lần.</p>"
                f'<div class="en">Called again {t.recalls} times.</div>'
            )
    elif status == "finished":
        parts.append(_rating(site, view))
    service = site.service(t.service_id)
    issued = local_time(site.tz, t.issued_at).strftime("%H:%M %d/%m/%Y")
    return (
        f'<div class="card {css}">{"".join(parts)}</div>'
        f'<div class="card"><div>{escape(service.name_vi if service else t.service_id)}</div>'
        f'<div class="en">{escape(service.name_en if service else "")}</div>'
        f'<div class="en">Lấy số lúc / Issued {issued}</div></div>'
    )


def state(site: Site, view: PhoneView, html: str, with_html: bool = True) -> dict[str, Any]:
    """The public view the page's stream sends: no id, no name, nothing personal. ``key``
    names the HTML, so the page swaps in only what changed (a button being tapped stays)."""
    t = view.ticket
    return {
        "key": hashlib.sha256(html.encode()).hexdigest()[:16],
        "number": t.number,
        "status": view.status,
        "ahead": t.waiting_ahead if view.status == "waiting" else 0,
        "eta_minutes": t.eta_minutes if view.status == "waiting" else None,
        "counter_id": t.counter_id if view.status == "called" else None,
        "recalls": t.recalls if view.status == "called" else 0,
        "near": NEAR,
        "reload_s": RELOAD_S,
        "ended": view.ended,
        "html": html if with_html else "",
    }


def _json_in_html(data: dict[str, Any]) -> str:
    """JSON safe inside a <script> element (no "</" can close it)."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def render_page(site: Site, view: PhoneView, notice: str = "", refused: bool = False) -> str:
    t = view.ticket
    live = render_live(site, view, notice, refused)
    return _PAGE.format(
        refresh=NOSCRIPT_REFRESH_S,
        site=escape(site.name),
        number=escape(t.number),
        token=escape(t.page_token or ""),
        live=live,
        state=_json_in_html(state(site, view, live, with_html=False)),
        script=SCRIPT,
    )


def simple_page(title: str, vi: str, en: str) -> str:
    """A whole small page of two sentences (refusals)."""
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title></head><body>\n<p>{vi}</p>\n<p>{en}</p>\n</body></html>"
    )


def busy_page(seconds: str) -> str:
    return simple_page(
        "Vui lòng thử lại sau / Please wait",
        f"Quá nhiều yêu cầu từ thiết bị này. Vui lòng thử lại sau {seconds} giây.",
        f"Too many requests from this device; please try again in {seconds} s.",
    )


NOT_FOUND = simple_page(
    "Không tìm thấy / Not found",
    "Không tìm thấy số thứ tự này. Hãy quét lại mã QR trên phiếu.",
    "No such ticket; scan the QR code on your ticket again.",
)
CROSS_SITE = simple_page(
    "Không hợp lệ / Refused",
    "Biểu mẫu phải gửi từ trang của hub.",
    "The form must be sent from the hub's own page.",
)
