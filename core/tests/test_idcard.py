import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import idcard
from core.text import mask_id_number, mask_phone, pinyin_full, pinyin_initials


def test_it_accepts_a_valid_number_and_reads_birth_and_gender():
    # 11010519491231002X is the standard's own example: born 1949-12-31, a woman.
    assert idcard.parse("11010519491231002X") == (dt.date(1949, 12, 31), "F")


def test_it_accepts_lower_case_x_and_full_width_digits():
    assert idcard.parse("１１０１０５１９４９１２３１００２x")[1] == "F"


def test_it_rejects_a_wrong_check_digit_in_chinese():
    with pytest.raises(idcard.InvalidIdNumber, match="校验位不正确"):
        idcard.parse("110105194912310021")


def test_it_rejects_an_impossible_birth_date():
    number = "110105" + "19490231" + "002"
    with pytest.raises(idcard.InvalidIdNumber, match="出生日期不存在"):
        idcard.parse(number + idcard.check_character(number))


def test_it_rejects_the_wrong_length():
    with pytest.raises(idcard.InvalidIdNumber, match="18位"):
        idcard.parse("11010519491231002")


@given(
    birth=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2008, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
    gender=st.sampled_from(["M", "F"]),
)
def test_made_numbers_parse_back_to_their_birth_and_gender(birth, sequence, gender):
    assert idcard.parse(idcard.make("500101", birth, sequence, gender)) == (birth, gender)


def test_masks_keep_four_characters_at_each_end_of_an_id_number_and_the_phone_shape():
    assert mask_id_number("500101198505201234") == "5001**********1234"
    assert mask_phone("13812345678") == "138****5678"


def test_pinyin_full_and_initials():
    assert pinyin_full("张三") == "zhangsan"
    assert pinyin_initials("张三") == "zs"


def test_any_script_s_digits_give_the_one_ascii_number_so_a_person_has_one_search_key():
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in "50010119771219180") + "5"
    devanagari = "".join(chr(0x0966 + int(c)) for c in "500101197712191805")
    assert idcard.normalize(arabic_indic) == idcard.normalize(devanagari) == "500101197712191805"
    assert idcard.normalize("５００１０１１９７７１２１９１８０ｘ") == "50010119771219180X"


def test_a_digit_that_is_not_a_decimal_digit_is_not_an_id_number():
    with pytest.raises(idcard.InvalidIdNumber):
        idcard.parse("²" + "00101197712191805")
