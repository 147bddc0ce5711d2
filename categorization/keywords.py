"""Built-in keyword rules: a memo's words to one of the 21 default category slugs, with a confidence."""

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

CONFIDENT = 0.7  # at or above: sure enough, no LLM needed

EXPENSE = "expense"
INCOME = "income"

# Tiers say how much a word decides the category of the item it is in, before its length does:
#   DEFINING  the word fixes the category whatever else is bought (선물, 학원, 강아지, 키즈카페)
#   ITEM      the thing bought (커피, 샴푸, 택시)
#   PLACE     the shop or platform, which sells many things (이마트, 쿠팡, 스타벅스, 다이소)
#   CONTEXT   the occasion only (점심, 배달, 여행 중): used when nothing else is named
# so 이마트 세제 is living, 스타벅스 샌드위치 is food, 점심 커피 is cafe and 강아지 간식 is pets.
DEFINING, ITEM, PLACE, CONTEXT = 3, 2, 1, 0

# A word is matched anywhere in the memo with its spaces removed (택시비, 휴대폰 요금 → 휴대폰요금),
# except:  "=word"  whole word only, particles allowed after it (약, 술, 책: too short to trust)
#          "~word"  whole word or the end of a compound (옷 → 겨울옷, 빵 → 소금빵): Korean
#                   compounds end in their head noun, so the compound is a kind of that word
# Words written only in Latin letters and digits (cgv, ktx, gs25) must stand apart from other
# Latin letters and digits. "_" stands for a space inside such a word (s_oil).
_EXPENSE_RULES: tuple[tuple[str, int, float, str], ...] = (
    # --- food: meals out, delivery, groceries, drinks and alcohol ---
    (
        "food",
        ITEM,
        0.95,
        """
        김밥 떡볶이 떡뽁이 떡복이 순대 튀김 라면 라멘 우동 국수 칼국수 잔치국수 냉면 밀면 쫄면 짜장면 짜장 자장면 짬뽕
        탕수육 마라탕 마라샹궈 훠궈 양꼬치 딤섬 중국집 중식 한식 일식 양식 분식 돈가스 돈까스 돈카츠 초밥 스시
        사시미 횟집 물회 회덮밥 삼겹살 오겹살 목살 항정살 갈비 갈비탕 갈비찜 불고기 소고기 돼지고기 닭고기 한우
        곱창 막창 대창 족발 보쌈 치킨 통닭 닭강정 닭갈비 찜닭 닭발 닭꼬치 닭한마리 피자 햄버거 버거 파스타
        스파게티 리조또 스테이크 쌀국수 팟타이 분짜 카레 커리 김치 김치찌개 된장찌개 부대찌개 순두부 찌개 전골
        국밥 순대국 순댓국 해장국 감자탕 뼈해장국 설렁탕 곰탕 삼계탕 추어탕 육개장 매운탕 해물탕 아구찜 비빔밥
        덮밥 볶음밥 오므라이스 백반 정식 도시락 주먹밥 삼각김밥 컵라면 컵밥 샤브샤브 수제비 파전 빈대떡 전집 낙지
        쭈꾸미 주꾸미 장어 대게 킹크랩 랍스터 꽃게 조개구이 곱도리탕 닭도리탕 제육 제육볶음 오징어볶음 생선구이
        고등어 갈치 연어 새우 전복 오뎅 어묵 핫도그 타코 부리또 케밥 포케 샐러드 반찬 밑반찬 식료품 식재료 장보기
        장봄 장본 야채 채소 과일 딸기 바나나 포도 수박 참외 복숭아 자두 체리 망고 블루베리 토마토 귤 감귤 한라봉
        양파 대파 마늘 감자 고구마 배추 상추 깻잎 버섯 콩나물 숙주 시금치 두부 계란 달걀 우유 요거트 요구르트
        치즈 버터 소시지 스팸 참치 참치캔 통조림 햇반 즉석밥 밀키트 냉동식품 냉동만두 만두 밀가루 설탕 소금
        간장 고추장 된장 식용유 참기름 들기름 올리브유 케첩 마요네즈 양념 조미료 미역 생선 정육 정육점 삼겹 생크림
        맥주 소주 막걸리 와인 양주 위스키 하이볼 사케 칵테일 생맥주 생맥 호프 포차 포장마차 이자카야 주점 술집
        술값 안주 노가리 생수 콜라 사이다 제로콜라 탄산수 이온음료 식당 맛집 음식점 레스토랑 뷔페
        푸드코트 학식 구내식당 식권 식대 식비 밥값 점심값 저녁값 외식비 배달비 배달음식 회식 외식 족발집 고깃집
        고기집 치킨집 피자집 분식집 국밥집 한식당 일식집 중식당 백반집 기사식당 뷔페식당 오마카세 술자리 뒷풀이
        뒤풀이 송년회 망년회 신년회 회식비 중식비 치맥 피맥 소맥 삼쏘
        """,
    ),
    (
        "food",
        ITEM,
        0.9,
        """
        떡국 만둣국 미역국 북엇국 된장국 콩나물국 소고기국 규동 텐동 사케동 가츠동 돈부리 카츠 까스 짜파게티 월남쌈
        쌈밥 반미 브리또 나초 꼬치 닭가슴살 오징어 조개 다시마 멸치 시리얼 현미 잡곡 사과 곶감 키위 파인애플
        레몬 자몽 아보카도 오이 호박 애호박 단호박 브로콜리 양배추 생강 파프리카 피망 부추 미나리 쪽파 고구마순
        김장 김장재료 닭볶음탕 누룽지 감자튀김 치즈볼 라볶이 계란빵 군밤 핫바 떡꼬치 도넛츠 곱창전골 닭칼국수 순살치킨
        """,
    ),
    ("food", ITEM, 0.85, "고기 쌀국 =쌀 =김 =굴 =닭 =술 =햄 ~밥 =물 =회 과일가게 반찬가게 떡볶이집 샌드위치"),
    ("food", ITEM, 0.8, "~탕 ~볶음 ~구이 ~찜 ~조림 ~무침 ~쌈 ~죽 =배 =감 =무 =고추 =잼"),
    (
        "food",
        PLACE,
        0.9,
        """
        배민 배달의민족 쿠팡이츠 요기요 땡겨요 위메프오 맥도날드 맥날 롯데리아 버거킹 맘스터치 서브웨이 교촌
        굽네 네네치킨 처갓집 푸라닭 자담치킨 노랑통닭 도미노 도미노피자 피자헛 파파존스 미스터피자 피자스쿨
        김밥천국 김가네 고봉민 한솥 본죽 본도시락 신전떡볶이 엽기떡볶이 엽떡 배떡 죠스떡볶이 아웃백 빕스 애슐리
        쿠우쿠우 명륜진사갈비 새마을식당 홍콩반점 역전우동 쉐이크쉑 노브랜드버거 프랭크버거 bbq bhc kfc
        """,
    ),
    (
        "food",
        PLACE,
        0.85,
        """
        이마트 홈플러스 롯데마트 코스트코 트레이더스 하나로마트 노브랜드 마트 동네마트 슈퍼 슈퍼마켓 편의점
        세븐일레븐 이마트24 미니스톱 시장 전통시장 재래시장 마켓컬리 컬리 오아시스 쿠팡프레시 로켓프레시 이마트몰
        홈플 롯마 gs25 cu emart24 gs더프레시 gs수퍼
        """,
    ),
    ("food", CONTEXT, 0.85, "점심 저녁 아침 야식 브런치 조식 석식 배달 식사 저녁밥 점심밥 아침밥 끼니 먹거리"),
    # "A drink" names no drink: the shop says which (스벅 음료 is coffee, 편의점 음료 is food).
    ("food", CONTEXT, 0.85, "음료 음료수 혼밥"),
    ("food", CONTEXT, 0.8, "요리"),
    # Ingredients are groceries, even for a sweet (송편 재료); a class's materials say so (미술 재료).
    ("food", ITEM, 0.75, "재료"),
    # --- cafe: coffee, tea, bakery, dessert, snacks ---
    (
        "cafe",
        ITEM,
        0.95,
        """
        커피 아메리카노 아아 카페라떼 카푸치노 에스프레소 콜드브루 바닐라라떼 마끼아또 카라멜마끼아또
        프라푸치노 아이스티 밀크티 버블티 녹차 홍차 말차 유자차 허브티 캐모마일 레모네이드
        생과일주스 빵집 베이커리 제과점 마카롱 도너츠 크로플 와플 크루아상 크로와상 베이글
        머핀 스콘 타르트 디저트 팥빙수 젤라또 붕어빵 호떡 타코야끼 간식 과자 초콜릿
        초콜렛 사탕 젤리 디카페인 카페 커피숍 다방 크림빵 소금빵 단팥빵 식빵 모닝빵 바게트 슈크림 에그타르트
        떡집 떡값 찹쌀떡 케이크값 커피값 음료값 카페인 디저트카페 티타임 토스트 팝콘 군고구마 츄러스 탕후루 약과
        원두 캡슐커피 커피믹스 보리차 생강차 대추차 모과차 율무차 쌍화차 둥굴레차 옥수수차 =껌
        """,
    ),
    ("cafe", ITEM, 0.85, "~빵 ~떡"),
    (
        "cafe",
        PLACE,
        0.95,
        """
        스타벅스 스벅 이디야 메가커피 메가엠지씨 빽다방 투썸 투썸플레이스 컴포즈 컴포즈커피 할리스 폴바셋 커피빈
        탐앤탐스 엔제리너스 파스쿠찌 블루보틀 매머드 매머드커피 더벤티 공차 파리바게뜨 파리바게트 파바 뚜레쥬르
        성심당 던킨 크리스피크림 배스킨라빈스 베스킨라빈스 배스킨 베스킨 배라 설빙 나뚜루 하겐다즈 요거프레소
        커피베이 카페베네 드롭탑 쥬씨 이삭토스트 텐퍼센트 저가커피 mgc starbucks
        """,
    ),
    ("cafe", PLACE, 0.8, "=메가"),
    # --- transport: taxi, bus, subway, train, shared bikes ---
    (
        "transport",
        ITEM,
        0.95,
        """
        택시 택시비 카카오택시 카카오t 우티 타다 아이엠택시 버스 버스비 시내버스 마을버스 광역버스 고속버스 시외버스
        공항버스 리무진버스 지하철 전철 지하철비 교통비 교통카드 티머니 캐시비 기차 기차표 기찻값 열차 무궁화호
        새마을호 코레일 공항철도 공항리무진 따릉이 킥보드 공유킥보드 전동킥보드 씽씽 지쿠 킥고잉 일레클 카카오바이크
        차비 대중교통 경전철 환승 쏘카 그린카 버스표 승차권 고속버스표 ktx srt itx gtx uber 우버 티머니충전 교통카드충전
        기후동행카드 k패스 케이패스 알뜰교통카드
        택시요금
        """,
    ),
    ("transport", ITEM, 0.85, "배편 여객선 카풀"),
    # A pass is the transit's unless it says what for (주차 정기권 is parking).
    ("transport", CONTEXT, 0.9, "정기권"),
    # --- car: fuel, charging, parking, tolls, repairs, car insurance and tax ---
    (
        "car",
        ITEM,
        0.95,
        """
        주유 주유소 주유비 기름값 휘발유 경유 디젤 전기차충전 전기차 충전소 gs칼텍스 sk에너지 에쓰오일 에스오일
        현대오일뱅크 오일뱅크 알뜰주유소 주차 주차비 주차장 주차요금 발렛 톨비 통행료 하이패스 세차 세차장 손세차
        자동세차 카센터 정비 엔진오일 오일교환 타이어 와이퍼 블랙박스 차량 자동차 차량정비 차수리 차량수리 판금
        도색 요소수 워셔액 부동액 대리운전 대리비 자동차검사 차량검사 정기검사 자동차세 차량세 자동차보험 차보험
        자동차보험료 차보험료 과태료 범칙금 주차위반 속도위반 렌트카 렌터카 차할부 차량할부 카워시 lpg s_oil
        """,
    ),
    (
        "car",
        ITEM,
        0.85,
        "=기름 고속도로 충전비 딱지 중고차 신차 승용차 경차 외제차 브레이크 선팅 썬팅 네비 내비 차량용품",
    ),
    ("car", ITEM, 0.6, "=차"),
    # --- housing: rent, maintenance, utilities, phone, internet, moving ---
    (
        "housing",
        ITEM,
        0.95,
        """
        월세 전세 관리비 아파트관리비 전기세 전기요금 전기료 전기값 가스비 가스요금 가스세 도시가스 수도세 수도요금
        수도료 물값 난방비 공과금 통신비 휴대폰요금 핸드폰요금 폰요금 휴대폰비 핸드폰비 폰비 휴대폰값 통신요금
        인터넷요금 인터넷비 와이파이 인터넷 iptv 수신료 티비수신료 tv수신료 유플러스 알뜰폰 헬로모바일 이사 이사비
        포장이사 복비 중개수수료 부동산수수료 집수리 보일러 도배 장판 관리사무소 임대료 보증금 정화조 모바일요금
        skt kt lg_uplus lguplus uplus sk텔레콤 sk브로드밴드 엘지유플러스 케이블tv
        """,
    ),
    ("housing", ITEM, 0.85, "=전기 =가스 =수도"),
    # A phone's line or plan is the bill, not the handset (휴대폰 2회선, 폰 요금제).
    ("housing", DEFINING, 0.9, "회선 요금제 기기값 단말기값 휴대폰할부 핸드폰할부 폰할부"),
    # The rooms and fixtures of the home: repairs to them are the home's (화장실 변기 수리); what is bought
    # for them names itself (화장실 휴지).
    ("housing", CONTEXT, 0.8, "화장실 베란다 현관"),
    ("housing", ITEM, 0.85, "변기 =하수구 =배수관"),
    ("housing", CONTEXT, 0.6, "요금 고지서"),
    # --- living: household goods, toiletries, furniture, appliances, laundry ---
    (
        "living",
        ITEM,
        0.95,
        """
        세제 섬유유연제 유연제 휴지 화장지 두루마리 물티슈 티슈 키친타월 주방세제 락스 청소용품 쓰레기봉투 종량제
        종량제봉투 비닐봉투 지퍼백 호일 수세미 고무장갑 행주 칫솔 치약 샴푸 린스 컨디셔너 바디워시 비누 핸드워시
        면도기 면도날 생리대 수건 타월 이불 베개 침구 매트리스 커튼 러그 가구 소파 침대 의자 책상 식탁 옷장
        서랍장 수납 수납함 정리함 가전 냉장고 세탁기 건조기 에어컨 청소기 로봇청소기 공기청정기 가습기 제습기
        전자레인지 밥솥 전기밥솥 에어프라이어 정수기 식기세척기 인덕션 선풍기 전기장판 히터 다리미 믹서기
        커피머신 냄비 프라이팬 식기 텀블러 수저 주방용품 생활용품 생필품 건전지 전구 형광등 멀티탭 공구 철물점
        방향제 디퓨저 향초 탈취제 제습제 살충제 모기약
        바퀴벌레약 청소 대청소 분리수거 물때 욕실용품 욕실 주방 조명 스탠드 도마 칼갈이 빗자루 밀대 청소포 걸레
        옷걸이 빨래건조대 건조대 드라이기 헤어드라이기 이케아 한샘 까사미아 모던하우스 자주 오늘의집 락앤락 ikea jaju
        """,
    ),
    # Laundry and mending are what was paid, whatever they were done to (세탁소 패딩, 바지 수선, 세탁소 드라이).
    ("living", DEFINING, 0.95, "세탁 세탁소 세탁비 빨래방 코인세탁 드라이클리닝 수선 옷수선 수선비 수선집"),
    ("living", ITEM, 0.85, "tv 티비 티브이 텔레비전 화분 바구니 빨래바구니 =매트 가죽소파 블라인드 방석"),
    ("living", ITEM, 0.75, "=컵 =랩 =그릇 렌탈 렌털 택배함"),
    ("living", PLACE, 0.85, "다이소 홈쇼핑 하이마트 전자랜드"),
    # --- shopping: clothes, shoes, bags, accessories, electronics, general online shopping ---
    (
        "shopping",
        ITEM,
        0.95,
        """
        의류 옷값 티셔츠 셔츠 블라우스 니트 스웨터 가디건 카디건 맨투맨 후드티 후드집업 바지 청바지 슬랙스 치마
        스커트 원피스 자켓 재킷 코트 패딩 롱패딩 점퍼 잠바 조끼 트레이닝복 잠옷 속옷 팬티 =브라 양말 스타킹 레깅스
        수영복 신발 운동화 구두 부츠 샌들 슬리퍼 스니커즈 가방 백팩 지갑 벨트 모자 장갑 목도리 머플러 스카프
        선글라스 시계 손목시계 액세서리 악세서리 악세사리 귀걸이 목걸이 반지 팔찌 주얼리 쥬얼리 우산 양산
        아이폰 갤럭시 노트북 태블릿 아이패드 에어팟 버즈 이어폰 헤드폰 충전기 케이블 키보드 마우스
        모니터 컴퓨터 카메라 전자제품 스마트워치 애플워치 무신사 29cm 에이블리 지그재그 w컨셉 브랜디 유니클로
        =자라 탑텐 스파오 지오다노 에잇세컨즈 나이키 아디다스 뉴발란스 휠라 폴로 아울렛 쇼핑 옷쇼핑 직구 해외직구
        인터넷쇼핑 온라인쇼핑 가죽
        zara spao uniqlo musinsa
        """,
    ),
    ("shopping", ITEM, 0.9, "~옷 운동복 등산복"),
    ("shopping", ITEM, 0.75, "핸드폰 스마트폰 휴대폰"),
    (
        "shopping",
        PLACE,
        0.85,
        "백화점 현대백화점 롯데백화점 신세계백화점 갤러리아 쇼핑몰 스타필드 아이파크몰 타임스퀘어",
    ),
    (
        "shopping",
        PLACE,
        0.6,
        """
        쿠팡 로켓배송 11번가 지마켓 g마켓 옥션 위메프 티몬 ssg 쓱 네이버쇼핑 스마트스토어 알리 알리익스프레스
        테무 아마존 당근마켓 당근 번개장터 중고나라 중고 온라인 coupang
        """,
    ),
    # --- beauty: hair, nails, cosmetics, skin care ---
    (
        "beauty",
        ITEM,
        0.95,
        """
        미용실 헤어샵 미장원 커트 컷트 파마 염색 뿌리염색 셋팅펌 매직 다운펌 이발 이발소 바버샵 네일 네일샵 젤네일
        페디큐어 속눈썹 속눈썹연장 왁싱 눈썹문신 반영구 피부관리 에스테틱 화장품 =스킨 스킨케어 스킨로션 로션 토너
        에센스 세럼 앰플 선크림 썬크림 선블록 쿠션 파운데이션 립스틱 립밤 틴트 마스카라 아이섀도 아이라이너 클렌징
        폼클렌징 클렌저 마스크팩 향수 헤어에센스 헤어오일 트리트먼트 =헤어 미용 뷰티 헤어컷 두피관리 피부샵 메이크업
        화장 드라이
        """,
    ),
    (
        "beauty",
        ITEM,
        0.85,
        """
        머리자름 머리잘랐 머리했음 머리하러 머리손질 손톱 손톱관리 발톱관리 ~펌 ~컷 =팩 마사지 스파 =크림 패디 눈썹
        제모 헤어클리닉 피부클리닉
        """,
    ),
    ("beauty", PLACE, 0.9, "올리브영 아리따움 이니스프리 에뛰드 롭스 시코르 세포라 더페이스샵 미샤 토니모리"),
    # --- health: hospital, clinic, pharmacy, supplements, gym ---
    (
        "health",
        ITEM,
        0.95,
        """
        병원 병원비 의원 내과 외과 정형외과 이비인후과 안과 치과 피부과 산부인과 비뇨기과 신경외과 재활의학과
        한의원 한방병원 정신과 정신건강의학과 소아과 소아청소년과 응급실 진료 진료비 진찰 건강검진 검진 종합검진
        mri 엑스레이 초음파 수술 입원 입원비 통원 치료 치료비 물리치료 도수치료 재활 주사 링거 수액 예방접종 백신
        독감주사 약국 약값 처방 처방약 처방전 감기약 두통약 진통제 해열제 소화제 위장약 파스 연고 반창고
        안약 인공눈물 영양제 비타민 유산균 오메가3 홍삼 정관장 건강식품 보약 한약 프로틴 단백질 보충제 헬스
        헬스장 필라테스 요가 크로스핏 피티 스포츠센터 체육관 헬스비 안경 안경점 콘택트렌즈 렌즈 보청기 마스크
        체온계 혈압계 임플란트 스케일링 교정 충치 신경치료 검사비 진단서 한약방 pt ct
        """,
    ),
    ("health", ITEM, 0.8, "=약 =침 밴드 감기 독감 운동 수영 수영장 건강"),
    # --- culture: movies, shows, streaming, games, books for leisure, hobbies, sports leisure ---
    (
        "culture",
        ITEM,
        0.95,
        """
        영화 영화관 영화표 극장 씨지브이 메가박스 롯데시네마 공연 콘서트 뮤지컬 연극 전시 전시회 미술관 박물관
        갤러리 음악회 야구 야구장 축구 농구 배구 직관 놀이공원 에버랜드 롯데월드 놀이동산 워터파크 동물원
        아쿠아리움 수족관 낚시 등산 골프 스크린골프 골프장 볼링 당구 탁구 테니스 배드민턴 클라이밍 스키 스키장
        노래방 코인노래방 피시방 pc방 오락실 방탈출 보드게임 만화카페 만화방 게임 게임기 닌텐도 플스
        플레이스테이션 넷플릭스 넷플 유튜브프리미엄 유튜브뮤직 유튜브 멜론 지니뮤직 벅스 플로 스포티파이
        애플뮤직 티빙 웨이브 왓챠 쿠팡플레이 디즈니플러스 디즈니 애플tv 라프텔 밀리의서재 리디북스 리디 윌라 구독
        구독료 정기구독 웹툰 네이버웹툰 카카오페이지 도서 소설 만화책 전자책
        이북 잡지 취미 원데이클래스 공방 꽃꽂이 프라모델 퍼즐 사진관 인화 캠핑 캠핑용품 입장료 관람료
        인터파크 멜론티켓 음반 앨범 굿즈 팬미팅 cgv ott steam netflix
        youtube xbox chatgpt 챗gpt 앱구독 앱결제 인앱결제 현질
        """,
    ),
    ("culture", PLACE, 0.9, "교보문고 영풍문고 알라딘 예스24 서점 중고서점 yes24"),
    (
        "culture",
        ITEM,
        0.8,
        "=책 책값 놀이 공연장 캠핑장 스위치 사진 티켓 예매 =지니 만화 목욕탕 찜질방 사우나 스파랜드",
    ),
    ("culture", ITEM, 0.75, "=스팀 =코노"),
    # --- travel: hotels, flights, packages, spending abroad ---
    (
        "travel",
        ITEM,
        0.95,
        """
        숙소 숙박 숙박비 호텔 모텔 펜션 리조트 콘도 게스트하우스 호스텔 민박 에어비앤비 야놀자 여기어때 아고다
        부킹닷컴 트립닷컴 익스피디아 호텔스닷컴 항공 항공권 항공료 비행기 비행기표 비행기값 대한항공 아시아나
        제주항공 진에어 티웨이 에어부산 이스타항공 에어서울 에어프레미아 저가항공 환전 여권 여행자보험
        패키지여행 여행사 하나투어 모두투어 노랑풍선 글램핑 airbnb agoda 호캉스 기념품 여행경비 여행비 관광 투어
        """,
    ),
    # What is bought duty-free is bought travelling (면세점 화장품, 면세 담배).
    ("travel", DEFINING, 0.9, "면세점 면세 면세품 기내면세"),
    (
        "travel",
        PLACE,
        0.8,
        """
        여행 해외여행 국내여행 출장 해외 공항 제주 제주도 일본 도쿄 오사카 후쿠오카 교토 삿포로 오키나와 다낭 방콕
        세부 괌 사이판 하와이 =파리 런던 뉴욕 발리 싱가포르 홍콩 대만 타이베이 베트남 태국 유럽 미국 중국 상하이
        나트랑 푸꾸옥 치앙마이 보라카이 패키지
        """,
    ),
    # --- education: academies, courses, textbooks, exams, tuition ---
    ("education", DEFINING, 0.95, "학원 학원비 과외 과외비 교습소 공부방 학습지 영어유치원 =영유"),
    (
        "education",
        ITEM,
        0.95,
        """
        수강료 수강 인강 인터넷강의 온라인강의 강의 강의료 강좌 교재 교재비 문제집 참고서 교과서 구몬 눈높이 튜터링
        등록금 학비 수업료 교육비 응시료 시험비 토익 토플 오픽 자격증 수능 모의고사 원서비 입학금 방과후 급식비
        체험학습 현장학습 학용품 필기구 문구 문구점 공책 연필 볼펜 형광펜 패스트캠퍼스 클래스101 유데미 코세라
        인프런 메가스터디 이투스 대성마이맥 에듀윌 해커스 야나두 스픽 윤선생 태권도 레슨 레슨비 스터디 독서실
        스터디카페 udemy
        """,
    ),
    ("education", ITEM, 0.8, "영어 수학 국어 과학 코딩 논술 미술 피아노학원 피아노 바이올린 첼로 플루트 발레 웅변"),
    ("education", ITEM, 0.75, "클래스 시험 학교 수업 =노트 교육"),
    # --- kids: diapers, formula, daycare, kids' clothes and toys, kids cafe ---
    ("kids", DEFINING, 0.95, "키즈카페 키즈까페 어린이집 유치원 유치원비 보육료 아기물티슈"),
    # A toy is the kids' whatever it is a toy of (장난감 자동차); a pet's toy stays the pet's (0.9 < 0.95).
    ("kids", DEFINING, 0.9, "장난감 완구"),
    # What only a baby eats or wears is the baby's whatever it is next to (이유식 밀키트, 분유 마트).
    ("kids", DEFINING, 0.95, "기저귀 분유 젖병 이유식 유아식 아기과자 떡뻥 아기간식"),
    (
        "kids",
        ITEM,
        0.95,
        """
        유모차 카시트 아기띠 육아 육아용품 유아용품 토이저러스 아동복 유아복
        아기옷 애기옷 아이옷 돌봄 베이비시터 =시터 하원도우미 등원도우미 아이돌보미 문화센터 젖꼭지 쪽쪽이 보행기
        아기침대 범퍼침대 레고 뽀로로 핑크퐁
        """,
    ),
    ("kids", PLACE, 0.7, "=어린이 =아기 =애기 =아이 =유아 =아동 =키즈 =베이비 =아들 =딸 =조카"),
    ("kids", PLACE, 0.7, "아기용 애기용 유아용 아동용 어린이용 키즈용"),
    # --- pets: food, treats, vet, grooming, supplies ---
    (
        "pets",
        DEFINING,
        0.95,
        """
        강아지 고양이 반려견 반려묘 반려동물 애견 애묘 댕댕이 멍멍이 냥이 사료 츄르 캣닢 배변패드 배변봉투 동물병원
        애견미용 펫샵 애견샵 펫호텔 애견호텔 애견카페 펫용품 펫푸드 하네스 목줄 리드줄 켄넬 캣타워 스크래쳐 중성화
        심장사상충 고양이모래 펫택시 동물약국 개껌 강쥐 =펫
        """,
    ),
    ("pets", ITEM, 0.8, "=모래"),
    # --- events: weddings, funerals, gifts, allowance given, donations ---
    (
        "events",
        DEFINING,
        0.95,
        """
        축의금 부의금 조의금 경조사 경조사비 축하금 세뱃돈 선물 생일선물 선물세트 기부 기부금 후원 후원금 헌금
        십일조 성금 화환 조화 답례품 용돈 집들이선물 결혼선물 출산선물 돌반지 부조 부조금
        """,
    ),
    ("events", ITEM, 0.85, "결혼식 장례식 돌잔치 조문 꽃다발 꽃집 =꽃 어버이날 명절 추석 설날 상품권 기프티콘 집들이"),
    ("events", ITEM, 0.75, "제사 차례 성묘"),
    ("events", CONTEXT, 0.7, "생일 기념일 결혼기념일 크리스마스 발렌타인 화이트데이"),
    # --- finance: insurance (not car), loan interest, bank fees, taxes ---
    (
        "finance",
        ITEM,
        0.95,
        """
        보험 보험료 실비 실비보험 실손 실손보험 암보험 종신보험 생명보험 화재보험 운전자보험 치아보험 연금보험
        대출이자 대출 이자 원리금 카드론 할부이자 연체료 연체이자 이체수수료 송금수수료 atm수수료 연회비
        세금 소득세 재산세 주민세 종합소득세 종소세 부가세 부가가치세 지방세 국세 세무사 국민연금 건강보험
        건강보험료 건보료 고용보험 4대보험 사대보험 원천세 양도세 취득세 증여세 상속세 카드연회비 전세대출
        전세자금대출 주택담보대출 주담대 신용대출 마이너스통장
        """,
    ),
    ("finance", ITEM, 0.75, "적금 저축 청약 예금 상환"),
    # A fee is the bank's only when nothing else is named: 항공권 취소 수수료 is the flight's.
    ("finance", CONTEXT, 0.9, "수수료 은행"),
    # A card bill paid from the bank: the month's card spending settled as one transfer.
    ("finance", ITEM, 0.9, "카드값 카드대금 카드결제대금 카드결제금액 카드청구금 카드청구액 카드빚 카드납부"),
    ("finance", ITEM, 0.6, "투자 주식 펀드 코인 배당주 etf"),
    # --- merchants as card and bank texts print them: brands, their company names, chains ---
    (
        "food",
        PLACE,
        0.9,
        """
        우아한형제 위대한상상 쿠팡이츠서비스 한국맥도날 롯데지알에스 비케이알 해마로푸드 교촌에프앤비 교촌치킨
        굽네치킨 지앤푸드 혜인식품 비비큐 제너시스비비 비에이치씨 처갓집양념치킨 호식이두마리치킨 페리카나
        멕시카나 또래오래 지코바 60계치킨 가마로강정 청오디피케이 피자알볼로 피자마루 7번가피자 반올림피자
        고봉민김밥 바르다김선생 본아이에프 동대문엽기떡볶이 청년다방 더본코리아 한신포차 놀부 원할머니보쌈
        하이디라오 서가앤쿡 매드포갈릭 봉구스밥버거 명랑핫도그 역전할머니맥주 생활맥주 투다리 이차돌 샤브올데이 두찜
        땅스부대찌개 채선당 미소야 아비꼬 코코이찌방야 지에스25 씨유 비지에프 코리아세븐 지에스리테일
        스토리웨이 롯데슈퍼 이마트에브리데이 홈플러스익스프레스 킴스클럽 메가마트 탑마트 식자재마트 하나로클럽
        농협하나로 코스트코코리아 초록마을 한살림 자연드림 정육각 씨스페이스 365플러스
        """,
    ),
    ("food", PLACE, 0.85, "식자재 축산 수산 농산 청과 반점 가든 식품"),
    ("food", PLACE, 0.75, "푸드 에프앤비 그릴 키친 다이닝 비스트로"),
    (
        "cafe",
        PLACE,
        0.9,
        """
        에스씨케이 엠즈씨드 파리크라상 비알코리아 커피에반하다 하삼동커피 감성커피 바나프레소
        달콤커피 셀렉토커피 커피나무 백미당 노티드 런던베이글 아티제 팀홀튼 와플대학 더리터 요아정 하겐다즈코리아
        빵굼터 삼송빵집 이성당 코코호도 카페드롭탑 커피스미스 전광수커피 테라로사 프릳츠 나뚜루팝 droptop
        """,
    ),
    ("cafe", PLACE, 0.85, "제과 coffee cafe bakery"),
    (
        "transport",
        PLACE,
        0.9,
        """
        카카오모빌 한국스마트카드 로카모빌리티 이동의즐거움 한국철도공사 에스알 서울교통공사 서울메트로
        부산교통공사 대구교통공사 인천교통공사 버스타고 티머니고 진모빌리티 지쿠터 빔모빌리티 티맵모빌리티 우버택시
        택시조합 코버스 이지티켓 고속버스모바일 sr
        """,
    ),
    ("transport", PLACE, 0.85, "운수 여객 교통공사 개인택시 모빌리티"),
    (
        "car",
        PLACE,
        0.9,
        """
        에스케이에너지 지에스칼텍스 한국도로공사 도로공사 셀프주유소 스피드메이트 블루핸즈 오토큐 오토오아시스
        타이어뱅크 티스테이션 한국타이어 금호타이어 넥센타이어 카센타 현대자동차 기아자동차 르노코리아 쉐보레
        모두의주차장 하이파킹 아이파킹 파킹클라우드 카카오t주차 차지비 에버온 대영채비 워터링크 ev충전
        """,
    ),
    ("car", PLACE, 0.85, "공업사 모터스 파킹 lpg충전"),
    (
        "housing",
        PLACE,
        0.9,
        """
        한국전력 한전 에스케이텔레콤 케이티 lg유플러스 엘지헬로비전 kt엠모바일 케이티엠모바일 세종텔레콤
        에스케이브로드밴드 skb 서울도시가스 삼천리 예스코 코원에너지서비스 대성에너지 귀뚜라미에너지 인천도시가스
        경동도시가스 해양도시가스 부산도시가스 상수도사업본부 수도사업소 상수도 하수도 엘지헬로 skbroadband
        """,
    ),
    ("housing", PLACE, 0.8, "부동산 텔레콤"),
    (
        "living",
        PLACE,
        0.9,
        """
        아성다이소 이케아코리아 버킷플레이스 세탁특공대 크린토피아 런드리고 월드크리닝 코웨이 쿠쿠 위닉스 청호나이스
        sk매직 에스케이매직 삼성디지털프라자 엘지베스트샵 lg베스트샵 무인양품 생활용품점 한샘몰 일룸 시디즈
        에이스침대 시몬스 리바트 지누스 홈데코 인테리어 크리닝 빨래
        """,
    ),
    (
        "shopping",
        PLACE,
        0.85,
        """
        십일번가 이베이코리아 에스에스지 ssg닷컴 카카오스타일 더블유컨셉 에프알엘코리아 신성통상 abc마트
        에이비씨마트 폴햄 ak플라자 에이케이플라자 nc백화점 뉴코아 2001아울렛 롯데아울렛 프리미엄아울렛 신세계사이먼
        롯데몰 코엑스몰 더현대 신세계 이랜드 롯데온 cj온스타일 씨제이온스타일 gs샵 지에스샵 현대h몰 홈앤쇼핑
        공영쇼핑 애플코리아 애플스토어 삼성전자 엘지전자 다나와 아트박스 교보핫트랙스 핫트랙스 텐바이텐 한섬 코오롱
        삼성물산 h_m 아이더 노스페이스 블랙야크 코닥 데상트 크록스 컨버스 반스 리복 아식스 컬럼비아
        """,
    ),
    (
        "shopping",
        CONTEXT,
        0.75,
        """
        네이버페이 카카오페이 토스페이 페이코 스마일페이 쿠페이 이니시스 kg이니시스 kcp 엔에이치엔케이씨피 나이스페이
        나이스정보통신 다날 토스페이먼츠 페이레터 ssg페이 엘페이 l페이 payco 결제대행
        """,
    ),
    (
        "beauty",
        PLACE,
        0.9,
        """
        씨제이올리브영 아모레퍼시픽 랄라블라 에이블씨엔씨 네이처리퍼블릭 스킨푸드 클리오 바닐라코 준오헤어
        박승철헤어 리안헤어 이철헤어커커 차홍 블루클럽 헤어살롱 네일아트 피부관리실 라포헤어 살롱 뷰티살롱
        """,
    ),
    (
        "health",
        PLACE,
        0.9,
        """
        보건소 의료원 메디컬 의료재단 의료법인 치과의원 요양병원 피트니스 휘트니스 애니타임피트니스 다비치안경
        으뜸50안경 룩옵티컬 렌즈미 스포애니 gym fitness
        """,
    ),
    ("health", PLACE, 0.8, " 클리닉 의료"),
    (
        "culture",
        PLACE,
        0.9,
        """
        씨제이씨지 메가박스중앙 롯데컬처 넷플릭스서비시스코리아 구글플레이 google_play 앱스토어 appstore
        itunes apple_com 카카오엔터테인먼트 드림어스컴퍼니 콘텐츠웨이브 인터파크티켓 티켓링크 서울랜드 레고랜드
        코인노래연습장 노래연습장 골프존 넥슨 엔씨소프트 넷마블 스마일게이트 크래프톤 소니인터랙티브 닌텐도코리아
        오픈에이아이 openai 챗지피티 네이버플러스 포토이즘 인생네컷 하루필름 포토그레이
        """,
    ),
    (
        "travel",
        PLACE,
        0.9,
        """
        아시아나항공 티웨이항공 인터파크투어 마이리얼트립 클룩 케이케이데이 신라면세점 롯데면세점 신세계면세점
        현대면세점 한화리조트 소노호텔 소노벨 대명리조트 켄싱턴 롯데호텔 신라호텔 조선호텔 신라스테이 글래드호텔
        스테이폴리오 시그니엘 파라다이스호텔 웨스틴 메리어트 힐튼 하얏트 인터컨티넨탈 노보텔 이비스 롯데시티호텔
        토요코인 스카이스캐너 booking_com expedia hotels_com trip_com
        """,
    ),
    ("travel", PLACE, 0.8, "스테이 호텔앤리조트 "),
    (
        "education",
        PLACE,
        0.9,
        """
        이투스교육 ebs 교원 웅진씽크빅 재능교육 시원스쿨 와이비엠 ybm 파고다 한국산업인력공단 큐넷 한국사능력 어학원
        영어학원 수학학원 미술학원 태권도장 엘리하이 아이스크림에듀 천재교육 비상교육 에듀
        """,
    ),
    ("education", PLACE, 0.8, "아카데미 교습 스쿨 어학"),
    (
        "kids",
        PLACE,
        0.9,
        """
        아가방 압소바 알로앤루 해피랜드 블루독 모이몰른 보리보리 베베 플레이타임 챔피언키즈 키즈파크
        """,
    ),
    (
        "pets",
        DEFINING,
        0.9,
        "동물의료센터 동물메디컬 동물의료 펫프렌즈 어바웃펫 펫마트 이리온 펫츠 도그  펫살롱 펫케어 퍼피",
    ),
    (
        "events",
        PLACE,
        0.85,
        """
        플라워 화원 꽃배달 선물하기 카카오톡선물하기 유니세프 월드비전 굿네이버스 초록우산 세이브더칠드런
        대한적십자사 사랑의열매 교회 성당 사찰
        """,
    ),
    (
        "finance",
        PLACE,
        0.85,
        """
        삼성생명 한화생명 교보생명 신한라이프 동양생명 흥국생명 미래에셋생명 메트라이프 라이나생명 aia생명
        처브라이프 농협생명 kb라이프 삼성화재 현대해상 db손해보험 디비손해보험 db손보 kb손해보험 메리츠화재
        한화손해보험 흥국화재 롯데손해보험 농협손해보험 국세청 홈택스 위택스 국민건강보험공단 국민연금공단
        근로복지공단 캐피탈 저축은행 손해보험
        """,
    ),
    ("finance", PLACE, 0.75, "생명 화재"),
    # --- more merchant names: corporate and gateway names, clinic and restaurant kinds ---
    ("food", PLACE, 0.9, "롯데grs 케이에프씨 gs리테일 bgf리테일 한정식 밥상 밥집 기사님식당"),
    ("shopping", PLACE, 0.75, "롯데쇼핑 와우멤버십 모닝글로리"),
    (
        "shopping",
        CONTEXT,
        0.75,
        """
        네이버파이낸셜 한국정보통신 kicc 헥토파이낸셜 스마트로 ksnet 케이에스넷 블루월넛 세틀뱅크 갤럭시아머니트리
        """,
    ),
    ("culture", PLACE, 0.75, "google 구글 스카이라이프티비"),
    ("housing", PLACE, 0.8, "sk7모바일 스카이라이프 =아파트"),
    ("health", PLACE, 0.9, "비뇨의학과 가정의학과 영상의학과 통증의학과 신경과 검진센터 내과의원 소아청소년과의원"),
    # --- everyday words of each category's covers that people type ---
    (
        "cafe",
        ITEM,
        0.9,
        """
        티라미수 차한잔 카페음료 푸딩 크레페 파르페 마들렌 휘낭시에 까눌레 양갱 꽈배기 찹쌀도넛 호두과자 카스테라
        롤케이크 파운드케이크 소프트아이스크림 셰이크 프라페 아포가토 콘아이스크림 아이스바 쭈쭈바 비스킷 감자칩
        """,
    ),
    (
        "housing",
        ITEM,
        0.9,
        """
        휴대폰할부금 핸드폰할부금 폰할부금 단말기할부금 기기할부금 이삿짐 이삿짐센터 용달 이사업체 집세 방세
        상하수도 관리비고지서 가스점검 벽지 단열
        """,
    ),
    (
        "living",
        ITEM,
        0.9,
        """
        행거 선반 수납장 책장 신발장 협탁 화장대 전신거울 카펫 이불커버 베개커버 토퍼 식기건조대 세탁망 다리미판
        소화기 정수기필터 휴지통 쓰레기통 분리수거함 샤워기 샤워헤드 수도꼭지 배수구 뚫어뻥 식탁보 무드등 연장선
        전동드릴 페인트 방충망 문풍지 뽁뽁이 밀폐용기 반찬통 보관용기 머그컵 접시 국자 주걱 채반 전기포트 커피포트
        토스터기 식세기 음식물처리기 음쓰봉투 음식물쓰레기봉투 손세정제 손소독제 면봉 위생장갑 일회용품 종이컵
        나무젓가락 각티슈 섬유탈취제 페브리즈 방충제 습기제거제 캡슐세제 세탁세제 표백제 과탄산소다 베이킹소다
        세정제 곰팡이제거제 변기세정제 청소솔 쓰레받기 먼지떨이 물걸레 돌돌이 욕실화 가전제품 테이블 의자커버
        """,
    ),
    (
        "shopping",
        ITEM,
        0.9,
        """
        정장 반팔티 긴팔티 나시티 반바지 트렌치코트 무스탕 경량패딩 바람막이 플리스 후리스 조거팬츠 수트 넥타이 로퍼
        하이힐 플랫슈즈 단화 등산화 축구화 장화 에코백 토트백 크로스백 클러치 키링 폰케이스 액정필름 보조배터리
        갤럭시탭 맥북 블루투스스피커 스피커 프린터 외장하드 usb ssd 조끼패딩 롱코트 원피스수영복
        """,
    ),
    (
        "beauty",
        ITEM,
        0.9,
        """
        매니큐어 블러셔 컨실러 프라이머 하이라이터 아이브로우 화장솜 핸드크림 바디로션 립글로스 미스트 수분크림
        아이크림 선스틱 헤어왁스 헤어스프레이 고데기 염색약 셀프염색 탈모샴푸 두피샴푸 메이크업브러쉬 뷰러
        """,
    ),
    (
        "health",
        ITEM,
        0.9,
        """
        부항 추나 심리상담 내시경 위내시경 대장내시경 혈액검사 피검사 소독약 손목보호대 무릎보호대 깁스 목발 틀니
        사랑니 발치 공진단 경옥고 녹용 루테인 밀크씨슬 콜라겐 마그네슘 철분제 엽산 칼슘 프로바이오틱스 스피닝 줌바
        복싱 주짓수 요가매트 폼롤러 덤벨 체중계 혈당 당뇨 약제비 진료비영수증 비염
        """,
    ),
    (
        "culture",
        ITEM,
        0.9,
        """
        음원 피규어 뜨개질 털실 물감 우쿨렐레 통기타 전자기타 드럼 악기 페스티벌 불꽃축제 입장권 관람권 시즌권
        리프트권 서핑 승마 사격 인형뽑기 포토부스 공연티켓 팬클럽 드라마 음악 구독권
        """,
    ),
    ("travel", ITEM, 0.9, "여행가방 수하물 비자 로밍 이심 크루즈 유람선 케이블카  관광지 "),
    (
        "education",
        ITEM,
        0.9,
        """
        준비물 학교준비물 필통 지우개 색연필 크레파스 스케치북 교복 학원차량 면접비 학점은행 사이버대 대학원 전공책
        논문 인쇄비 복사비 학원교재 운전학원 도서구입
        """,
    ),
    (
        "kids",
        ITEM,
        0.9,
        """
        턱받이 수유패드 유축기 콧물흡입기 치발기 쏘서 점퍼루 바운서 모빌 아기체육관 범보 아기욕조 기저귀가방
        유아차 놀이매트 아기로션 아기샴푸 아기세제 동화책 아기용품
        """,
    ),
    ("pets", DEFINING, 0.9, "햄스터 앵무새 어항 열대어 구피 펫보험  반려묘용품 강아지간식"),
    (
        "events",
        DEFINING,
        0.9,
        """
        생신 생신선물 환갑 칠순 팔순 고희 백일 백일잔치 졸업선물 입학선물 답례 장례식장 근조화환 상조 시주 불전
        감사헌금 축하선물 결혼축하금 조의 부조금봉투
        """,
    ),
    (
        "finance",
        ITEM,
        0.9,
        "연말정산 추가납부 가산세 체납 종부세 종합부동산세 연금저축 퇴직연금 보증보험 인지세 보험금납입",
    ),
    (
        "car",
        ITEM,
        0.9,
        """
        광택 유리막코팅 블박 스노우체인 에어컨필터 미션오일 얼라인먼트 =휠 펑크 견인 자차 덴트 범퍼 탁송 번호판
        유류비 급속충전 완속충전
        """,
    ),
    ("transport", ITEM, 0.9, "공유자전거 버스요금 지하철요금 교통요금 시외 트램"),
    # --- more everyday words ---
    (
        "food",
        ITEM,
        0.9,
        """
        메밀 소바 메밀소바 불백 차돌박이 차돌 가브리살 순살 후라이드 청국장 깐풍기 양장피 유린기 똠양꿍 오코노미야끼
        야끼소바 오돌뼈 골뱅이 모듬전 녹두전 견과류 아몬드 호두 땅콩 조기 베이컨 부침가루 튀김가루 쌈장 식초 굴소스
        에너지드링크 식혜 수정과 두유
        """,
    ),
    ("food", CONTEXT, 0.75, "포장 테이크아웃"),
    (
        "cafe",
        ITEM,
        0.9,
        "~쿠키 모카 카페모카 핫초코 흑당 페퍼민트 얼그레이 보이차 소보로 소프트콘 델리만쥬 인절미 나쵸",
    ),
    ("cafe", ITEM, 0.85, "~파이"),
    (
        "cafe",
        ITEM,
        0.95,
        "고구마라떼 곡물라떼 녹차라떼 말차라떼 초코라떼 딸기라떼 흑임자라떼 오트라떼 토피넛라떼 돌체라떼 연유라떼",
    ),
    ("transport", ITEM, 0.9, "무궁화 리무진 페리 자전거대여"),
    ("car", ITEM, 0.9, "톨게이트 배터리교체 냉각수 주정차위반 주정차 리스료 장기렌트 차량리스"),
    ("housing", ITEM, 0.9, "온수 하자보수 경비비"),
    (
        "living",
        ITEM,
        0.9,
        """
        비닐봉지 치실 가글 서큘레이터 온수매트 오븐 토스터 가스레인지 비데 =칼 젓가락 숟가락 잡화 콘센트 드라이버
        망치 =못 테이프 열쇠 쥐덫 바퀴약 식물 꽃병 벽시계 액자 거울 우산꽂이 발매트
        """,
    ),
    ("shopping", ITEM, 0.9, "상의 하의 반팔 긴팔 야상 슬립온 비니 머리끈 =케이스"),
    ("beauty", ITEM, 0.9, "탈색 파우더"),
    ("health", ITEM, 0.85, "=검사 한방 =뜸 변비약 철분"),
    ("culture", ITEM, 0.85, "오페라 축제 =아이템 =보드"),
    ("kids", ITEM, 0.85, "인형 아기신발 유아신발 아동신발 키즈신발"),
    ("events", ITEM, 0.9, "스승의날 카네이션 =축의 =부의 과일바구니 과일선물 축하"),
    # --- spoken and short forms, common misspellings, brand and menu names used as words ---
    (
        "food",
        ITEM,
        0.9,
        """
        탕슉 꿔바로우 샹궈 떡볶기 떡뽁기 떡보끼 쫄볶이 물냉 비냉 동그랑땡 잡채 김말이 캘리포니아롤 꼬막 가리비 멍게
        해삼 광어 우럭 방어회 코다리 치마살 부채살 안심스테이크 소세지 소떡소떡 칼제비 옹심이 하이라이스 유산슬 팔보채
        퀘사디아 츠케멘 냉모밀 모밀 나베 스키야키 오코노미야키 반쎄오 카오팟 똠얌꿍 탄두리 뇨끼 라자냐 오트밀 견과
        장보러 간편식 삼김 부침개 지짐이 치느님 혼술 뿌링클 허니콤보 황올 황금올리브 고추바사삭 싸이버거 빅맥 와퍼
        상하이버거 불고기버거 =샤브 =마라 =등심 =안심
        """,
    ),
    (
        "food",
        PLACE,
        0.9,
        """
        맘터 롯리 버킹 맥도 파파이스 쉑쉑 노브버거 죽이야기 두끼떡볶이 호식이 하남돼지집 코슷코 =하나로 =세븐
        """,
    ),
    (
        "cafe",
        ITEM,
        0.95,
        """
        까페 카폐 따아 뜨아 아샷추 아바라 카페라테 =아메 아이스아메 에스프레쏘 자허블 아인슈페너 아인슈패너 플랫화이트
        바닐라라테 돌체라테 블렌디드 케이끄 고로케 고로께 크로켓 도나쓰 도나스 치아바타 깜빠뉴 밀크쉐이크
        빼빼로 초코파이 새우깡 포카칩 꼬북칩 허니버터칩 하리보 메로나 월드콘 붕어싸만코 런베뮤 뚜쥬 빽다 하삼동
        탐탐 팔공티 타이거슈가
        """,
    ),
    # A compound ending in a drink or a sweet is that drink or sweet (딸기케이크, 과일주스, 망고스무디, 감자칩).
    ("cafe", ITEM, 0.9, "~케이크 ~케익 ~케잌 ~라떼 ~라테 ~주스 ~쥬스 ~스무디 ~에이드 ~빙수 ~도넛 ~아이스크림 ~칩 ~깡"),
    ("transport", ITEM, 0.95, "택씨 카카오티 케이티엑스 콜비 고속철 택시콜 콜택시 모범택시"),
    ("transport", PLACE, 0.8, "터미널 고속터미널 버스터미널"),
    (
        "car",
        ITEM,
        0.9,
        """
        대리기사 대리운전비 세차비 =차세 차세금 =체인 휘발류 과속 신호위반 차검사 공임 공임비 =대리 =렌트 =리스
        """,
    ),
    (
        "housing",
        ITEM,
        0.9,
        """
        입주청소 이사청소 티비요금 tv요금 케이블요금 유선방송 유플 엘지유플 =데이터 데이터요금
        """,
    ),
    (
        "living",
        ITEM,
        0.9,
        """
        모기장 모기채 전기모기채 타올 키친타올 페이퍼타올 다이슨 로청 에어프라이기 전자렌지 음쓰 소독제 캔들 전기요
        =에프
        """,
    ),
    (
        "shopping",
        ITEM,
        0.9,
        """
        내복 남방 쟈켓 뉴발 디스커버리 래쉬가드 골프웨어 트레이닝 츄리닝 추리닝 런닝셔츠 내의 헤드셋 =나시 =런닝 =애플
        """,
    ),
    # Cosmetic procedures and scalp care are beauty even at a clinic (피부과 보톡스, 두피 스케일링).
    (
        "beauty",
        DEFINING,
        0.9,
        """
        보톡스 필러 울쎄라 써마지 슈링크 리프팅 레이저토닝 피코토닝 물광주사 쁘띠 두피스케일링 두피케어 두피클리닉
        두피마사지
        """,
    ),
    ("beauty", ITEM, 0.9, "올영 파데 뿌염 폼클 시트팩 섀도우 =립 헤어드라이"),
    (
        "health",
        ITEM,
        0.9,
        """
        타이레놀 게보린 판콜 판피린 베아제 훼스탈 활명수 까스활명수 후시딘 마데카솔 오메가 =도수 접종
        """,
    ),
    (
        "culture",
        ITEM,
        0.9,
        """
        e북 눈썰매 썰매장 눈썰매장 스케이트장 아이스링크 트램폴린 번지점프 래프팅 짚라인 패러글라이딩 스노보드 메박 롯시
        씨지비 유튭 디플 쿠플 엑박 피방 캐리비안베이 오션월드 에세이 =스크린 =밀리 =교보
        """,
    ),
    ("travel", ITEM, 0.9, "풀빌라 에어비엔비 캐리어 료칸 온천 한옥스테이 템플스테이 카라반 독채 레지던스 에어텔"),
    ("education", ITEM, 0.9, "웅진 줄넘기 ~교실 특강 방학특강 썸머스쿨 영어캠프"),
    ("kids", ITEM, 0.95, "하기스 팸퍼스 보솜이 마미포코 킨도 압타밀 타요"),
    ("pets", DEFINING, 0.95, "로얄캐닌 오리젠"),
    ("finance", ITEM, 0.9, "irp 해외송금"),
    # --- the rest of each category's everyday words: pantry, drinks by brand, sweets, fixtures, gear ---
    (
        "food",
        ITEM,
        0.9,
        """
        짜빠구리 불닭 불닭볶음면 묵은지 콩자반 깍두기 동치미 무생채 도토리묵 청포묵 =유부 곤약 까르보나라 알리오올리오
        고르곤졸라 마르게리따 페퍼로니 닭다리 닭안심 훈제오리 오리백숙 백숙 흑염소 낙곱새 특수부위 요플레 야쿠르트
        마가린 =꿀 올리고당 물엿 맛술 미림 액젓 고춧가루 후추 전분 빵가루 다시다 미원 스리라차 핫소스 머스타드 드레싱
        =마요 케찹 ~소스 가래떡 떡국떡 떡볶이떡 쌀떡 밀떡 리챔 비엔나 꽁치캔 옥수수캔 즉석국 컵반 레토르트 너겟 교자
        보드카 데킬라 고량주 청하 매화수 복분자주 처음처럼 참이슬 진로 카스 =테라 켈리 하이네켄 버드와이저 칭따오
        아사히 기네스 편맥 아시안 멕시칸 코스요리 무한리필 ~음식
        """,
    ),
    ("food", PLACE, 0.85, "비비고 풀무원 오뚜기 농심 청정원 동원 하림 목우촌"),
    (
        "cafe",
        ITEM,
        0.9,
        """
        쿠키앤크림 레몬티 자몽티 유자티 그린티 에클레어 뺑오쇼콜라 시나몬롤 앙버터 카스텔라 가토쇼콜라 레드벨벳
        다쿠아즈 송편 백설기 모찌 경단 설레임 빠삐코 누가바 죠스바 스크류바 구구콘 부라보콘 빵빠레 젤라토 스낵 캔디
        쫀드기 뻥튀기 프레첼
        """,
    ),
    ("transport", ITEM, 0.9, "타슈 어울링 누비자 모노레일"),
    ("car", ITEM, 0.9, "가스충전 전기충전 틴팅 핸들커버 시트커버 차량용방향제 보험수리"),
    # A car's own parts, named with the car (차 에어컨 수리, 자동차 배터리): not the home's appliance.
    (
        "car",
        ITEM,
        0.95,
        """
        차에어컨 자동차에어컨 차량에어컨 차배터리 자동차배터리 차량배터리 차키 자동차키 스마트키 차유리 앞유리
        차시트 차량시트 차문 차청소 차량청소
        """,
    ),
    ("housing", ITEM, 0.9, "리모델링 누수 배관 전기공사 방수공사 승강기"),
    (
        "living",
        ITEM,
        0.9,
        """
        구강청결제 면도크림 탐폰 팬티라이너 위생백 접착제 =본드 =가위 머그 =포크 집게 쟁반 믹싱볼 블렌더 온풍기 담요
        모기향 헤어드라이어 드라이어
        """,
    ),
    (
        "shopping",
        ITEM,
        0.9,
        "물놀이용품 물놀이튜브 =튜브 구명조끼 물안경 수경 한복 설빔 =후드 파자마 쪼리 버킷햇 머리띠 데스크탑",
    ),
    ("beauty", ITEM, 0.9, "=페디 업스타일 경락 에멀젼 글로스 브로우 리무버 필링 스크럽 =두피"),
    ("health", ITEM, 0.9, "지사제 수면제 프로폴리스 태보 에어로빅"),
    ("culture", ITEM, 0.9, "바이브 엑스박스 팝업스토어 마라톤 도자기"),
    ("travel", ITEM, 0.85, "=가이드"),
    ("education", ITEM, 0.9, "체육복 텝스 한국사 졸업앨범"),
    ("kids", ITEM, 0.9, "힙시트 우주복 그림책 등하원 블럭"),
    ("pets", DEFINING, 0.95, "이동장 애견유치원 강아지유치원 펫유치원 펫시터"),
    ("finance", ITEM, 0.9, "isa"),
    # Cash taken out is spent on something the ledger cannot see.
    ("other", ITEM, 0.8, "인출 현금인출 atm인출 현금출금"),
    # Raw fish by its fish (a compound ending in 회 is as often a meeting: 대회, 총회, 동창회).
    (
        "food",
        ITEM,
        0.9,
        """
        생선회 활어회 모듬회 모둠회 광어회 우럭회 연어회 참치회 숭어회 도다리회 전어회 한치회 오징어회 회포장 회센터
        """,
    ),
    ("culture", ITEM, 0.85, "대회 연주회 발표회 시사회 박람회 문화재 극장판 낚시터"),
    ("events", ITEM, 0.85, "입학식 졸업식 이바지 이바지음식"),
    # A wedding or a funeral named by itself is the money brought to it (동료 결혼 5만, 친구 부친상 10만).
    ("events", ITEM, 0.9, "=결혼 =장례 부고 부친상 모친상 빙부상 빙모상 조부상 조모상 시부상 시모상"),
    ("shopping", ITEM, 0.9, "다이아몬드 그레고리 카카오프렌즈"),
    ("food", ITEM, 0.9, "바지락 옥수수 연근 우엉 도라지 고사리 나물 쑥갓 열무"),
    ("pets", ITEM, 0.85, "물고기"),
    ("health", ITEM, 0.85, "발기부전"),
    # Living money sent to parents or in-laws is an allowance given, not the household's own spending.
    (
        "events",
        ITEM,
        0.9,
        """
        부모님생활비 시댁생활비 친정생활비 시부모님생활비 엄마생활비 아빠생활비 어머니생활비
        아버지생활비 어머님생활비 아버님생활비 장모님생활비 장인어른생활비 할머니생활비 할아버지생활비
        """,
    ),
    ("events", DEFINING, 0.9, "구세군 자선냄비 기아대책 컴패션 국경없는의사회 그린피스 적십자"),
    # --- other ---
    ("other", ITEM, 0.85, "담배 전자담배 액상 로또 복권 스포츠토토 택배 택배비 우체국 등기 우편 퀵 퀵서비스"),
    ("other", ITEM, 0.75, "=팁 =기타 잡비 회비 모임비 곗돈 벌금 생활비"),
    ("other", ITEM, 0.8, "동창회 동호회 친목회 반상회 학부모회 계모임 향우회 종친회"),
)

