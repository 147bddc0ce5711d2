"""Decide whether an item is money spent (expense) or money received (income)."""

from . import lazyre as re

EXPENSE = "expense"
INCOME = "income"

# Interest on a loan or a card is paid, interest on savings is received.
_LOAN_RE = re.compile(
    r"대출|카드론|론\s?이자|주담대|담보|마통|마이너스\s?통장|연체|할부|리볼빙|현금\s?서비스|학자금|전세\s?자금|사채|빚"
)
_INTEREST_RE = re.compile(r"(?<!무)이자(?!카야)")

# Verbs of giving or paying: they win over any income word (보너스 줌, 환불 수수료 냄, 보너스로 샀음).
_PAID_RE = re.compile(
    r"(?:줌|드림|보냄|냄|삼|씀|쏨)(?![가-힣])|줬|주었|드렸|드리고|보냈|냈|샀|썼|쓰고|주고|보내(?:고|서)|내고"
    r"|납부|납입|불입|(?:결제|결재|구매|구입)(?!\s?취소)|지출|나감|나갔|빠짐|빠져|빠졌|출금|입금\s?(?:함|했|하고|해)|송금\s?(?:함|했)"
    r"|이체\s?(?:함|했)|쐈|쏘고|사줌|사드림|사용(?!료\s?받)|가입|매수|매입"
)

# An elder or family member as the giver: 엄마가 용돈 줬다, 할머니께서 주심 — money to us.
_GIVEN_TO_US_RE = re.compile(
    r"주심|주셨|주시고|주셔서|(?:엄마|아빠|어머니|아버지|어머님|아버님|할머니|할아버지|부모님|시어머니|시아버지|장모님|장인어른"
    r"|친정엄마|친정|시댁|남편|아내|와이프|언니|오빠|누나|형|이모|삼촌|고모|회사)(?:가|이|께서|에서)\s.*(?:줌|줬|주었)"
    # Someone else sent or paid back the money: 친구가 밥값 보내줌, 동생이 빌린 돈 갚음 (not 내가 보내줌).
    r"|(?<![내제])(?:가|이|께서)\s.*(?:보내\s?줌|보내\s?줬|보내\s?주었|보내옴|보내왔|갚음|갚았)"
)

# Words that only ever mean money coming in.
_INCOME_WORD_RE = re.compile(
    r"월급(?!날)|급여(?!일|날)|급료|봉급|상여|보너스|성과급|인센티브|연봉|주급|일당|시급|알바(?!생)|아르바이트|인건비\s?받"
    r"|캐시백|페이백|환급|환불|(?:결제|구매)\s?취소|(?<!예)배당|수익|당첨|상금|장학금|지원금|보조금|장려금|정산금|보험금|만기|매출|부수입"
    r"|수당|부모급여|적립금|포인트\s?(?:적립|전환|지급)|현금화|매도|(?:떡값|명절비|휴가비)\s?(?:나옴|나왔|받|들어|입금)|적립됨|적립\s?완료|돌려받|이익|차익|연말정산|임대료|퇴직금|위로금|포상금|격려금|사례금|원고료|강연료|(?<![가-힣])인세|로열티|판매\s?대금"
    r"|외주비|용역비|부업|투잡|프리랜서|애드센스|분배금|쿠팡\s?플렉스|배민\s?커넥트"
)
# An income word that heads a compound or is denied names no money coming in: 환급형 보험, 수익률,
# 만기일, 판매점, 배당주, 당첨자, 보너스팩, 이익공유제, 환불 불가, 당첨 안 된, 만기 연장.
_COMPOUND_TAIL_RE = re.compile(
    r"(?:형|률|율|일|점|처|주|자|제|팩|전표|이벤트|카드)(?![가-힣])|\s?(?:불가|안\s?(?:됨|된|되|돼)|못\s|없|연장|예정|신청)"
)


def _income_word(text: str) -> bool:
    return any(_COMPOUND_TAIL_RE.match(text, m.end()) is None for m in _INCOME_WORD_RE.finditer(text))


def _interest(text: str) -> bool:
    if "이자" not in text:
        return False
    return any(_COMPOUND_TAIL_RE.match(text, m.end()) is None for m in _INTEREST_RE.finditer(text))


