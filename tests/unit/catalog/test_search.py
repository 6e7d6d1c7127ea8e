"""Search over the shipped sample catalog: what citizens really type finds the procedure."""

from __future__ import annotations

import pytest

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.synonyms import Synonyms

# (what a citizen types on the on-screen keyboard, the procedure they need)
CITIZEN_QUERIES = [
    # no tones, lower case
    ("dang ky khai sinh", "1.001193"),
    ("khai sinh", "1.001193"),
    ("lam giay khai sinh cho con", "1.001193"),
    ("dang ky ket hon", "1.000894"),
    ("ket hon", "1.000894"),
    ("khai tu", "1.000656"),
    ("dang ky tam tru", "1.004194"),
    ("dang ky thuong tru", "1.004222"),
    ("ly lich tu phap", "2.000488"),
    ("thanh lap ho kinh doanh", "1.001612"),
    ("chung thuc chu ky", "2.000884"),
    ("trich luc ho tich", "2.000635"),
    ("tach thua", "1.012782"),
    ("giay phep xay dung nha o", "1.009995"),
    ("tro cap that nghiep", "1.001978"),
    ("chuyen truong trung hoc co so", "1.005097"),
    ("giam ho", "1.004837"),
    # i/y spelling variants
    ("dang ki khai sinh", "1.001193"),
    ("dang ki ket hon", "1.000894"),
    ("li lich tu phap", "2.000488"),
    ("dang ki tam tru", "1.004194"),
    # typos
    ("dang ky khai sin", "1.001193"),
    ("dnag ky ket hon", "1.000894"),
    ("ket hom", "1.000894"),
    ("chung thuc ban soa", "2.000815"),
    ("ly lich tu phao", "2.000488"),
    ("khaisinh", "1.001193"),
    ("thuong chu", "1.004222"),
    ("tam truu", "1.004194"),
    # everyday words
    ("so do", "1.012756"),
    ("lam so do", "1.012756"),
    ("mat so do", "1.012776"),
    ("sang ten so do", "1.012770"),
    ("cong chung giay to", "2.000815"),
    ("sao y ban chinh", "2.000815"),
    ("sao y", "2.000815"),
    ("bao tu", "1.000656"),
    ("ho khau", "1.004222"),
    ("nhap ho khau", "1.004222"),
    ("cat ho khau", "1.004206"),
    ("giay xac nhan doc than", "1.004873"),
    ("xac nhan doc than", "1.004873"),
    ("lam can cuoc", "1.012856"),
    ("mat can cuoc", "1.012859"),
    ("cccd", "1.012856"),
    ("mo quan an", "1.001612"),
    ("giay phep kinh doanh", "1.001612"),
    ("ban sao giay khai sinh", "2.000635"),
    ("doi ten cho con", "1.004859"),
    ("lay vo", "1.000894"),
    ("xay nha", "1.009995"),
    ("tro cap nguoi gia", "1.001776"),
    ("bang lai xe het han", "1.012871"),
    ("xin con nuoi", "1.003005"),
    ("ho ngheo", "1.000489"),
    ("tham mo liet si", "1.010823"),
    ("di chuc", "2.001019"),
]


@pytest.mark.parametrize(("query", "code"), CITIZEN_QUERIES)
def test_citizen_query_finds_procedure_in_top_3(catalog: Catalog, query: str, code: str) -> None:
    top = [h.procedure.code for h in catalog.search(query, limit=3)]
    assert code in top, f"{query!r}: got {top}"


def test_table_is_large_and_points_at_real_codes(catalog: Catalog) -> None:
    assert len(CITIZEN_QUERIES) >= 40
    assert all(catalog.get(code) for _, code in CITIZEN_QUERIES)


@pytest.mark.parametrize(
    "query",
    ["Đăng ký khai sinh", "ĐĂNG KÝ KHAI SINH", "đăng kí khai sinh", "Dang Ky Khai Sinh"],
)
def test_tones_case_and_spelling_do_not_matter(catalog: Catalog, query: str) -> None:
    assert catalog.search(query, limit=1)[0].procedure.code == "1.001193"


def test_exact_code_goes_straight_to_the_procedure(catalog: Catalog) -> None:
    hits = catalog.search("2.000488")
    assert [(h.procedure.code, h.score) for h in hits] == [("2.000488", 100.0)]


def test_code_inside_a_scanned_portal_link(catalog: Catalog) -> None:
    url = (
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
        "?ma_thu_tuc=1.004222"
    )
    assert catalog.search(url)[0].procedure.code == "1.004222"


def test_partial_code_lists_codes_with_that_prefix(catalog: Catalog) -> None:
    codes = [h.procedure.code for h in catalog.search("1.0012", limit=20)]
    assert codes == sorted(c for c in catalog.by_code if c.startswith("1.0012"))
    assert codes


def test_code_digits_without_the_prefix(catalog: Catalog) -> None:
    assert [h.procedure.code for h in catalog.search("001193")] == ["1.001193"]


def test_unknown_code_gives_nothing(catalog: Catalog) -> None:
    assert catalog.search("9.999999") == []


def test_nonsense_gives_nothing(catalog: Catalog) -> None:
    assert catalog.search("qwxz zzkj") == []
    assert catalog.search("   ") == []


def test_scores_are_ordered_and_bounded(catalog: Catalog) -> None:
    hits = catalog.search("dang ky", limit=10)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)
    assert len(hits) == 10


def test_search_filtered_by_field_and_level(catalog: Catalog) -> None:
    hits = catalog.search("cap lai", limit=20, field="Căn cước")
    assert hits and all(h.procedure.field == "Căn cước" for h in hits)
    hits = catalog.search("giay chung nhan", limit=20, level="tinh")
    assert hits and all("tinh" in h.procedure.levels for h in hits)


def test_prefix_of_last_word_while_typing(catalog: Catalog) -> None:
    top = [h.procedure.code for h in catalog.search("dang ky khai si", limit=3)]
    assert "1.001193" in top


def test_synonym_table_is_what_makes_everyday_words_work(catalog: Catalog) -> None:
    bare = Catalog(catalog.procedures, synonyms=Synonyms.from_mapping({}))
    assert "1.012756" not in [h.procedure.code for h in bare.search("so do", limit=3)]
    edited = Catalog(
        catalog.procedures, synonyms=Synonyms.from_mapping({"giấy đỏ": ["quyền sử dụng đất"]})
    )
    assert edited.search("giay do", limit=1)[0].procedure.field == "Đất đai"


def test_hit_json_shape(catalog: Catalog) -> None:
    hit = catalog.search("khai tu", limit=1)[0]
    assert hit.to_json() == {"code": "1.000656", "name": "Đăng ký khai tử", "score": hit.score}