_INCOME_RULES: tuple[tuple[str, int, float, str], ...] = (
    (
        "salary",
        ITEM,
        0.95,
        """
        월급 급여 급료 봉급 상여 상여금 보너스 성과급 인센티브 연봉 주급 명절상여 연차수당 야근수당 초과근무수당
        퇴직금 월급날
        """,
    ),
    ("salary", ITEM, 0.8, "수당 회사"),
    # The employer's holiday money (떡값 나옴, 명절비 받음); spent, the same words are the holiday's.
    ("salary", ITEM, 0.85, "떡값 명절비 휴가비"),
    (
        "side_income",
        ITEM,
        0.95,
        """
        용역비 강의료 강연료 강사료 원고료 인세 과외비 중고 당근마켓 당근
        번개장터 중고나라 판매 팔았 팔아서 팔아 용돈 세뱃돈 애드센스 배달대행 쿠팡플렉스 부수입 사례비 출연료 수고비
        일당 시급 크몽 숨고 리셀 배민커넥트
        """,
    ),
    # Part-time and freelance work is side income even when paid as a 월급 (알바 월급, 부업 급여).
    ("side_income", DEFINING, 0.95, "알바 알바비 아르바이트 부업 프리랜서 외주"),
    ("side_income", ITEM, 0.8, "과외 대리운전 블로그 유튜브 레슨비 =팜 주심 주셨"),
    (
        "financial_income",
        ITEM,
        0.95,
        """
        이자 예금이자 적금이자 투자수익 매매차익 차익 수익 만기 매도 적금 예금 적금만기 예금만기 이자수익
        """,
    ),
    # Shares, coins and funds sold are investment gains, not second-hand sales (주식 팔아서 수익).
    ("financial_income", DEFINING, 0.95, "배당 배당금 주식 코인 펀드 etf 채권 리츠 분배금"),
    (
        "other_income",
        ITEM,
        0.95,
        """
        환급 환급금 환불 캐시백 페이백 지원금 보조금 장려금 당첨 상금 로또 보험금 축의금 부의금 조의금 아동수당
        부모급여 양육수당 연금 국민연금 월세 임대료 리워드 연말정산 재난지원금 근로장려금 적립금
        """,
    ),
    ("other_income", ITEM, 0.75, "선물 상품권 포인트 =기타 돌려받음"),
    ("other_income", CONTEXT, 0.75, "정산 더치페이 적립"),
    ("other_income", CONTEXT, 0.7, "=받음 =입금 들어옴 들어온"),
)

