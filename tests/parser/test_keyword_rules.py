"""Built-in keyword rules: a memo's words to a default category slug, and how sure that is."""

import json
from pathlib import Path

import pytest

from categorization import keywords
from categorization.keywords import CONFIDENT, KeywordMatch, match_keywords, normalize_memo

CATEGORIES = json.loads((Path(__file__).resolve().parents[2] / "data" / "categories.json").read_text("utf-8"))
KIND_OF_SLUG = {c["slug"]: c["kind"] for c in CATEGORIES["categories"]}


def slug(memo: str, kind: str = "expense") -> str | None:
    match = match_keywords(memo, kind)
    return match.slug if match and match.confidence >= CONFIDENT else None


EXPENSE_CASES = {
    "food": [
        "점심 김밥",
        "저녁 치킨 배달",
        "이마트 장보기",
        "편의점 삼각김밥",
        "배민 떡볶이",
        "쿠팡이츠 마라탕",
        "요기요 족발",
        "회식",
        "팀 회식비",
        "야식",
        "점심",
        "저녁",
        "아침",
        "브런치",
        "짜장면 탕수육",
        "삼겹살 4인",
        "국밥",
        "순두부찌개",
        "홈플러스 장보기",
        "코스트코",
        "마켓컬리 새벽배송",
        "정육점 한우",
        "과일가게 딸기",
        "생수",
        "맥주 4캔",
        "소주 맥주",
        "와인 한병",
        "cu 삼각김밥",
        "gs25 도시락",
        "세븐일레븐",
        "동네마트 두부 콩나물",
        "밀키트",
        "쌀 10kg",
        "계란 한판",
        "맥날 빅맥세트",
        "버거킹 와퍼",
        "교촌 허니콤보",
        "bhc 뿌링클",
        "쌀국수",
        "이자카야",
        "광어회",
        "볶음밥",
        "떡복이",
        "고기",
        "점심이랑 커피",
        "김밥 커피",
        "스타벅스 샌드위치",
    ],
    "cafe": [
        "커피",
        "스타벅스 아메리카노",
        "스벅 아아",
        "이디야",
        "메가커피",
        "빽다방",
        "투썸 케이크",
        "파리바게뜨 빵",
        "뚜레쥬르",
        "베이커리 빵",
        "소금빵",
        "마카롱",
        "아이스크림",
        "배스킨라빈스",
        "설빙 빙수",
        "붕어빵",
        "호떡",
        "공차 밀크티",
        "카페 라떼",
        "점심 커피",
        "배민 커피",
        "디저트",
        "과자",
        "간식",
        "케이크",
        "크림빵",
    ],
    "transport": [
        "택시비",
        "택시",
        "카카오택시",
        "카카오T",
        "버스",
        "지하철",
        "지하철 1호선",
        "교통카드 충전",
        "티머니 충전",
        "KTX",
        "ktx 서울 부산",
        "SRT 왕복",
        "고속버스",
        "시외버스",
        "공항버스",
        "따릉이",
        "킥보드",
        "쏘카",
        "기차표",
    ],
    "car": [
        "주유",
        "주유소",
        "기름값",
        "기름",
        "GS칼텍스",
        "SK에너지",
        "S-OIL",
        "에쓰오일",
        "전기차 충전",
        "주차비",
        "주차",
        "백화점 주차",
        "병원 주차비",
        "하이패스 충전",
        "통행료",
        "세차",
        "엔진오일 교환",
        "타이어 교체",
        "자동차보험",
        "자동차보험 갱신",
        "자동차세",
        "대리운전",
        "과태료",
        "카센터",
        "차 수리",
    ],
    "housing": [
        "월세",
        "관리비",
        "아파트 관리비",
        "전기요금",
        "전기세",
        "가스비",
        "도시가스",
        "수도세",
        "인터넷 요금",
        "휴대폰 요금",
        "핸드폰 요금",
        "통신비",
        "kt 인터넷",
        "SKT",
        "LG U+",
        "알뜰폰 요금",
        "이사 비용",
        "복비",
    ],
    "living": [
        "다이소",
        "다이소 세제랑 휴지",
        "이마트 세제",
        "휴지 30롤",
        "물티슈",
        "샴푸 린스",
        "칫솔 치약",
        "쓰레기봉투",
        "세탁소",
        "드라이클리닝",
        "코인빨래방",
        "이케아 선반",
        "의자",
        "로봇청소기",
        "에어프라이어",
        "수건",
        "주방세제",
        "올리브영 샴푸",
        "전기장판",
        "오늘의집",
    ],
    "shopping": [
        "옷",
        "겨울 패딩",
        "겨울옷",
        "무신사 바지",
        "유니클로 히트텍",
        "자라 코트",
        "나이키 운동화",
        "구두",
        "원피스",
        "에이블리 니트",
        "양말",
        "셔츠",
        "가방",
        "지갑",
        "아울렛",
        "백화점",
        "에어팟",
        "노트북",
        "스커트",
        "29CM",
    ],
    "beauty": [
        "미용실",
        "미용실 커트",
        "파마",
        "뿌리염색",
        "이발",
        "바버샵",
        "네일",
        "속눈썹 연장",
        "화장품",
        "립스틱",
        "선크림",
        "올리브영",
        "향수",
        "피부관리",
        "마스크팩",
    ],
    "health": [
        "병원",
        "병원 진료비",
        "내과",
        "소아과 진료",
        "치과 스케일링",
        "정형외과 물리치료",
        "한의원",
        "약국",
        "약국 감기약",
        "약값",
        "약",
        "영양제",
        "비타민",
        "유산균",
        "건강검진",
        "안경",
        "헬스장",
        "필라테스",
        "요가",
        "pt 10회",
        "마스크",
    ],
    "culture": [
        "영화",
        "영화 두 명",
        "CGV",
        "메가박스",
        "롯데시네마",
        "넷플릭스",
        "넷플",
        "유튜브 프리미엄",
        "유튜브프리미엄",
        "멜론",
        "티빙",
        "디즈니플러스",
        "디즈니+",
        "뮤지컬",
        "콘서트",
        "전시회",
        "에버랜드",
        "노래방",
        "pc방",
        "볼링",
        "스크린골프",
        "닌텐도",
        "교보문고",
        "책",
        "웹툰",
        "야구 직관",
        "방탈출",
        "캠핑",
    ],
    "travel": [
        "제주도 숙소",
        "숙소",
        "호텔",
        "펜션",
        "에어비앤비",
        "야놀자",
        "여기어때",
        "대한항공",
        "제주항공",
        "아시아나",
        "항공권",
        "면세점",
        "여행자보험",
        "여행",
        "호텔 조식",
        "환전",
    ],
    "education": [
        "학원비",
        "영어학원 수강료",
        "피아노학원",
        "수학 학원비",
        "태권도",
        "학습지",
        "인강",
        "문제집",
        "교재",
        "교보문고 문제집",
        "토익 응시료",
        "등록금",
        "방과후",
        "과외",
    ],
    "kids": [
        "기저귀",
        "기저귀 한박스",
        "분유",
        "이유식",
        "유모차",
        "카시트",
        "어린이집",
        "유치원",
        "키즈카페",
        "장난감",
        "레고",
        "아이 옷",
        "아이옷",
        "애기 신발",
        "아기 옷",
        "쿠팡 기저귀",
        "아기 물티슈",
    ],
    "pets": [
        "강아지 사료",
        "사료",
        "고양이 모래",
        "고양이 캔",
        "츄르",
        "동물병원",
        "강아지 미용",
        "애견카페",
        "강아지 간식",
        "배변패드",
        "강아지 병원",
        "고양이 장난감",
    ],
    "events": [
        "축의금",
        "친구 결혼 축의금",
        "부의금",
        "조의금",
        "부조금",
        "돌잔치",
        "부모님 용돈",
        "용돈",
        "엄마 생신 선물",
        "선물",
        "세뱃돈",
        "어버이날 카네이션",
        "꽃다발",
        "기부",
        "헌금",
        "집들이 선물",
        "아빠 생일",
    ],
    "finance": [
        "실비보험",
        "실손보험",
        "암보험",
        "보험료",
        "대출 이자",
        "카드론 이자",
        "이체 수수료",
        "카드 연회비",
        "재산세",
        "종합소득세",
        "국민연금",
        "건강보험료",
    ],
    "other": ["담배", "로또", "택배비", "우체국 등기"],
}

