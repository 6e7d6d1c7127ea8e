"""How citizens type: Telex/VNI, no spaces, accents, codes in any form; and "not offered"."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.folding import accent_spellings, untyped, words
from kiosk.catalog.search import CONFIDENT_SCORE
from kiosk.catalog.synonyms import MAX_VARIANTS, SynonymError, Synonyms


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("dang kys khai sinh", "dang ki khai sinh"),
        ("ddaast ddai", "dat dai"),
        ("da9ng ky1", "dang ki"),
        ("thuwowngf truus", "thuong truu"),
        ("caaps laij theer can cuwowcs", "cap lai the can cuoc"),
        ("chu7ng thu7c5 chu74 ky1", "chung thuc chu ki"),
        ("giaay phesp xaay duwngj", "giấy phép xây dựng"),
        ("ddangw kys khai tuwr", "đăng ký khai tử"),
        ("w", "ư"),
    ],
)
def test_telex_and_vni_decode_to_the_folded_words(typed: str, meant: str) -> None:
    assert [untyped(w) for w in words(typed)] == words(meant)


def test_words_without_marks_come_back_unchanged() -> None:
    plain = words("dang ky thuong tru 2025")
    assert [untyped(w) for w in plain] == plain


def test_accent_spellings() -> None:
    assert accent_spellings("chu") == {"tru"}
    assert "sang" in accent_spellings("xang")
    assert "ngu" not in accent_spellings("lu") and "nghe" not in accent_spellings("nghe")


@pytest.mark.parametrize(
    "query",
    [
        "dangkykhaisinh",
        "khaisinh",
        "dang kys khai sinh",
        "da9ng ky1 khai sinh",
        "đăng kí khai sinh",
    ],
)
def test_typing_forms_find_birth_registration(catalog: Catalog, query: str) -> None:
    assert catalog.find(query, limit=1).hits[0].procedure.code == "1.001193"


def test_a_real_word_is_not_decoded_as_telex(catalog: Catalog) -> None:
    # "thuong" is a known word: not read as Telex, and not split.
    assert catalog.index._normalise(["thuong", "tru"]) == ["thuong", "tru"]


def test_both_tone_placements_fold_alike(catalog: Catalog) -> None:
    assert words("hoà giải thuỷ") == words("hòa giải thủy")
    old = catalog.search("hoà giải tranh chấp đất", limit=1)
    assert old[0].procedure.code == "1.012790"


@pytest.mark.parametrize(
    "query",
    [
        "1.004222",
        "1. 004222",
        "1 004222",
        "1,004222",
        "1004222",
        "004222",
        "1.004222.",
        "1.004222..",
        "mã 1.004222",
        "1-004222",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.004222",
        "HTTPS://DICHVUCONG.GOV.VN/P/HOME/DVC-TTHC-THU-TUC-HANH-CHINH-CHI-TIET.HTML?MA_THU_TUC=1.004222",
    ],
)
def test_code_in_every_form(catalog: Catalog, query: str) -> None:
    result = catalog.find(query)
    assert result.confident
    assert [h.procedure.code for h in result.hits] == ["1.004222"]


def test_a_phone_number_is_not_a_code(catalog: Catalog) -> None:
    assert not catalog.find("0912004222").hits


@pytest.mark.parametrize(
    ("query", "where"),
    [("ly hôn", "Tòa án"), ("làm hộ chiếu", "xuất nhập cảnh"), ("thẻ bảo hiểm y tế", "Bảo hiểm")],
)
def test_matters_handled_elsewhere_say_who_handles_them(
    catalog: Catalog, query: str, where: str
) -> None:
    result = catalog.find(query)
    assert not result.confident
    assert result.elsewhere and where in result.elsewhere


def test_a_matter_a_procedure_is_named_for_is_offered(catalog: Catalog) -> None:
    syn = Synonyms.from_mapping({}, elsewhere={"khai tử": "somewhere else"})
    result = Catalog(catalog.procedures, synonyms=syn).find("khai tử")
    assert result.confident and result.elsewhere is None


def test_unrelated_query_is_not_confident(catalog: Catalog) -> None:
    result = catalog.find("đóng thuế đất hàng năm")
    assert not result.confident
    assert all(h.score < CONFIDENT_SCORE for h in result.hits)


def test_find_agrees_with_search(catalog: Catalog) -> None:
    result = catalog.find("so do", limit=5, field="Đất đai")
    assert result.confident
    assert result.hits == catalog.search("so do", limit=5, field="Đất đai")
    assert result.to_json()["hits"][0] == result.hits[0].to_json()
    assert result.to_json()["confident"] is True


def test_stop_words_that_collide_with_name_words_still_count(catalog: Catalog) -> None:
    # "từ" is a stop word, and folds like "tử": "khai tu" is death registration.
    assert catalog.search("dang ki khai tu", limit=1)[0].procedure.code == "1.000656"


def test_malformed_elsewhere_table_names_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "s.toml"
    bad.write_text("[elsewhere]\n'ly hôn' = 3\n", encoding="utf-8")
    with pytest.raises(SynonymError, match="ly hôn"):
        Synonyms.load(bad)
    bad.write_text("context = 'vợ'\n", encoding="utf-8")
    with pytest.raises(SynonymError, match="context"):
        Synonyms.load(bad)


def test_shipped_lexicon_points_at_words_the_catalog_uses(catalog: Catalog) -> None:
    """Most replacement words are in the index (some name procedures of a full catalog)."""
    vocab = catalog.index.postings
    targets = {w for means in catalog.synonyms.phrases.values() for m in means for w in m}
    assert len(catalog.synonyms.phrases) >= 600
    assert sum(w in vocab for w in targets) / len(targets) > 0.9


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["dang", "ki", "khia", "tu"], "khai"),  # swapped letters, between "ký" and "tử"
        (["dang", "ki", "kham", "hon"], "ket"),  # a real word, but not between "ký … hôn"
    ],
)
def test_a_typo_is_read_between_its_neighbours(catalog: Catalog, typed: list, meant: str) -> None:
    assert catalog.index._normalise(typed)[2] == meant


def test_a_word_the_lexicon_uses_in_place_is_not_corrected(catalog: Catalog) -> None:
    assert catalog.index._normalise(["kham", "nghia", "vu"])[0] == "kham"


def test_joined_words_with_a_typo_split_around_the_shorter_unknown_piece(catalog: Catalog) -> None:
    assert catalog.index._normalise(["dangkiketjon"]) == ["dang", "ki", "ket", "hon"]


def test_an_everyday_phrase_is_found_around_stop_words() -> None:
    syn = Synonyms.from_mapping({"bán đất": ["chuyển nhượng"]}, stopwords=["mảnh", "cái"])
    assert syn.variants(words("bán mảnh đất"))[1] == words("chuyển nhượng")
    assert syn.variants(words("bán cái mảnh đất"))[1] == words("chuyển nhượng")
    assert len(syn.variants(words("bán nhà đất"))) == 1  # "nhà" is not a stop word


def test_a_longer_phrase_inside_a_shorter_one_wins() -> None:
    syn = Synonyms.from_mapping({"mẹ mất": ["khai tử"], "mất sổ đỏ": ["cấp lại"]})
    assert syn.variants(words("mẹ mất sổ đỏ"))[1] == ["me", "cap", "lai"]
    assert syn.variants(words("mẹ mất"))[1] == ["khai", "tu"]


def test_rewrites_replace_every_phrase_of_a_long_query() -> None:
    syn = Synonyms.from_mapping({w: ["x"] for w in ("a", "b", "c", "d", "e")})
    variants = syn.variants(["a", "b", "c", "d", "e"])
    assert variants[0] == ["a", "b", "c", "d", "e"] and variants[1] == ["x"] * 5
    assert len(variants) <= MAX_VARIANTS


def test_a_matter_handled_elsewhere_named_as_the_reason_does_not_hide_the_need(
    catalog: Catalog,
) -> None:
    result = catalog.find("đi xin việc cần lý lịch tư pháp")
    assert result.confident and result.elsewhere is None
    assert result.hits[0].procedure.code == "2.000488"
    assert catalog.find("đi xin việc").elsewhere


def test_a_phrase_with_stop_words_of_its_own_is_found_around_others() -> None:
    syn = Synonyms.from_mapping(
        {"không giám hộ nữa": ["chấm dứt giám hộ"], "giấy xác nhận nơi ở": ["cư trú"]},
        stopwords=["cần", "nữa", "nơi", "ở"],
    )
    assert syn.variants(words("không cần giám hộ nữa"))[1] == words("chấm dứt giám hộ")
    assert len(syn.variants(words("không cần giám hộ"))) == 1  # "nữa" is part of it
    assert len(syn.variants(words("giấy xác nhận độc thân"))) == 1


def test_no_one_word_phrase_folds_like_a_stop_word(catalog: Catalog) -> None:
    """ "đẻ" would rewrite every "để", "sạp" every "sắp": such words live in longer phrases."""
    syn = catalog.synonyms
    assert not [k for k in syn.phrases if len(k) == 1 and k[0] in syn.stopwords]


def test_a_long_question_that_names_the_procedure_in_full_is_confident(catalog: Catalog) -> None:
    result = catalog.find("bé sinh ra ở bệnh viện tỉnh về quê làm khai sinh")
    assert result.hits[0].score < CONFIDENT_SCORE
    assert result.confident and result.hits[0].procedure.code == "1.001193"