# A meal joined to another item by 랑/하고/+ (점심이랑 커피) is the bigger part of the bill.
_MEAL_JOINED_RE = re.compile(r"(점심|저녁|아침|야식|식사|밥)\s*(?:이랑|랑|하고|과|와|및|그리고|[+,&/])")
_FOOD_OVER_CAFE = 0.75
_RIDES = r"(?:택시|버스|지하철|전철|기차|열차|ktx|srt|고속버스|시외버스|따릉이|킥보드)"
# Taking or fetching someone by taxi is the fare too (학원 데려다주고 택시, 택시로 애 데리러 감).
_RODE_RE = re.compile(rf"{_RIDES}\s?타고|(?:데려다|데리러|태워다).*{_RIDES}|{_RIDES}.*(?:데려다|데리러|태워다)")
_PET_OVER_KIDS = 0.85
_FOR_KIDS_TOO = frozenset(("shopping", "living", "beauty"))
_AMBIGUOUS = 0.6

# Particles a word may carry in a "=word" rule: 옷을, 약값, 술집, 책이랑.
_WORD_TAILS = frozenset(
    (
        *("값", "비", "집", "류", "들", "거", "것", "을", "를", "이", "가", "은", "는", "도", "만", "랑"),
        *("이랑", "하고", "에", "에서", "으로", "로", "과", "와", "의", "좀", "값이", "값은", "사러", "사고"),
    )
)
# Not 로: too many names end in it (유니클로, 종로).
_PARTICLES = (
    "에서는",
    "에서",
    "으로",
    "이랑",
    "하고",
    "한테",
    "에게",
    "까지",
    "부터",
    "처럼",
    "랑",
    "을",
    "를",
    "은",
    "는",
    "에",
)
_MAX_MEMO = 300  # ledger memos are short; the head of a pasted essay is enough
_MAX_WORD = 12
# A compound is a kind of its last word (소금빵, 광어회) only when short: a long name ending in 회 or 떡
# (유니세프한국위원회, 한국사회복지협의회) is an organisation's, not a dish.
_MAX_COMPOUND_HEAD = 4

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_PLUS_WORDS = (
    (re.compile(r"디즈니\s*\+"), "디즈니플러스 "),
    (re.compile(r"(?<![a-z])(lg)?\s?u\s?\+"), r"\1uplus "),
    (re.compile(r"애플\s?tv\s?\+|apple\s?tv\s?\+"), "애플tv "),
)
# Pictographs people type instead of the word; they become the word, so ☕ and 커피 share a key.
_PICTOGRAPHS = str.maketrans(
    {
        **dict.fromkeys("☕🍵🧋", " 커피 "),
        **dict.fromkeys("🍗🍕🍔🍜🍣🍱🍚🍝🍲🥘🌭🌮🥗🍖🥩🍤🍙🍛", " 식사 "),
        **dict.fromkeys("🍺🍻🍷🍶🥂🍸🥃", " 술 "),
        **dict.fromkeys("🍰🎂🍞🥐🍩🍪🍦🍨🧁🥯🥨", " 디저트 "),
        **dict.fromkeys("🚕🚖", " 택시 "),
        **dict.fromkeys("🚌🚍", " 버스 "),
        **dict.fromkeys("🚇🚆🚄🚅🚃", " 지하철 "),
        **dict.fromkeys("⛽", " 주유 "),
        **dict.fromkeys("💊🏥💉", " 병원 "),
        **dict.fromkeys("🎬🍿", " 영화 "),
        **dict.fromkeys("✈🛫🏨", " 여행 "),
        **dict.fromkeys("🐶🐕🐱🐈", " 반려동물 "),
        **dict.fromkeys("🎁💐", " 선물 "),
        **dict.fromkeys("💇💅💄", " 미용 "),
        **dict.fromkeys("👕👗👖👟👠👜🧥", " 의류 "),
        **dict.fromkeys("🛒", " 장보기 "),
        **dict.fromkeys("📚📖", " 책 "),
        **dict.fromkeys("🎮", " 게임 "),
        **dict.fromkeys("👶🍼", " 육아 "),
    }
)
_NOT_WORD_RE = re.compile(r"[^\w\s]|_")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class KeywordMatch:
    slug: str  # one of the 21 default slugs
    confidence: float  # 0..1; >= CONFIDENT means "sure enough, do not ask an LLM"
    keyword: str  # the keyword that matched


