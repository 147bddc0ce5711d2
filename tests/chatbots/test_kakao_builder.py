"""The Kakao response builder keeps every reply inside the skill limits."""

import pytest

from chatbots.kakao import SkillLimitError, SkillResponse, callback_ack, callback_url_allowed, problems


def test_a_simple_reply_is_a_valid_v2_response():
    response = SkillResponse().text("✅ 식비 5,000원 기록했어요 (11/26)").quick_reply("취소", extra={"e": 1}).build()

    assert response == {
        "version": "2.0",
        "template": {
            "outputs": [{"simpleText": {"text": "✅ 식비 5,000원 기록했어요 (11/26)"}}],
            "quickReplies": [{"label": "취소", "action": "message", "messageText": "취소", "extra": {"e": 1}}],
        },
    }
    assert problems(response) == []


def test_long_text_and_labels_are_shortened_to_fit():
    response = SkillResponse().text("가" * 5000).quick_reply("아주아주아주아주 긴 분류 이름이에요").build()

    text = response["template"]["outputs"][0]["simpleText"]["text"]
    label = response["template"]["quickReplies"][0]["label"]
    assert len(text) == 1000 and text.endswith("…")
    assert len(label) == 14
    assert problems(response) == []


def test_structure_limits_raise():
    response = SkillResponse().text("1").text("2").text("3")
    with pytest.raises(SkillLimitError):
        response.text("4")
    for i in range(10):
        response.quick_reply(str(i))
    with pytest.raises(SkillLimitError):
        response.quick_reply("11")
    with pytest.raises(SkillLimitError):
        SkillResponse().build()
    with pytest.raises(SkillLimitError):
        SkillResponse().text_card(title="t", description="d", buttons=[("a", "a")] * 4)


def test_text_card_fits_title_and_description():
    response = SkillResponse().text_card(title="제" * 80, description="설" * 900, buttons=[("오늘", "오늘")]).build()

    card = response["template"]["outputs"][0]["textCard"]
    assert len(card["title"]) == 50 and len(card["description"]) == 400
    assert problems(response) == []


def test_empty_text_still_gives_a_valid_output():
    assert problems(SkillResponse().text("   ").build()) == []


def test_problems_finds_what_kakao_would_reject():
    assert problems({"template": {"outputs": []}}) == ["version must be 2.0"]
    assert problems({"version": "2.0", "template": {"outputs": []}}) == ["outputs must hold 1–3 items"]
    bad = {
        "version": "2.0",
        "template": {
            "outputs": [{"simpleText": {"text": "x" * 1001}}],
            "quickReplies": [{"label": "열다섯글자가넘는아주긴라벨이에요", "action": "message", "messageText": "a"}],
        },
    }
    assert len(problems(bad)) == 2


def test_callback_ack_shape():
    ack = callback_ack("기록했어요")
    assert ack == {"version": "2.0", "useCallback": True, "data": {"text": "기록했어요"}}
    assert problems(ack) == []


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://bot-api.kakao.com/callback/1", True),
        ("https://kakao.com/x", True),
        ("http://bot-api.kakao.com/callback/1", False),
        ("https://kakao.com.evil.example/x", False),
        ("https://evilkakao.com/x", False),
        ("https://127.0.0.1/x", False),
        ("https://a@bot-api.kakao.com/x", False),
        ("not a url", False),
        ("https://[::1/", False),
    ],
)
def test_callback_urls_only_go_to_kakao(url, allowed):
    assert callback_url_allowed(url) is allowed
