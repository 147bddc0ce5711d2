"""Merchant names as card and bank texts print them decide the category through the keyword rules.

Brands, their company names (우아한형제 = 배달의민족, 에스씨케이컴퍼니 = 스타벅스, 비케이알 = 버거킹),
names cut short by the text, legal forms ((주), 주식회사, (유)), branch names (역삼점) and gateways.
"""

import pytest

from categorization.keywords import CONFIDENT, match_keywords

MERCHANTS = [
    ("(주)우아한형제", "food"),
    ("배민1", "food"),
    ("쿠팡이츠서비스(유)", "food"),
    ("한국맥도날드(유)", "food"),
    ("(주)비케이알", "food"),
    ("롯데GRS", "food"),
    ("맘스터치 역삼점", "food"),
    ("교촌치킨역삼", "food"),
    ("굽네치킨 선릉점", "food"),
    ("BHC치킨 대치점", "food"),
    ("BBQ치킨역삼", "food"),
    ("도미노피자 강남점", "food"),
    ("파파존스피자", "food"),
    ("본죽&비빔밥 선릉점", "food"),
    ("김밥천국역삼", "food"),
    ("신전떡볶이 역삼점", "food"),
    ("엽기떡볶이 강남점", "food"),
    ("이마트 왕십리점", "food"),
    ("(주)이마트", "food"),
    ("홈플러스 영등포점", "food"),
    ("롯데마트 서울역점", "food"),
    ("GS25 선릉역점", "food"),
    ("GS리테일", "food"),
    ("CU 역삼점", "food"),
    ("(주)비지에프리테일", "food"),
    ("세븐일레븐 강남역점", "food"),
    ("(주)코리아세븐", "food"),
    ("이마트24 R역삼점", "food"),
    ("미니스톱 역삼점", "food"),
    ("노브랜드 역삼점", "food"),
    ("마켓컬리", "food"),
    ("컬리", "food"),
    ("쿠팡프레시", "food"),
    ("농협하나로마트 창동점", "food"),
    ("정육각", "food"),
    ("스타벅스 선릉동신빌딩점", "cafe"),
    ("(주)에스씨케이컴퍼니", "cafe"),
    ("메가커피 역삼점", "cafe"),
    ("컴포즈커피 선릉점", "cafe"),
    ("이디야커피 역삼점", "cafe"),
    ("빽다방 역삼역점", "cafe"),
    ("투썸플레이스 역삼역점", "cafe"),
    ("파리바게뜨 역삼점", "cafe"),
    ("뚜레쥬르 선릉점", "cafe"),
    ("배스킨라빈스 역삼점", "cafe"),
    ("던킨도너츠", "cafe"),
    ("(주)비알코리아", "cafe"),
    ("설빙 강남점", "cafe"),
    ("공차 역삼점", "cafe"),
    ("카카오T택시", "transport"),
    ("카카오T 블루", "transport"),
    ("(주)카카오모빌리티", "transport"),
    ("티머니", "transport"),
    ("한국철도공사", "transport"),
    ("코레일유통", "transport"),
    ("서울교통공사", "transport"),
    ("티맵모빌리티", "transport"),
    ("SK에너지 역삼주유소", "car"),
    ("GS칼텍스 선릉셀프주유소", "car"),
    ("S-OIL 대치주유소", "car"),
    ("현대오일뱅크 양재셀프", "car"),
    ("한국도로공사", "car"),
    ("역삼공영주차장", "car"),
    ("하이파킹 선릉", "car"),
    ("(주)케이티", "housing"),
    ("KT", "housing"),
    ("SK텔레콤", "housing"),
    ("LG유플러스", "housing"),
    ("(주)엘지유플러스", "housing"),
    ("한국전력공사", "housing"),
    ("서울도시가스(주)", "housing"),
    ("래미안아파트관리사무소", "housing"),
    ("(주)아성다이소", "living"),
    ("다이소 선릉점", "living"),
    ("이케아 고양점", "living"),
    ("크린토피아 역삼점", "living"),
    ("롯데하이마트 강남점", "living"),
    ("쿠팡(주)", "shopping"),
    ("쿠팡 주식회사", "shopping"),
    ("COUPANG", "shopping"),
    ("네이버페이", "shopping"),
    ("(주)네이버파이낸셜", "shopping"),
    ("카카오페이", "shopping"),
    ("토스페이먼츠", "shopping"),
    ("KG이니시스", "shopping"),
    ("NHN KCP", "shopping"),
    ("11번가", "shopping"),
    ("G마켓", "shopping"),
    ("(주)무신사", "shopping"),
    ("29CM", "shopping"),
    ("에이블리", "shopping"),
    ("유니클로 강남점", "shopping"),
    ("ZARA 강남점", "shopping"),
    ("H&M 명동점", "shopping"),
    ("롯데백화점 잠실점", "shopping"),
    ("신세계백화점 본점", "shopping"),
    ("현대백화점 무역센터점", "shopping"),
    ("스타필드 하남", "shopping"),
    ("올리브영 선릉역점", "beauty"),
    ("CJ올리브영", "beauty"),
    ("준오헤어 역삼점", "beauty"),
    ("이니스프리 강남점", "beauty"),
    ("라라네일", "beauty"),
    ("온누리약국", "health"),
    ("선릉역약국", "health"),
    ("강남세브란스병원", "health"),
    ("역삼연세내과의원", "health"),
    ("미소가득치과의원", "health"),
    ("자생한방병원", "health"),
    ("서울아산병원", "health"),
    ("강남차병원", "health"),
    ("다비치안경 역삼점", "health"),
    ("CGV 강남", "culture"),
    ("메가박스 코엑스", "culture"),
    ("롯데시네마 월드타워", "culture"),
    ("넷플릭스", "culture"),
    ("NETFLIX.COM", "culture"),
    ("YOUTUBE PREMIUM", "culture"),
    ("GOOGLE*YOUTUBE", "culture"),
    ("멜론", "culture"),
    ("지니뮤직", "culture"),
    ("교보문고 강남점", "culture"),
    ("예스24", "culture"),
    ("알라딘", "culture"),
    ("인터파크티켓", "culture"),
    ("에버랜드", "culture"),
    ("롯데월드", "culture"),
    ("대한항공", "travel"),
    ("아시아나항공", "travel"),
    ("제주항공", "travel"),
    ("티웨이항공", "travel"),
    ("진에어", "travel"),
    ("야놀자", "travel"),
    ("(주)여기어때컴퍼니", "travel"),
    ("아고다", "travel"),
    ("롯데호텔 제주", "travel"),
    ("신라면세점", "travel"),
    ("메가스터디교육(주)", "education"),
    ("해커스어학원", "education"),
    ("YBM", "education"),
    ("대성마이맥", "education"),
    ("에듀윌", "education"),
    ("인프런", "education"),
    ("클래스101", "education"),
    ("교원구몬", "education"),
    ("아가방앤컴퍼니", "kids"),
    ("토이저러스", "kids"),
    ("레고스토어", "kids"),
    ("해피동물병원", "pets"),
    ("24시동물의료센터", "pets"),
    ("펫프렌즈", "pets"),
    ("어바웃펫", "pets"),
    ("카카오톡 선물하기", "events"),
    ("유니세프한국위원회", "events"),
    ("삼성화재해상보험", "finance"),
    ("삼성생명보험", "finance"),
    ("DB손해보험", "finance"),
    ("국민건강보험공단", "finance"),
    ("국세청", "finance"),
]