@dataclass(frozen=True, slots=True)
class _Rule:
    slug: str
    tier: int
    confidence: float
    keyword: str


@dataclass(frozen=True, slots=True)
class _Table:
    anywhere: dict[str, _Rule]
    whole: dict[str, _Rule]
    ending: dict[str, _Rule]
    latin: dict[str, _Rule]
    latin_re: re.Pattern[str] | None


def _build(rules) -> _Table:
    anywhere: dict[str, _Rule] = {}
    whole: dict[str, _Rule] = {}
    ending: dict[str, _Rule] = {}
    latin: dict[str, _Rule] = {}
    for slug, tier, confidence, words in rules:
        for word in words.split():
            if word.startswith("="):
                whole[word[1:]] = _Rule(slug, tier, confidence, word[1:])
            elif word.startswith("~"):
                whole[word[1:]] = ending[word[1:]] = _Rule(slug, tier, confidence, word[1:])
            elif word.replace("_", "").isascii():
                key = word.replace("_", " ")
                latin[key] = _Rule(slug, tier, confidence, key)
            else:
                anywhere[word] = rule = _Rule(slug, tier, confidence, word)
                # A memo's words lose what looks like a particle (레스토랑 → 레스토, 휘낭시에 → 휘낭시), so a
                # keyword ending like one is also known by what is left of it.
                stripped = _strip_particle(word)
                if stripped != word:
                    (anywhere if len(stripped) >= 3 else whole).setdefault(stripped, rule)
    latin_re = None
    if latin:
        alternation = "|".join(re.escape(w) for w in sorted(latin, key=len, reverse=True))
        latin_re = re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")
    return _Table(anywhere, whole, ending, latin, latin_re)


