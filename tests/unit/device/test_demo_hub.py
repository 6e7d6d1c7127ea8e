"""`kiosk demo`'s embedded hub: starts in-process, with the sample dossiers looked up."""

from __future__ import annotations

from pathlib import Path

from kiosk.catalog.dossier_sources import sample_dossier_codes
from kiosk.config import load_site
from kiosk.demo import DEMO_DEVICES, EmbeddedHub, lobby_contexts
from kiosk.device.hub_client import HubClient


def test_embedded_hub_serves_the_example_site_and_sample_dossiers(tmp_path: Path) -> None:
    site = load_site(None)
    hub = EmbeddedHub(site, tmp_path)
    assert hub.import_dossiers() >= 2
    url = hub.start()
    try:
        kiosk = HubClient(url, site.device("kiosk-1").token)
        assert [s.id for s in kiosk.services()] == [s.id for s in site.services]
        code = sample_dossier_codes(1)[0]
        dossier = kiosk.get_json(f"/dossiers/{code}")
        assert dossier["code"] == code
        contexts = lobby_contexts(site, url, lambda fn: fn(), tmp_path)
        try:
            assert set(contexts) == set(DEMO_DEVICES)
            assert contexts["kiosk-1"].devices.printer is not None
            assert contexts["display-1"].devices.audio is not None
            assert contexts["rating-1"].devices.rating_pad is not None
            assert contexts["counter-2"].hub.counter(2).id == 2
        finally:
            for context in contexts.values():
                context.close()
    finally:
        hub.stop()
    assert not hub.running
