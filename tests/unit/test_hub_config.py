"""The hub's sites: the first file lists the others; ids, tokens and the time zone are
checked across them, every mistake one clear message naming the file and the key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.config import (
    ConfigError,
    example_site_path,
    hub_config,
    load_hub_config,
    parse_site,
)


def example() -> dict:
    return tomllib.loads(example_site_path().read_text(encoding="utf-8"))


def retokened(data: dict, tag: str) -> dict:
    """``data`` with tokens of its own (``tag`` in each)."""
    for device in data["devices"]:
        device["token"] = f"{tag}-{device['id']}-0123456789"
    return data


def site(site_id: str, **changes) -> dict:
    data = retokened(example(), site_id)
    data["site"]["id"] = site_id
    data["site"].update(changes)
    return data


def write(path: Path, data: dict) -> Path:
    """A TOML file of ``data`` (the few shapes a site file has)."""
    lines: list[str] = []

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return str(v)

    def table(header: str, body: dict) -> None:
        lines.append(header)
        subtables = {k: v for k, v in body.items() if isinstance(v, dict)}
        arrays = {
            k: v for k, v in body.items() if isinstance(v, list) and v and isinstance(v[0], dict)
        }
        for k, v in body.items():
            if k not in subtables and k not in arrays:
                lines.append(f"{k} = {value(v)}")
        name = header.strip("[]")
        for k, v in subtables.items():
            table(f"[{name}.{k}]", v)
        for k, items in arrays.items():
            for item in items:
                table(f"[[{name}.{k}]]", item)

    for key in ("site", "hub", "appointments"):
        if key in data:
            table(f"[{key}]", data[key])
    for key in ("services", "counters", "devices", "officers"):
        for item in data.get(key, []):
            table(f"[[{key}]]", item)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_write_round_trips_the_example(tmp_path):
    assert tomllib.loads(write(tmp_path / "x.toml", example()).read_text("utf-8")) == example()


def test_one_site_file_is_a_hub_of_one_site():
    config = load_hub_config()
    assert [s.id for s in config.sites] == ["xa-phu-dong"]
    assert config.main is config.sites[0] and config.site("xa-phu-dong") is config.main
    assert config.site("nowhere") is None
    assert {d.site for d in config.devices} == {"xa-phu-dong"}
    assert config.settings.viewers == ()


def test_sites_listed_relative_to_the_first_file(tmp_path, monkeypatch):
    main = site("tinh", rating_levels=5)
    main["hub"]["sites"] = ["xa/a.toml", "xa/b.toml"]
    main["hub"]["viewers"] = [{"id": "so-noi-vu", "token": "province-viewer-0123456789"}]
    write(tmp_path / "tinh.toml", main)
    (tmp_path / "xa").mkdir()
    other = site("xa-a")
    other["hub"]["port"] = 9999  # an extra file's [hub] is for its apps, not read by the hub
    write(tmp_path / "xa" / "a.toml", other)
    write(tmp_path / "xa" / "b.toml", site("xa-b", rating_levels=4))
    monkeypatch.chdir(Path("/"))

    config = load_hub_config(tmp_path / "tinh.toml")
    assert [s.id for s in config.sites] == ["tinh", "xa-a", "xa-b"]
    assert [s.rating_levels for s in config.sites] == [5, 3, 4]
    assert config.settings.port == 8600 and config.settings.sites == ("xa/a.toml", "xa/b.toml")
    assert config.site("xa-a").source == str(tmp_path / "xa" / "a.toml")
    kiosks = [d for d in config.devices if d.id == "kiosk-1"]
    assert [d.site for d in kiosks] == ["tinh", "xa-a", "xa-b"]  # one id, three sites
    viewer = config.devices[-1]
    assert (viewer.id, viewer.role, viewer.site) == ("so-noi-vu", "province", "")
    assert viewer.token == "province-viewer-0123456789" and viewer.counter is None


def test_a_site_without_an_id_is_site():
    data = example()
    del data["site"]["id"]
    assert parse_site(data).id == "site"
    assert {d.site for d in parse_site(data).devices} == {"site"}


@pytest.mark.parametrize("good", ["a", "xa-phu-dong", "tinh_bac_ninh", "0", "a" * 40])
def test_good_site_ids(good):
    assert parse_site(site(good)).id == good


@pytest.mark.parametrize("bad", ["", "A", "-xa", "_xa", "xã", "xa phu", "a" * 41, "xa\n", "x/y"])
def test_bad_site_ids(bad):
    with pytest.raises(ConfigError, match=r"^site\.id: .* must be lower-case letters"):
        parse_site(site(bad))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: h.update(sites="xa.toml"), "hub.sites: expected a list"),
        (lambda h: h.update(sites=["", "xa.toml"]), "hub.sites: must be a list of site file"),
        (lambda h: h.update(sites=[3]), "hub.sites: must be a list of site file"),
        (lambda h: h.update(viewers=[{"id": "so"}]), "hub.viewers[0].token: missing"),
        (lambda h: h.update(viewers=[{"id": "so", "token": "short"}]),
         "hub.viewers[0].token: must be at least 16"),
        (lambda h: h.update(viewers=[{"token": "province-viewer-0123456789"}]),
         "hub.viewers[0].id: missing"),
        (lambda h: h.update(viewers=[{"id": "so", "token": "x" * 16, "role": "admin"}]),
         "hub.viewers[0]: unknown key 'role'"),
        (lambda h: h.update(viewers=[{"id": "so", "token": "x" * 16},
                                     {"id": "so", "token": "y" * 16}]),
         "hub.viewers[1].id: duplicate id 'so'"),
    ],
)  # fmt: skip
def test_hub_section_mistakes_name_the_key(change, message):
    data = example()
    change(data["hub"])
    with pytest.raises(ConfigError) as err:
        parse_site(data)
    assert message in str(err.value)


def sites(*data: dict):
    return [parse_site(d, f"{d['site']['id']}.toml") for d in data]


def test_hub_config_accepts_sites_that_can_share_a_hub():
    config = hub_config(sites(site("tinh"), site("xa-a"), site("xa-b")))
    assert len(config.devices) == 3 * len(example()["devices"])
    assert len({d.token for d in config.devices}) == len(config.devices)


def test_hub_config_refuses_a_duplicate_site_id():
    with pytest.raises(ConfigError, match=r"sites\[2\]\.id: duplicate id 'xa-a'"):
        hub_config(sites(site("tinh"), site("xa-a"), site("xa-a") | {"devices": []}))


def test_hub_config_refuses_a_token_of_two_sites():
    second = site("xa-a")
    second["devices"][3]["token"] = site("tinh")["devices"][0]["token"]
    device, first = second["devices"][3]["id"], site("tinh")["devices"][0]["id"]
    with pytest.raises(ConfigError) as err:
        hub_config(sites(site("tinh"), second))
    assert str(err.value) == f"xa-a/{device}: token already used by tinh/{first}"


def test_hub_config_refuses_a_viewer_with_a_devices_token():
    main = site("tinh")
    main["hub"]["viewers"] = [{"id": "so", "token": site("xa-a")["devices"][1]["token"]}]
    with pytest.raises(ConfigError, match=r"^hub.viewers/so: token already used by xa-a/"):
        hub_config(sites(main, site("xa-a")))


def test_hub_config_refuses_another_time_zone():
    with pytest.raises(ConfigError) as err:
        hub_config(sites(site("tinh"), site("xa-a", timezone="Asia/Bangkok")))
    assert str(err.value) == (
        "xa-a.toml: site.timezone 'Asia/Bangkok' differs from 'Asia/Ho_Chi_Minh'; "
        "one hub serves sites of one time zone"
    )


def test_load_hub_config_names_the_file(tmp_path):
    main = site("tinh")
    main["hub"]["sites"] = ["xa-a.toml"]
    write(tmp_path / "tinh.toml", main)
    bad = site("xa-a")
    bad["devices"][0]["role"] = "boss"
    write(tmp_path / "xa-a.toml", bad)
    with pytest.raises(ConfigError, match=r"xa-a\.toml: devices\[0\]\.role: 'boss'"):
        load_hub_config(tmp_path / "tinh.toml")

    write(tmp_path / "xa-a.toml", site("tinh"))  # the same id again
    with pytest.raises(ConfigError) as err:
        load_hub_config(tmp_path / "tinh.toml")
    assert str(err.value) == f"{tmp_path / 'tinh.toml'}: sites[1].id: duplicate id 'tinh'"

    main["hub"]["sites"] = ["absent.toml"]
    write(tmp_path / "tinh.toml", main)
    with pytest.raises(ConfigError, match=r"absent\.toml: cannot read"):
        load_hub_config(tmp_path / "tinh.toml")


def test_the_citizen_secret_is_long_and_one_per_hub() -> None:
    data = example()
    data["hub"]["citizen_secret"] = "short"
    with pytest.raises(ConfigError, match=r"hub\.citizen_secret: must be at least 16"):
        parse_site(data)
    first = parse_site(site("xa-a"))
    assert first.hub.citizen_secret == "demo-only-citizen-secret-change-me"
    other = site("xa-b")
    other["hub"]["citizen_secret"] = "another-secret-0123456789"
    with pytest.raises(ConfigError, match="citizen_secret differs"):
        hub_config([first, parse_site(other)])
    del other["hub"]["citizen_secret"]
    with pytest.raises(ConfigError, match="citizen_secret differs"):
        hub_config([first, parse_site(other)])
    same = site("xa-c")
    assert hub_config([first, parse_site(same)]).main.hub.citizen_secret