def normalize_memo(memo: str) -> str:
    """Lower-case NFC words without punctuation or trailing particles: the cache key of a memo."""
    if not isinstance(memo, str):
        return ""
    text = unicodedata.normalize("NFC", memo[: _MAX_MEMO * 2]).translate(_FULLWIDTH).translate(_PICTOGRAPHS).lower()
    for pattern, replacement in _PLUS_WORDS:
        text = pattern.sub(replacement, text)
    text = _NOT_WORD_RE.sub(" ", text)
    tokens = [_strip_particle(t) for t in _SPACE_RE.split(text) if t]
    return " ".join(t for t in tokens if t)


def _strip_particle(token: str) -> str:
    # Two-letter words keep their last letter: 사과, 휴가, 가을 are words, not word + particle.
    # Strip until nothing is left to strip, so that normalizing a key again changes nothing.
    stripped = True
    while stripped and len(token) >= 3:
        stripped = False
        for particle in _PARTICLES:
            if token.endswith(particle) and len(token) - len(particle) >= 2:
                token = token[: -len(particle)]
                stripped = True
                break
    return token


# Words that hold a keyword without being one (청소년 holds 청소, 드라이브 holds 드라이, 캔버스 holds 버스):
# found like keywords, they hide what lies inside them and then count for nothing.
_NOT_KEYWORDS = """
    청소년 스마트 드라이브 드라이브스루 수컷 암컷 실컷 캔버스 유니버스 리버스 프렌즈 남양주 콜라보 스캔들 소비자 용의자
    장본인 사회 기회 위원회 협회 총회 의회 국회 후회 학회 집회 조회 모자라 로펌 개회식 자기부담 자기부담금
"""
_NOTHING = ""


