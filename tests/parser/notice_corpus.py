"""A wide corpus of card and bank notifications, with the right answer for each one.

Layouts are written per issuer and format family as their texts and app pushes print them (with and
without [Web발신], on one line or several, masked names, card digits, 누적/잔액 figures, 일시불 or
할부); merchants, amounts, dates and names are drawn from pools with a fixed seed, so the corpus is
the same on every run and reaches far past the 30 sample lines.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

SEED = 16

# (merchant as printed on the card text, the category it must land in)
MERCHANTS: dict[str, list[str]] = {
    "food": [
        "(주)우아한형제",
        "한국맥도날드(유)",
        "(주)비케이알",
        "쿠팡이츠서비스(유)",
        "(주)코리아세븐",
        "(주)우아한형제들",
        "배달의민족",
        "쿠팡이츠",
        "요기요",
        "GS25 역삼점",
        "GS25역삼센터점",
        "CU 강남역점",
        "씨유 서초래미안점",
        "세븐일레븐 서초점",
        "이마트24 논현점",
        "이마트 성수점",
        "홈플러스 강서점",
        "롯데마트 잠실점",
        "코스트코코리아 양재점",
        "농협하나로마트 양재점",
        "맥도날드 강남점",
        "버거킹 강남역점",
        "교촌치킨 신림점",
        "BBQ 역삼점",
        "본죽 역삼점",
        "김밥천국 논현점",
        "한솥도시락 서초점",
        "홍콩반점0410 신사점",
        "새마을식당 강남점",
        "서브웨이 삼성점",
        "마켓컬리",
        "(주)비지에프리테일",
        "노브랜드 반포점",
        "롯데슈퍼 방배점",
        "명륜진사갈비 수원점",
    ],
    "cafe": [
        "(주)에스씨케이컴퍼",
        "(주)비알코리아",
        "스타벅스코리아",
        "스타벅스 역삼역점",
        "(주)에스씨케이컴퍼니",
        "투썸플레이스 역삼점",
        "메가MGC커피 신사점",
        "이디야커피 서초점",
        "빽다방 강남점",
        "컴포즈커피 논현점",
        "파리바게뜨 반포점",
        "뚜레쥬르 잠원점",
        "배스킨라빈스 강남점",
        "던킨 역삼점",
        "폴바셋 광화문점",
        "할리스커피 종로점",
        "성심당",
    ],
    "transport": [
        "(주)카카오모빌리티",
        "한국스마트카드",
        "카카오T일반택시",
        "카카오T블루",
        "카카오모빌리티",
        "티머니 충전",
        "코레일",
        "한국철도공사",
        "SRT",
        "서울교통공사",
        "우티",
        "고속버스티머니",
        "서울시버스",
    ],
    "car": [
        "SK에너지 서초주유소",
        "GS칼텍스 양재주유소",
        "S-OIL 강남셀프주유소",
        "현대오일뱅크 수원주유소",
        "한국도로공사",
        "하이파킹 강남역",
        "모두의주차장",
        "스피드메이트 양재점",
        "블루핸즈 서초점",
        "알뜰주유소",
    ],
    "housing": [
        "KT 통신요금",
        "SKT 통신요금",
        "LG U+ 통신요금",
        "한국전력공사",
        "서울도시가스",
        "SK브로드밴드",
        "(주)케이티",
    ],
    "living": [
        "(주)아성다이소",
        "다이소 역삼점",
        "이케아 광명점",
        "모던하우스 잠실점",
        "크린토피아 서초점",
        "롯데하이마트 강남점",
        "한샘",
        "오늘의집",
    ],
    "shopping": [
        "(주)네이버파이낸셜",
        "KG이니시스",
        "쿠팡(주)",
        "쿠팡(쿠페이)",
        "네이버페이",
        "카카오페이",
        "11번가",
        "G마켓",
        "무신사",
        "유니클로 강남점",
        "롯데백화점 본점",
        "신세계백화점 강남점",
        "현대백화점 판교점",
        "ABC마트 홍대점",
        "지그재그",
        "나이키 강남점",
        "자라 코엑스점",
    ],
    "beauty": [
        "(주)씨제이올리브영",
        "올리브영 강남본점",
        "CJ올리브영",
        "아리따움 신촌점",
        "준오헤어 청담점",
        "이니스프리 명동점",
        "박승철헤어스투디오",
    ],
    "health": [
        "역삼연세내과의원",
        "자생한방병원",
        "온누리약국",
        "튼튼약국",
        "서울정형외과의원",
        "연세이비인후과의원",
        "강남세브란스병원",
        "미소치과의원",
        "경희한의원",
        "애니타임피트니스",
        "다비치안경 강남점",
    ],
    "culture": [
        "넷플릭스서비시스코",
        "씨제이씨지브이(주)",
        "CGV 용산아이파크몰",
        "메가박스 코엑스",
        "롯데시네마 건대입구",
        "넷플릭스서비시스코리아",
        "NETFLIX.COM",
        "YES24",
        "교보문고 광화문점",
        "인터파크티켓",
        "코인노래방 신촌점",
        "에버랜드",
        "Google Play",
    ],
    "travel": [
        "대한항공",
        "아시아나항공",
        "제주항공",
        "야놀자",
        "여기어때",
        "아고다",
        "롯데호텔 서울",
        "하나투어",
    ],
    "education": [
        "메가스터디교육(주)",
        "해커스어학원 강남",
        "YBM어학원",
        "에듀윌",
        "인프런",
        "클래스101",
    ],
    "kids": ["아가방 강남점", "토이저러스 잠실점", "키즈카페 플레이타임", "해피랜드 목동점"],
    "pets": ["해피동물병원", "이리온동물병원", "펫프렌즈", "어바웃펫"],
    "events": ["카카오톡 선물하기", "유니세프", "월드비전", "소담플라워"],
    "finance": ["삼성화재", "삼성생명", "한화생명", "국민건강보험공단"],
}

# Bank counterparties and notes: (text, kind, category)
DEPOSITS = [
    ("(주)한빛급여", "salary"),
    ("급여", "salary"),
    ("(주)대한상사급여", "salary"),
    ("상여금", "salary"),
    ("홍길동", "other_income"),
    ("김철수", "other_income"),
    ("번개장터", "side_income"),
    ("당근마켓", "side_income"),
    ("예금결산이자", "financial_income"),
    ("이자", "financial_income"),
    ("배당금", "financial_income"),
    ("국세환급금", "other_income"),
    ("쿠팡 환불", "other_income"),
]
WITHDRAWALS = [
    ("1월월세", "housing"),
    ("월세", "housing"),
    ("아파트관리비", "housing"),
    ("한국전력공사", "housing"),
    ("KT통신요금", "housing"),
    ("서울도시가스", "housing"),
    ("삼성화재", "finance"),
    ("대출이자", "finance"),
    ("보험료", "finance"),
    ("학원비", "education"),
    ("홍길동", "other"),
]

NAMES = ["홍*동", "김*영", "박*민", "최*희", "이*원", "정*우", "한*수", "오*진", "윤*호", "강*나", "이*솔", "서*연"]
PRODUCTS = ["M", "ZERO", "X", "the Green", "M3 Edition2", "MX Black"]


@dataclass(frozen=True)
class Layout:
    family: str
    issuer: str
    text: str  # str.format fields: see _fields()
    method: str = "credit"  # credit, check or bank
    cancel: bool = False
    installments: bool = False  # the layout shows 일시불 or N개월
    dated: bool = True  # the text has a date; otherwise the item is dated today
    full_year: bool = False


CARD_LAYOUTS = [
    # 신한카드: one line, amount then (일시불) glued to the date
    Layout(
        "shinhan-line",
        "신한카드",
        "[Web발신]\n신한카드({d4})승인 {name} {amt}원({inst}){md} {hm} {merchant} 누적{cum}원",
        installments=True,
    ),
    Layout(
        "shinhan-line",
        "신한카드",
        "신한카드({d4})승인 {name} {amt}원({inst}){md} {hm} {merchant} 누적{cum}원",
        installments=True,
    ),
    Layout(
        "shinhan-line",
        "신한카드",
        "[Web발신]\n신한카드({d4})승인취소 {name} {amt}원({inst}){md} {hm} {merchant}",
        cancel=True,
        installments=True,
    ),
    Layout(
        "shinhan-push",
        "신한카드",
        "[Web발신]\n신한카드 승인\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적 {cum}원",
        installments=True,
    ),
    Layout(
        "shinhan-check",
        "신한카드",
        "[Web발신]\n[신한체크승인] {name}({d4}) {md} {hm} (금액){amt}원 {merchant}",
        method="check",
    ),
    Layout(
        "shinhan-check", "신한카드", "[신한체크승인] {name}({d4}) {md} {hm} (금액){amt}원 {merchant}", method="check"
    ),
    Layout(
        "shinhan-check",
        "신한카드",
        "[Web발신]\n[신한체크취소] {name}({d4}) {md} {hm} (금액){amt}원 {merchant}",
        method="check",
        cancel=True,
    ),
    # 삼성카드
    Layout(
        "samsung",
        "삼성카드",
        "[Web발신]\n삼성{d4}승인 {name}\n{amt}원 {inst}\n{md} {hm} {merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "samsung",
        "삼성카드",
        "삼성{d4}승인 {name}\n{amt}원 {inst}\n{md} {hm} {merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "samsung",
        "삼성카드",
        "[Web발신]\n삼성{d4}승인취소 {name}\n{amt}원 {inst}\n{md} {hm} {merchant}",
        cancel=True,
        installments=True,
    ),
    Layout(
        "samsung",
        "삼성카드",
        "[Web발신]\n삼성카드 승인 {d4} {name}님 {amt}원 {inst} {md} {hm} {merchant} 누적 {cum}원",
        installments=True,
    ),
    Layout(
        "samsung-check", "삼성카드", "[Web발신]\n삼성체크{d4}승인 {name}\n{amt}원\n{md} {hm} {merchant}", method="check"
    ),
    # 현대카드: a product name between the issuer and 승인
    Layout(
        "hyundai",
        "현대카드",
        "[Web발신]\n현대카드 {product} 승인\n{name}\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적 {cum}원",
        installments=True,
    ),
    Layout(
        "hyundai",
        "현대카드",
        "현대카드 {product} 승인\n{name}\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적 {cum}원",
        installments=True,
    ),
    Layout(
        "hyundai",
        "현대카드",
        "[Web발신]\n현대카드 {product} 승인취소\n{name}\n{amt}원 {inst}\n{md} {hm}\n{merchant}",
        cancel=True,
        installments=True,
    ),
    Layout(
        "hyundai",
        "현대카드",
        "[Web발신]\n현대카드({d4}) 승인 {name} {amt}원 {inst} {md} {hm} {merchant} 누적 {cum}원",
        installments=True,
    ),
    # KB국민카드
    Layout(
        "kb",
        "KB국민카드",
        "[Web발신]\nKB국민카드{m4}승인\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "kb",
        "KB국민카드",
        "KB국민카드{m4}승인\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "kb",
        "KB국민카드",
        "[Web발신]\nKB국민카드{m4}승인취소\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}",
        cancel=True,
        installments=True,
    ),
    Layout(
        "kb",
        "KB국민카드",
        "[Web발신]\nKB국민카드 {m4} 승인 {name}님 {amt}원 {inst} {md} {hm} {merchant} 누적 {cum}원",
        installments=True,
    ),
    Layout(
        "kb-check",
        "KB국민카드",
        "[Web발신]\nKB국민체크({m4})\n{name}님\n{md} {hm}\n{amt}원\n{merchant} 사용",
        method="check",
    ),
    Layout("kb-check", "KB국민카드", "KB국민체크({m4})\n{name}님\n{md} {hm}\n{amt}원\n{merchant} 사용", method="check"),
    Layout(
        "kb-check",
        "KB국민카드",
        "[Web발신]\nKB국민체크({m4})\n{name}님\n{md} {hm}\n{amt}원\n{merchant} 사용취소",
        method="check",
        cancel=True,
    ),
    # 롯데카드: the merchant first
    Layout(
        "lotte",
        "롯데카드",
        "[Web발신]\n{merchant}\n{amt}원 승인\n{name} 롯데{m4}\n{inst} {md} {hm}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "lotte",
        "롯데카드",
        "{merchant}\n{amt}원 승인\n{name} 롯데{m4}\n{inst} {md} {hm}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "lotte",
        "롯데카드",
        "[Web발신]\n{merchant}\n{amt}원 취소\n{name} 롯데{m4}\n{inst} {md} {hm}",
        cancel=True,
        installments=True,
    ),
    # 우리카드
    Layout(
        "woori",
        "우리카드",
        "[Web발신]\n우리({d4})승인\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "woori",
        "우리카드",
        "우리({d4})승인\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "woori",
        "우리카드",
        "[Web발신]\n우리카드({d4})승인취소\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}",
        cancel=True,
        installments=True,
    ),
    Layout(
        "woori-check",
        "우리카드",
        "[Web발신]\n우리({d4}) 체크승인\n{name}님\n{amt}원\n{md} {hm}\n{merchant}",
        method="check",
    ),
    Layout(
        "woori-check",
        "우리카드",
        "[Web발신]\n우리({d4}) 체크승인취소\n{name}님\n{amt}원\n{md} {hm}\n{merchant}",
        method="check",
        cancel=True,
    ),
    # 하나카드
    Layout(
        "hana",
        "하나카드",
        "[Web발신]\n하나{m4}승인 {name} {amt}원 {inst} {md} {hm} {merchant} 누적{cum}원",
        installments=True,
    ),
    Layout(
        "hana", "하나카드", "하나{m4}승인 {name} {amt}원 {inst} {md} {hm} {merchant} 누적{cum}원", installments=True
    ),
    Layout(
        "hana",
        "하나카드",
        "[Web발신]\n하나{m4}승인취소 {name} {amt}원 {inst} {md} {hm} {merchant}",
        cancel=True,
        installments=True,
    ),
    Layout(
        "hana",
        "하나카드",
        "[Web발신]\n하나카드({m4}) 승인\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적 {cum}원",
        installments=True,
    ),
    Layout(
        "hana-check",
        "하나카드",
        "[Web발신]\n하나({m4})체크승인 {name} {amt}원 {md} {hm} {merchant} 잔액{bal}원",
        method="check",
    ),
    # BC카드: 일시불/할부 in the bracketed header
    Layout("bc", "BC카드", "[{inst}.승인]\n{amt}원\nBC카드({m4}){name}님\n{md} {hm}\n{merchant}", installments=True),
    Layout(
        "bc",
        "BC카드",
        "[Web발신]\n[{inst}.승인]\n{amt}원\nBC카드({m4}){name}님\n{md} {hm}\n{merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "bc",
        "BC카드",
        "[Web발신]\n[{inst}.취소]\n{amt}원\nBC카드({m4}){name}님\n{md} {hm}\n{merchant}",
        cancel=True,
        installments=True,
    ),
    # NH농협카드
    Layout(
        "nh",
        "NH농협카드",
        "[Web발신]\nNH카드{m4}승인\n{name}\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "nh",
        "NH농협카드",
        "NH카드{m4}승인\n{name}\n{amt}원 {inst}\n{md} {hm}\n{merchant}\n누적{cum}원",
        installments=True,
    ),
    Layout(
        "nh",
        "NH농협카드",
        "[Web발신]\nNH카드{m4}승인취소\n{name}\n{amt}원 {inst}\n{md} {hm}\n{merchant}",
        cancel=True,
        installments=True,
    ),
    Layout(
        "nh-check",
        "NH농협카드",
        "[Web발신]\nNH카드{m4}승인\n{name}\n{amt}원 체크\n{md} {hm}\n{merchant}\n잔액{bal}원",
        method="check",
    ),
    Layout(
        "nh-check",
        "NH농협카드",
        "[Web발신]\nNH체크{m4}승인 {name} {amt}원 {md} {hm} {merchant} 잔액{bal}원",
        method="check",
    ),
    # IBK기업은행 cards
    Layout(
        "ibk",
        "IBK기업은행",
        "[Web발신]\nIBK카드({d4})승인 {name}님 {amt}원 {inst} {md} {hm} {merchant} 누적{cum}원",
        installments=True,
    ),
    Layout(
        "ibk",
        "IBK기업은행",
        "[Web발신]\nIBK기업 {m4}승인 {name} {amt}원 {inst} {md} {hm} {merchant}",
        installments=True,
    ),
    Layout(
        "ibk-check",
        "IBK기업은행",
        "[Web발신]\nIBK체크({d4})승인 {name}님 {amt}원 {md} {hm} {merchant} 잔액{bal}원",
        method="check",
    ),
    # Other layouts of the same issuers: bracketed issuer first, 승인 after the amount, labelled fields
    Layout(
        "bracket-first",
        "KB국민카드",
        "[Web발신]\n[KB국민카드]{name}님 {md} {hm} {amt}원 {inst} {merchant} 승인 누적 {cum}원",
        installments=True,
    ),
    Layout(
        "bracket-first",
        "하나카드",
        "[Web발신]\n[하나카드] {name}님 {amt}원 {inst} 승인 {md} {hm} {merchant}",
        installments=True,
    ),
    Layout(
        "bracket-first",
        "우리카드",
        "[우리카드] {name}님 {md} {hm} {amt}원 {inst} 승인 {merchant} 누적 {cum}원",
        installments=True,
    ),
    Layout(
        "bracket-first",
        "NH농협카드",
        "[Web발신]\n[NH농협카드] {name}님 {amt}원 {inst} 승인 {md} {hm} {merchant}",
        installments=True,
    ),
    Layout(
        "bracket-first",
        "롯데카드",
        "[Web발신]\n롯데카드 승인\n{name}님\n{amt}원 {inst}\n{md} {hm}\n{merchant}",
        installments=True,
    ),
    Layout(
        "bracket-first",
        "BC카드",
        "[Web발신]\nBC카드 {name}님 {md} {hm} {amt}원 {inst} 승인 {merchant}",
        installments=True,
    ),
    Layout(
        "bracket-first",
        "삼성카드",
        "[삼성카드]\n{name}님\n카드승인 {amt}원\n{inst}\n{md} {hm}\n{merchant}",
        installments=True,
    ),
    Layout(
        "bracket-first", "하나카드", "[Web발신]\n[하나카드] {name}님 {md} {hm} 취소 {amt}원 {merchant}", cancel=True
    ),
    Layout(
        "labelled",
        "신한카드",
        "[신한카드 승인]\n카드: 본인({d4})\n금액: {amt}원({inst})\n일시: {md} {hm}\n가맹점: {merchant}\n누적: {cum}원",
        installments=True,
    ),
    Layout(
        "labelled",
        "삼성카드",
        "[Web발신]\n삼성카드 승인\n{name}님 | {md} {hm}\n{amt}원 {inst}\n가맹점: {merchant}\n누적금액 {cum}원",
        installments=True,
    ),
    Layout(
        "weekday",
        "신한카드",
        "[Web발신]\n신한카드({d4})승인 {name} {amt}원({inst}){md}({wd}) {hm} {merchant} 누적{cum}원",
        installments=True,
    ),
    Layout(
        "no-comma", "신한카드", "신한카드({d4})승인 {name} {amt_plain}원(일시불){md} {hm} {merchant} 누적{cum_plain}원"
    ),
    Layout("no-won", "삼성카드", "[Web발신]\n삼성{d4}승인 {name}\n{amt} 일시불\n{md} {hm} {merchant}\n누적{cum}"),
    Layout(
        "seconds",
        "KB국민카드",
        "[Web발신]\nKB국민카드{m4}승인\n{name}님\n{amt}원 {inst}\n{md} {hm}:{ss}\n{merchant}\n누적 이용금액 {cum}원",
        installments=True,
    ),
    # 카카오뱅크 and 토스뱅크 check cards (app pushes)
    Layout(
        "kakaobank",
        "카카오뱅크",
        "카카오뱅크\n{md} {hm}\n카드 결제 {amt}원\n체크카드({d4}) | {merchant}\n잔액 {bal}원\n\n"
        "이번달 총 이용금액과 캐시백은 얼마?\n카드 이용내역에서 확인해보세요!⬇️",
        method="check",
    ),
    Layout(
        "kakaobank",
        "카카오뱅크",
        "카카오뱅크\n{md} {hm}\n카드 결제 {amt}원\n체크카드({d4}) | {merchant}\n잔액 {bal}원",
        method="check",
    ),
    Layout(
        "kakaobank",
        "카카오뱅크",
        "카카오뱅크\n{md} {hm}\n카드 결제취소 {amt}원\n체크카드({d4}) | {merchant}\n잔액 {bal}원",
        method="check",
        cancel=True,
    ),
    Layout(
        "tossbank",
        "토스뱅크",
        "[토스뱅크] 체크카드 국내 결제\n{name}님의 토스뱅크 통장 카드\n{amt}원 결제 | {merchant}\n잔액 {bal}원",
        method="check",
        dated=False,
    ),
    Layout(
        "tossbank",
        "토스뱅크",
        "[토스뱅크] 체크카드 결제 취소\n{name}님의 토스뱅크 통장 카드\n{amt}원 취소 | {merchant}\n잔액 {bal}원",
        method="check",
        cancel=True,
        dated=False,
    ),
]

BANK_LAYOUTS = [
    Layout(
        "kb-bank", "KB국민은행", "[Web발신]\n[KB]{md} {hm}\n{acct_kb}\n{party}\n{io}\n{amt}\n잔액{bal}", method="bank"
    ),
    Layout("kb-bank", "KB국민은행", "[KB]{md} {hm}\n{acct_kb}\n{party}\n{io}\n{amt}\n잔액{bal}", method="bank"),
    Layout(
        "shinhan-bank",
        "신한은행",
        "[Web발신]\n신한{md} {hm}\n{acct_sh}\n{io}   {amt}\n잔액  {bal}\n {party}",
        method="bank",
    ),
    Layout(
        "woori-bank", "우리은행", "[Web발신] 우리 {md} {hm} *{acct6} {io} {amt}원 {party} 잔액 {bal}원", method="bank"
    ),
    Layout("woori-bank", "우리은행", "우리 {md} {hm} *{acct6} {io} {amt}원 {party} 잔액 {bal}원", method="bank"),
    Layout(
        "hana-bank",
        "하나은행",
        "[Web발신]\n하나,{md} {hm}\n{acct_hana}\n{io}{amt}원\n{party}\n잔액{bal}원",
        method="bank",
    ),
    Layout(
        "nh-bank", "NH농협은행", "[Web발신]\n농협 {io}{amt}원\n{md} {hm} {acct_nh} {party} 잔액{bal}원", method="bank"
    ),
    Layout("nh-bank", "NH농협은행", "농협 {io}{amt}원\n{md} {hm} {acct_nh} {party} 잔액{bal}원", method="bank"),
    Layout(
        "ibk-bank",
        "IBK기업은행",
        "[Web발신] {y}/{md} {hm} {io} {amt}원 잔액 {bal}원 {party} {acct_ibk} 기업",
        method="bank",
        full_year=True,
    ),
    Layout(
        "ibk-bank",
        "IBK기업은행",
        "[Web발신]\n[IBK기업은행]\n{md} {hm}\n{acct_ibk}\n{io} {amt}원\n{party}\n잔액 {bal}원",
        method="bank",
    ),
]

# Texts that record nothing, with the reason the parser gives.
NON_ENTRIES = [
    ("[Web발신]\n현대카드 M 해외승인\n{name}\n{md} {hm}\nUSD 15.49\nNETFLIX.COM", "foreign_currency_approval"),
    ("[Web발신]\n신한카드({d4})해외승인 {name} USD 23.10 {md} {hm} AMAZON.COM", "foreign_currency_approval"),
    ("[Web발신]\n삼성{d4}해외승인 {name}\nJPY 3,240\n{md} {hm} FAMILYMART", "foreign_currency_approval"),
    ("[Web발신]\nKB국민카드{m4}해외승인\n{name}님\nEUR 42.00\n{md} {hm}\nBOOKING.COM", "foreign_currency_approval"),
    (
        "[토스뱅크] 체크카드 해외 결제\n{name}님의 토스뱅크 통장 카드\n$12.99 결제 | SPOTIFY\n잔액 88,210원",
        "foreign_currency_approval",
    ),
    ("[NH카드] 3월 결제예정금액은 842,000원입니다", "bill_notice"),
    ("[Web발신]\n[신한카드] {name}님 12월 결제예정금액 1,284,300원 (결제일 12/14)", "bill_notice"),
    ("[Web발신]\n[KB국민카드] {name}님 11월 청구금액 654,210원 결제일 11/25", "bill_notice"),
    ("[현대카드] 이번 달 결제하실 금액은 433,900원입니다. 결제일 10/25", "bill_notice"),
    ("[Web발신]\n[삼성카드] {name}님 12월 카드 이용금액 1,234,567원", "bill_notice"),
    ("[Web발신]\n[신한카드] {name}님 카드가 발급되었습니다. 문의 1544-7000", "notice"),
    ("[Web발신]\n[KB국민카드] {name}님 포인트 1,200점 소멸 예정", "notice"),
    ("[Web발신]\n[삼성카드] {name}님 이용한도가 5,000,000원으로 상향되었습니다", "limit_notice"),
    ("[Web발신]\n[롯데카드] {name}님 카드 한도 변경 안내: 3,000,000원", "limit_notice"),
    ("[Web발신]\n신한카드({d4})승인거절 {name} 58,000원 {md} {hm} {merchant} 한도초과", "declined"),
    ("[Web발신]\n[KB국민카드] {name}님 {md} {hm} 32,000원 승인거절(잔액부족) {merchant}", "declined"),
    ("[Web발신]\n[신한카드] 본인인증번호 [482913]를 입력해주세요. 타인 노출 금지", "verification_code"),
    ("[삼성카드] 인증번호 [739201]를 입력해 주세요.", "verification_code"),
    ("[Web발신]\n[KB국민카드] 본인확인 인증번호(654321) 타인에게 절대 알려주지 마세요", "verification_code"),
    (
        "[Web발신]\n(광고)[롯데카드] 연말 쇼핑 대축제! 롯데카드로 5만원 이상 결제 시 5천원 캐시백\n"
        "무료수신거부 080-2150-8100",
        "advertisement",
    ),
    ("(광고)[현대카드] 주말 외식 20% 할인! 현대카드로 3만원 이상 결제 시\n무료수신거부 080-000-0000", "advertisement"),
    ("[Web발신]\n(광고) [KB국민카드] 여름 휴가 최대 10만원 캐시백 이벤트 수신거부 080-123-4567", "advertisement"),
]


def _won(n: int) -> str:
    return f"{n:,}"


def _amount(rng: random.Random) -> int:
    digits = rng.choice([4, 4, 5, 5, 5, 6, 6, 7])
    return rng.randint(10 ** (digits - 1), 10**digits - 1) // 100 * 100


def _day_pair(rng: random.Random) -> tuple[date, date]:
    """(the day of the transaction, the day the text is read): the same day to a week later."""
    today = date(2026, 1, 1) + timedelta(days=rng.randint(0, 364))
    return today - timedelta(days=rng.randint(0, 3)), today


def _digits(rng: random.Random) -> str:
    return f"{rng.randint(0, 9999):04d}"


def _masked(rng: random.Random) -> str:
    return f"{rng.randint(1, 9)}*{rng.randint(0, 9)}*"


def _fields(rng: random.Random, spent: date, amount: int, inst: int, merchant: str) -> dict:
    return {
        "d4": _digits(rng),
        "m4": _masked(rng),
        "name": rng.choice(NAMES),
        "amt": _won(amount),
        "inst": "일시불" if inst == 1 else f"{inst:02d}개월",
        "md": f"{spent.month:02d}/{spent.day:02d}",
        "y": f"{spent.year}",
        "hm": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "ss": f"{rng.randint(0, 59):02d}",
        "wd": "월화수목금토일"[spent.weekday()],
        "amt_plain": str(amount),
        "merchant": merchant,
        "cum": _won(cumulative := amount + rng.randint(1, 3000) * 100),
        "cum_plain": str(cumulative),
        "bal": _won(rng.randint(1, 50000) * 100 + 30),
        "product": rng.choice(PRODUCTS),
        "acct_kb": f"{rng.randint(100000, 999999)}**{rng.randint(100, 999)}",
        "acct_sh": f"110-{rng.randint(100, 999)}-{rng.randint(100000, 999999)}",
        "acct6": f"{rng.randint(100000, 999999)}",
        "acct_hana": f"{rng.randint(100, 999)}-******-{rng.randint(10000, 99999)}",
        "acct_nh": f"352-****-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}",
        "acct_ibk": f"{rng.randint(100, 999)}***{rng.randint(10000000, 99999999)}",
    }


def card_cases(per_layout: int = 4) -> list[dict]:
    rng = random.Random(SEED)
    pool = [(m, slug) for slug, names in MERCHANTS.items() for m in names]
    cases = []
    for layout in CARD_LAYOUTS:
        for _ in range(per_layout):
            merchant, slug = rng.choice(pool)
            spent, today = _day_pair(rng)
            amount = _amount(rng)
            inst = 1
            if layout.installments and amount >= 50000 and rng.random() < 0.4:
                inst = rng.choice([2, 3, 3, 5, 6, 10, 12])
            text = layout.text.format(**_fields(rng, spent, amount, inst, merchant))
            cases.append(_case(layout, text, today, "expense", amount, spent if layout.dated else today, slug, inst))
    return cases


def bank_cases(per_layout: int = 6) -> list[dict]:
    rng = random.Random(SEED + 1)
    cases = []
    for layout in BANK_LAYOUTS:
        for _ in range(per_layout):
            deposit = rng.random() < 0.5
            party, slug = rng.choice(DEPOSITS if deposit else WITHDRAWALS)
            spent, today = _day_pair(rng)
            amount = _amount(rng)
            fields = _fields(rng, spent, amount, 1, "")
            fields.update(party=party, io="입금" if deposit else "출금")
            text = layout.text.format(**fields)
            kind = "income" if deposit else "expense"
            cases.append(_case(layout, text, today, kind, amount, spent, slug, 1))
    return cases


def year_edge_cases() -> list[dict]:
    """12/31 read on 01/02 is last year's; 01/02 read on 12/30 is a week ahead at most, so also last year's."""
    rng = random.Random(SEED + 2)
    out = []
    for layout in (CARD_LAYOUTS[0], CARD_LAYOUTS[7], BANK_LAYOUTS[0]):
        spent, today = date(2026, 12, 31), date(2027, 1, 2)
        fields = _fields(rng, spent, 45000, 1, "스타벅스코리아")
        fields.update(party="급여", io="입금")
        kind, slug = ("income", "salary") if layout.method == "bank" else ("expense", "cafe")
        out.append(_case(layout, layout.text.format(**fields), today, kind, 45000, spent, slug, 1))
    return out


def non_entry_cases() -> list[dict]:
    rng = random.Random(SEED + 3)
    out = []
    for text, reason in NON_ENTRIES:
        spent, today = _day_pair(rng)
        fields = _fields(rng, spent, 10000, 1, "스타벅스코리아")
        out.append({"text": text.format(**fields), "today": today.isoformat(), "items": [], "skipped": reason})
    return out


def _case(layout: Layout, text: str, today: date, kind: str, amount: int, spent: date, slug: str, inst: int) -> dict:
    return {
        "text": text,
        "today": today.isoformat(),
        "family": layout.family,
        "items": [
            {
                "kind": kind,
                "amount": amount,
                "date": spent.isoformat(),
                "category": slug,
                "cancel": layout.cancel,
                "issuer": layout.issuer,
                "installments": inst,
                "method": layout.method,
            }
        ],
    }


def all_cases() -> list[dict]:
    return card_cases() + bank_cases() + year_edge_cases() + non_entry_cases()