@pytest.mark.parametrize(("merchant", "slug"), MERCHANTS)
def test_merchant_name(merchant, slug):
    match = match_keywords(merchant, "expense")
    assert match is not None and match.slug == slug


@pytest.mark.parametrize(("merchant", "slug"), MERCHANTS)
def test_a_merchant_with_its_legal_form_and_branch_is_the_same_merchant(merchant, slug):
    for variant in (f"(주){merchant}", f"주식회사 {merchant}", f"{merchant} 강남2호점", f"㈜{merchant}"):
        match = match_keywords(variant, "expense")
        assert match is not None and match.slug == slug, variant


@pytest.mark.parametrize(
    "gateway", ["네이버페이", "카카오페이", "토스페이", "KG이니시스", "NHN KCP", "페이코", "(주)네이버파이낸셜"]
)
def test_payment_gateways_are_shopping_unless_more_is_known(gateway):
    assert match_keywords(gateway, "expense").slug == "shopping"
    assert match_keywords(f"{gateway} 스타벅스", "expense").slug == "cafe"
    assert match_keywords(f"{gateway} 교촌치킨", "expense").slug == "food"


def test_a_long_name_ending_in_a_dish_letter_is_no_dish():
    assert match_keywords("유니세프한국위원회", "expense").slug == "events"
    assert match_keywords("광어회", "expense").slug == "food"
    assert match_keywords("스타벅스", "expense").confidence >= CONFIDENT