class _Tables(Mapping):
    """The rule tables by kind, built on first use: a process that never categorises (a health check,
    beat) does not pay for them at start."""

    def __init__(self):
        self._built: dict[str, _Table] | None = None

    def _tables(self) -> dict[str, _Table]:
        if self._built is None:
            self._built = {
                kind: _build((*rules, (_NOTHING, CONTEXT, 0.0, _NOT_KEYWORDS)))
                for kind, rules in ((EXPENSE, _EXPENSE_RULES), (INCOME, _INCOME_RULES))
            }
        return self._built

    def __getitem__(self, kind: str) -> _Table:
        return self._tables()[kind]

    def __iter__(self):
        return iter(self._tables())

    def __len__(self) -> int:
        return len(self._tables())


_TABLES = _Tables()
_SLUGS = {
    EXPENSE: frozenset(r[0] for r in _EXPENSE_RULES) | {"other"},
    INCOME: frozenset(r[0] for r in _INCOME_RULES),
}


@dataclass(frozen=True, slots=True)
class _Hit:
    rule: _Rule
    start: int  # in the memo with spaces removed
    end: int
    weight: int  # length that counts: a compound ending in its head word weighs the whole compound
    derived: bool = False  # found through the end of a compound (소금빵 through 빵)


def _hits(text: str, table: _Table) -> list[_Hit]:
    hits: list[_Hit] = []
    tokens = text.split(" ")
    joined = "".join(tokens)
    token_of: list[int] = []
    offsets: list[int] = []
    pos = 0
    for i, tok in enumerate(tokens):
        offsets.append(pos)
        token_of.extend([i] * len(tok))
        pos += len(tok)
    n = len(joined)
    starts = [k == 0 or token_of[k - 1] != token_of[k] for k in range(n)]
    ends = [k == n - 1 or token_of[k + 1] != token_of[k] for k in range(n)]
    anywhere = table.anywhere
    for i in range(n):
        for size in range(1, min(_MAX_WORD, n - i) + 1):
            rule = anywhere.get(joined[i : i + size])
            if rule is None:
                continue
            # Across a space a word must join whole words (휴대폰 요금 → 휴대폰요금); the end of one
            # word and the start of the next (이유식 재료 → 식재료) is chance.
            if token_of[i] != token_of[i + size - 1] and not (starts[i] and ends[i + size - 1]):
                continue
            hits.append(_Hit(rule, i, i + size, size))
    for i, tok in enumerate(tokens):
        hits.extend(_token_hits(tok, offsets[i], table))
    if table.latin_re is not None:
        spaced_to_joined = _spaced_index(text)
        for m in table.latin_re.finditer(text):
            rule = table.latin[m.group()]
            start = spaced_to_joined[m.start()]
            hits.append(_Hit(rule, start, start + len(m.group().replace(" ", "")), len(m.group())))
    return hits