INCOME_CASES = {
    "salary": ["월급", "월급 들어옴", "급여", "상여금", "보너스", "성과급", "명절 보너스", "인센티브"],
    "side_income": [
        "알바비 받음",
        "주말 알바",
        "과외비 받음",
        "프리랜서 작업비",
        "당근마켓 의자 팔아서",
        "당근에 유모차 팔았음",
        "중고 판매",
        "번개장터",
        "용돈 받음",
        "할머니한테 용돈",
        "외주 정산",
    ],
    "financial_income": ["예금 이자", "적금 이자", "이자", "배당금", "주식 배당", "코인 수익", "적금 만기"],
    "other_income": [
        "환급",
        "연말정산 환급",
        "쿠팡 환불",
        "환불",
        "캐시백",
        "카드 캐시백",
        "아동수당",
        "보험금",
        "로또 당첨",
        "월세 받음",
        "지원금",
    ],
}


@pytest.mark.parametrize(("memo", "expected"), [(m, s) for s, ms in EXPENSE_CASES.items() for m in ms])
def test_expense_memos(memo, expected):
    assert slug(memo) == expected


@pytest.mark.parametrize(("memo", "expected"), [(m, s) for s, ms in INCOME_CASES.items() for m in ms])
def test_income_memos(memo, expected):
    assert slug(memo, "income") == expected


def test_every_default_slug_has_rules_and_no_rule_names_an_unknown_slug():
    assert set(EXPENSE_CASES) | set(INCOME_CASES) == set(KIND_OF_SLUG)
    for kind in ("expense", "income"):
        assert keywords.slugs_for(kind) == {s for s, k in KIND_OF_SLUG.items() if k == kind}