# Verbs of receiving, selling or earning.
_RECEIVED_RE = re.compile(
    r"들어옴|들어왔|들어온|들어와|들어옵|입금\s?(?:됨|됐|되었|완료|확인|받)|입금$|받음|받았|받은|받아(?!쓰기)|받고|(?<!쓰레)받기"
    r"|받는|받을"
    r"|벌었|벌음|벌어(?!지|진|졌|져)|번\s?돈|팔았|팔아|팔림|팔린|팔고|팔음|팜(?![가-힣])|판매|팔렸|용돈\s?받|송금\s?받|이체\s?받"
    # Money that "came about" (돈 생김, 공돈 생겼다); a scratch or a fault that came about is no income.
    r"|(?:돈|수입|용돈)\s?(?:이|가)?\s?생(?:김|겼)"
)

# "받다" also means receiving a service (마사지 받음, 진료 받음): that is spending.
_SERVICE_RE = re.compile(
    r"마사지|진료|치료|시술|파마|펌|염색|커트|컷|검사|수업|레슨|강의|교육|상담|주사|케어|관리|네일|왁싱|세차|수리"
    r"|점검|배송|택배|서비스|진찰|처방|수술|스파|피티|pt|도수|침|뜸|검진|접종|스케일링|교정|클리닉|코칭|컨설팅"
    r"|과외(?!비)|렌탈|대여|견적|시험|면허|수강|등록|배달|드라이|세팅|헤어|손질|속눈썹|피부|이발|미용|진단"
    # A fine or a bill is "received" too, and a discount or coupon lowers what was paid (과태료 받음, 할인 받아서).
    r"|과태료|범칙금|벌금|딱지|고지서|청구서|위반|할인|쿠폰",
    re.IGNORECASE,
)
# A fee noun right before 받다 means money received even with a service nearby (과외비 받음).
_MONEY_RECEIVED_RE = re.compile(
    r"(?:알바비|과외비|수고비|교통비|출장비|활동비|돈|(?<!벌)금|수당|페이|대금|정산|월세|급여|월급|원고료|강의료|강사료|출연료"
    r"|수업료|레슨비|상담료|사례비)\s?(?:을|를|도|은|는)?\s?(?:받|들어)"
)

# 월세 입금 pays a bill; 월세 입금됨 is rent received: a bare 입금 after a bill is a payment.
_BILL_RE = re.compile(
    r"월세|관리비|공과금|학원비|보험료|카드값|카드\s?대금|회비|곗돈|요금|세금|등록금|교육비|할부금|원리금"
)
_BARE_DEPOSIT_RE = re.compile(r"입금(?!\s?(?:됨|됐|되었|완료|확인|받))")

# Items that a household buys, never sells or earns: a sale word elsewhere in the message
# (의자 3만, 책상 5만 팔았음) does not turn these into income.
_CONSUMED_RE = re.compile(
    r"점심|저녁|아침|야식|브런치|식사|밥|커피|카페|라떼|택시|버스|지하철|주유|기름|마트|장보기|장봄|배달|간식|술|맥주|소주"
    r"|편의점|병원|약국|미용실|관리비|공과금|통신비|요금|교통|주차|외식|회식|치킨|피자|빵|과자|영화|넷플릭스|구독"
)


def is_income(item_text: str, shared_text: str = "") -> bool:
    """True when the item is money received.

    `shared_text` holds the words that speak for every item of the message: those before its
    first amount, after its last one, and lines without an amount. They settle an item that
    says nothing itself (당근 판매: 의자 3만, 책상 5만 / 의자 3만, 책상 5만 팔았음).
    """
    if _interest(item_text) and (_LOAN_RE.search(item_text) or _PAID_RE.search(item_text)):
        return False
    own = _own_signal(item_text)
    if own is not None:
        return own
    if not shared_text or _CONSUMED_RE.search(item_text):
        return False
    # Only a verb is shared: 월급 350만, 헬스장 5만 must leave 헬스장 an expense.
    return _RECEIVED_RE.search(shared_text) is not None and _own_signal(shared_text) is True


def _own_signal(text: str) -> bool | None:
    if _GIVEN_TO_US_RE.search(text):
        return True
    if _PAID_RE.search(text):
        return False
    if _income_word(text):
        return True
    if _interest(text):
        return True  # 예금 이자, 적금 이자; the loan case was handled before
    received = next((m for m in _RECEIVED_RE.finditer(text) if _COMPOUND_TAIL_RE.match(text, m.end()) is None), None)
    if received is None:
        return None
    if _BARE_DEPOSIT_RE.search(text) and _BILL_RE.search(text) and "들어" not in text and "받" not in text:
        return False
    # 마사지 받음 is a service bought; 과외비 받음 is money in even beside 과외.
    return not ("받" in received.group() and _SERVICE_RE.search(text) and not _MONEY_RECEIVED_RE.search(text))


def kind_of(item_text: str, shared_text: str = "") -> str:
    return INCOME if is_income(item_text, shared_text) else EXPENSE