def _token_hits(token: str, offset: int, table: _Table) -> list[_Hit]:
    hits = []
    for size in range(1, min(len(token), _MAX_WORD) + 1):
        rule = table.whole.get(token[:size])
        if rule is not None and (size == len(token) or token[size:] in _WORD_TAILS):
            hits.append(_Hit(rule, offset, offset + size, size))
    for size in range(1, min(len(token), _MAX_WORD)):
        rule = table.ending.get(token[-size:])
        # Only a word can head a compound: 광어회 is raw fish, 10회 is ten times.
        if rule is not None and _all_hangul(token[:-size]) and len(token) - size <= _MAX_COMPOUND_HEAD:
            hits.append(_Hit(rule, offset, offset + len(token), len(token), derived=True))
    return hits


def _all_hangul(text: str) -> bool:
    return all("가" <= ch <= "힣" for ch in text)


def _spaced_index(text: str) -> list[int]:
    out = []
    j = 0
    for ch in text:
        out.append(j)
        if ch != " ":
            j += 1
    out.append(j)
    return out


def match_keywords(memo: str, kind: str) -> KeywordMatch | None:
    """The built-in rule that fits `memo` best among the categories of `kind`, or None."""
    table = _TABLES.get(kind)
    if table is None or not isinstance(memo, str):
        return None
    text = _merchant_words(normalize_memo(memo[:_MAX_MEMO]))
    if _DENIALS_RE.search(text):
        text = _undenied(text)
    if not text:
        return None
    hits = [h for h in _outermost(_hits(text, table)) if h.rule.slug]
    if not hits:
        return None
    if kind == EXPENSE:
        hits = _promote_joined_meal(memo, hits)
        if _RODE_RE.search(text):
            # 택시 타고 병원 감: the fare is what was paid, the place is where it went.
            hits = [h for h in hits if h.rule.slug == "transport"] or hits
    best = max(hits, key=lambda h: (h.rule.tier, h.weight, h.rule.confidence, h.end))
    rule = best.rule
    slug, confidence = rule.slug, rule.confidence
    rivals = {h.rule.slug for h in hits if h.rule.tier == rule.tier and h.weight == best.weight} - {slug}
    if rivals:
        if {slug, *rivals} == {"food", "cafe"}:
            if slug != "food":
                rule = next(h.rule for h in hits if h.rule.slug == "food" and h.weight == best.weight)
            slug, confidence = "food", min(rule.confidence, _FOOD_OVER_CAFE)
        elif {slug, *rivals} == {"pets", "kids"}:
            # 강아지 장난감, 고양이 장난감: a pet's toy is the pet's.
            slug, confidence = "pets", _PET_OVER_KIDS
        else:
            confidence = min(confidence, _AMBIGUOUS)
    elif slug == "kids" and (pet := next((h for h in hits if h.rule.slug == "pets" and h.rule.tier == DEFINING), None)):
        # A pet's toy, stroller or diaper is the pet's, however long the kid word (펫샵 장난감, 강아지 유모차).
        rule, slug, confidence = pet.rule, "pets", _PET_OVER_KIDS
    if slug in _FOR_KIDS_TOO and any(h.rule.slug == "kids" for h in hits):
        # A kid word next to clothes, shoes, toys or toiletries makes them the kids' (아이 옷, 아기 로션).
        slug, confidence = "kids", 0.8
    return KeywordMatch(slug=slug, confidence=confidence, keyword=rule.keyword)