def test_no_keyword_is_listed_twice_within_a_kind():
    for rules in (keywords._EXPENSE_RULES, keywords._INCOME_RULES):
        words = [w.lstrip("=~") for *_, text in rules for w in text.split()]
        assert sorted({w for w in words if words.count(w) > 1}) == []


def test_single_letter_keywords_match_whole_words_only():
    # Letters that are a word of their own and hardly occur inside other words may match anywhere.
    for table in keywords._TABLES.values():
        assert {w for w in table.anywhere if len(w) == 1} <= {"괌", "퀵", "귤", "쓱"}


@pytest.mark.parametrize(
    ("memo", "not_keyword"),
    [
        ("호텔 예약", "약"),
        ("계약금", "약"),
        ("지난달", "난"),
        ("경기도", "경기"),
        ("아이스", "아이"),
        ("아이디어", "아이"),
    ],
)
def test_words_that_only_contain_a_short_keyword_do_not_match_it(memo, not_keyword):
    match = match_keywords(memo, "expense")
    assert match is None or match.keyword != not_keyword


def test_a_match_returns_the_keyword_that_decided():
    assert match_keywords("스타벅스 아메리카노", "expense") == KeywordMatch("cafe", 0.95, "아메리카노")
    assert match_keywords("자동차보험", "expense").keyword == "자동차보험"
    assert match_keywords("키즈카페", "expense").keyword == "키즈카페"


def test_only_slugs_of_the_asked_kind_come_back():
    assert match_keywords("월급", "expense") is None or match_keywords("월급", "expense").slug != "salary"
    assert match_keywords("커피", "income") is None
    assert match_keywords("이자", "expense").slug == "finance"
    assert match_keywords("이자", "income").slug == "financial_income"
    assert match_keywords("용돈", "expense").slug == "events"
    assert match_keywords("용돈", "income").slug == "side_income"
    assert match_keywords("커피", "transfer") is None


@pytest.mark.parametrize(("memo", "expected"), [("스타벅스", "cafe"), ("넷플릭스", "culture"), ("기저귀", "kids")])
def test_brands_and_unambiguous_words_are_very_sure(memo, expected):
    match = match_keywords(memo, "expense")
    assert match.slug == expected
    assert match.confidence >= 0.9


@pytest.mark.parametrize("memo", ["쿠팡", "쿠팡 이것저것", "차", "요금", "택시 병원", "약국 택시", "중고", "웹툰 쿠키"])
def test_hints_and_conflicts_are_left_to_the_llm(memo):
    match = match_keywords(memo, "expense")
    assert match is None or match.confidence < CONFIDENT


@pytest.mark.parametrize("memo", ["", "   ", "안녕", "ㅋㅋㅋ", "!!!", "12345", "핼러윈 파티 용품"])
def test_memos_without_a_known_word_give_none(memo):
    assert match_keywords(memo, "expense") is None


@pytest.mark.parametrize(("memo", "expected"), [("☕", "cafe"), ("🍗", "food"), ("🚕", "transport"), ("⛽", "car")])
def test_pictographs_count_as_their_words(memo, expected):
    assert slug(memo) == expected
    assert normalize_memo("☕") == normalize_memo("커피")


def test_the_longest_or_most_specific_word_wins():
    assert slug("자동차보험") == "car"
    assert slug("실비보험") == "finance"
    assert slug("키즈카페") == "kids"
    assert slug("동물병원") == "pets"
    assert slug("유튜브 프리미엄") == "culture"
    assert slug("휴대폰 요금") == "housing"
    assert slug("스커트") == "shopping"
    assert slug("이유식 재료") == "kids"


@pytest.mark.parametrize(
    ("memo", "normalized"),
    [
        ("  스타벅스   아메리카노!! ", "스타벅스 아메리카노"),
        ("ＣＵ 삼각김밥", "cu 삼각김밥"),
        ("다이소 세제랑 휴지", "다이소 세제 휴지"),
        ("커피를 마심", "커피 마심"),
        ("마트에서 장봄", "마트 장봄"),
        ("사과", "사과"),
        ("고양이", "고양이"),
        ("유니클로", "유니클로"),
        ("LG U+", "lguplus"),
        ("S-OIL", "s oil"),
        ("디즈니+", "디즈니플러스"),
        ("치킨+맥주", "치킨 맥주"),
        ("(점심) 김밥", "점심 김밥"),
    ],
)
def test_normalize_memo(memo, normalized):
    assert normalize_memo(memo) == normalized


def test_normalize_memo_is_stable_and_nfc():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "점심 김밥")
    assert normalize_memo(decomposed) == "점심 김밥"
    for memo in ["점심 김밥", "스타벅스 아메리카노!!", "다이소 세제랑 휴지"]:
        assert normalize_memo(normalize_memo(memo)) == normalize_memo(memo)


def test_it_never_raises_on_odd_input():
    for memo in [None, 123, "\x00", "\ud800", "a" * 20000, "가" * 20000, "🍗🍺", "\U0010ffff"]:
        for kind in ("expense", "income", "", None):
            match_keywords(memo, kind)  # type: ignore[arg-type]
        normalize_memo(memo)  # type: ignore[arg-type]