# A company's legal form says nothing of what it sells, and 주식회사 holds 주식 (stocks).
_COMPANY_RE = re.compile(r"주식회사|유한회사|유한책임회사|합자회사|사단법인|재단법인")


# Shop words that end in 점 name what is sold (편의점, 정육점); any other word ending in 점 after the
# shop's name is its branch (스타벅스 역삼점, 이마트 제주점) and says nothing of the category. Two-letter
# ones count only as the whole word: 제주점, 광주점 and 청주점 are branches, not 주점 (pubs).
@functools.cache
def _shop_jeom() -> tuple[frozenset[str], tuple[str, ...]]:
    words = frozenset(w for t in _TABLES.values() for w in (*t.anywhere, *t.whole) if w.endswith("점"))
    return words, tuple(sorted((w for w in words if len(w) >= 3), key=len, reverse=True))


def _merchant_words(text: str) -> str:
    if "회사" in text or "법인" in text:
        text = _SPACE_RE.sub(" ", _COMPANY_RE.sub(" ", text)).strip()
    if "점" not in text:
        return text
    tokens = text.split(" ")
    kept = [tokens[0]] + [t for t in tokens[1:] if not _is_branch(t)]
    return " ".join(kept)


def _is_branch(token: str) -> bool:
    if not token.endswith("점"):
        return False
    words, endings = _shop_jeom()
    return token not in words and not token.endswith(endings)


# "A 말고 B", "A 아니고 B", "A 빼고": A is named only to say it is not what was bought. Not 대신: "A 대신 냄"
# is A paid for someone else.
_DENIALS = frozenset(("말고", "아니고", "아님", "빼고"))
_DENIALS_RE = re.compile("|".join(_DENIALS))


def _undenied(text: str) -> str:
    tokens = text.split(" ")
    denied = set()
    for i, token in enumerate(tokens):
        if token in _DENIALS:
            denied.update((i - 1, i))
        elif token.endswith(tuple(_DENIALS)):  # written together: 샌드위치말고
            denied.add(i)
    return " ".join(t for i, t in enumerate(tokens) if i not in denied)


def _outermost(hits: list[_Hit]) -> list[_Hit]:
    """Drop a match that lies inside a longer one: 카페 inside 키즈카페, 커트 inside 스커트.

    A compound named by its own rule (전시회) also beats the one found through its last word (회).
    """
    out = []
    for h in hits:
        inside = any(
            o is not h
            and o.start <= h.start
            and h.end <= o.end
            and ((o.end - o.start) > (h.end - h.start) or (h.derived and not o.derived))
            for o in hits
        )
        if not inside:
            out.append(h)
    return out


def _promote_joined_meal(memo: str, hits: list[_Hit]) -> list[_Hit]:
    if not _MEAL_JOINED_RE.search(memo):
        return hits
    return [
        _Hit(_Rule(h.rule.slug, ITEM, min(h.rule.confidence, 0.8), h.rule.keyword), h.start, h.end, h.weight)
        if h.rule.tier == CONTEXT and h.rule.slug == "food"
        else h
        for h in hits
    ]


def slugs_for(kind: str) -> frozenset[str]:
    """The slugs the rules can return for `kind` (for tests and admin help)."""
    return _SLUGS.get(kind, frozenset())
