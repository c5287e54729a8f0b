"""Static material the demo generator draws from: origins, institutions, employers, places.

Ranked universities and companies come from the reference lists in the database; everything here
complements them with names a reviewer would expect to see (national universities that are not in
a top-100 list, research institutes, Korean industrial districts).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a generated person comes from: the Faker locale for names and the facts around it."""

    locale: str
    country: str
    calling_code: str
    native_language: str  # a talent.enums.SpokenLanguage value
    weight: int
    korean_heritage_share: float = 0.0  # share of people with a Korean family name and a Hangul name


# Weights follow roughly who applies for Korean high-tech visas: China, India, Vietnam, Uzbekistan
# and the United States first, then Europe and the rest of Asia.
ORIGINS: tuple[Origin, ...] = (
    Origin("zh_CN", "CN", "86", "zh", 16, 0.06),
    Origin("en_IN", "IN", "91", "hi", 14),
    Origin("vi_VN", "VN", "84", "vi", 11),
    Origin("en_US", "US", "1", "en", 9, 0.10),
    Origin("uz_UZ", "UZ", "998", "uz", 6, 0.12),
    Origin("id_ID", "ID", "62", "id", 5),
    Origin("ja_JP", "JP", "81", "ja", 5, 0.03),
    Origin("ru_RU", "RU", "7", "ru", 5, 0.08),
    Origin("de_DE", "DE", "49", "de", 4),
    Origin("fr_FR", "FR", "33", "fr", 3),
    Origin("en_GB", "GB", "44", "en", 3),
    Origin("en_CA", "CA", "1", "en", 3, 0.08),
    Origin("es_ES", "ES", "34", "es", 2),
    Origin("pt_BR", "BR", "55", "pt", 2),
    Origin("tr_TR", "TR", "90", "tr", 2),
    Origin("pl_PL", "PL", "48", "pl", 2),
    Origin("it_IT", "IT", "39", "it", 2),
    Origin("uk_UA", "UA", "380", "uk", 2),
    Origin("en_AU", "AU", "61", "en", 2, 0.05),
    Origin("es_MX", "MX", "52", "es", 1),
    Origin("fa_IR", "IR", "98", "fa", 1),
)

# Spoken languages the profile model knows; Ukrainian speakers are recorded with Russian only when
# they say so, so Ukrainian falls back to no native entry.
KNOWN_SPOKEN_LANGUAGES = frozenset(
    {
        "ko",
        "en",
        "zh",
        "ja",
        "vi",
        "hi",
        "de",
        "fr",
        "es",
        "ru",
        "ar",
        "id",
        "th",
        "uz",
        "mn",
        "pt",
        "it",
        "tr",
        "pl",
        "fa",
    }
)

# Korean family names and given names with their usual romanisation, for people of Korean
# heritage abroad (Korean Americans, Koryo-saram in Uzbekistan and Russia, Korean Chinese).
KOREAN_FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("김", "Kim"),
    ("이", "Lee"),
    ("박", "Park"),
    ("최", "Choi"),
    ("정", "Jung"),
    ("강", "Kang"),
    ("조", "Cho"),
    ("윤", "Yoon"),
    ("장", "Jang"),
    ("임", "Lim"),
    ("한", "Han"),
    ("오", "Oh"),
    ("서", "Seo"),
    ("신", "Shin"),
    ("권", "Kwon"),
    ("황", "Hwang"),
    ("안", "Ahn"),
    ("송", "Song"),
)
KOREAN_GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("민준", "Min-jun"),
    ("서연", "Seo-yeon"),
    ("지훈", "Ji-hoon"),
    ("수빈", "Su-bin"),
    ("현우", "Hyun-woo"),
    ("지민", "Ji-min"),
    ("예린", "Ye-rin"),
    ("도윤", "Do-yoon"),
    ("하은", "Ha-eun"),
    ("준호", "Jun-ho"),
    ("유진", "Yu-jin"),
    ("성민", "Sung-min"),
    ("다은", "Da-eun"),
    ("태현", "Tae-hyun"),
    ("소희", "So-hee"),
    ("재원", "Jae-won"),
    ("혜진", "Hye-jin"),
    ("승우", "Seung-woo"),
    ("나연", "Na-yeon"),
    ("동현", "Dong-hyun"),
)

# National universities outside the top-100 lists, by country, so that not everybody is an Ivy
# League graduate and the "top 100" test has realistic misses.
UNIVERSITIES_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "CN": (
        "Harbin Institute of Technology",
        "Xi'an Jiaotong University",
        "Beihang University",
        "Southeast University",
        "Tianjin University",
        "Sichuan University",
    ),
    "IN": (
        "Indian Institute of Technology Bombay",
        "Indian Institute of Technology Madras",
        "Indian Institute of Science",
        "Anna University",
        "Vellore Institute of Technology",
        "Birla Institute of Technology and Science, Pilani",
    ),
    "VN": (
        "Hanoi University of Science and Technology",
        "Vietnam National University, Hanoi",
        "Ho Chi Minh City University of Technology",
        "Da Nang University of Science and Technology",
    ),
    "US": (
        "Purdue University",
        "Georgia Institute of Technology",
        "University of Texas at Austin",
        "Arizona State University",
        "Rensselaer Polytechnic Institute",
    ),
    "UZ": (
        "Tashkent University of Information Technologies",
        "National University of Uzbekistan",
        "Inha University in Tashkent",
        "Tashkent State Technical University",
    ),
    "ID": (
        "Institut Teknologi Bandung",
        "Universitas Indonesia",
        "Universitas Gadjah Mada",
        "Institut Teknologi Sepuluh Nopember",
    ),
    "JP": ("Tohoku University", "Osaka University", "Nagoya University", "Kyushu University"),
    "RU": (
        "Bauman Moscow State Technical University",
        "Moscow Institute of Physics and Technology",
        "Novosibirsk State University",
        "ITMO University",
    ),
    "DE": ("RWTH Aachen University", "Karlsruhe Institute of Technology", "TU Dresden", "University of Stuttgart"),
    "FR": ("Grenoble INP", "Université de Lyon", "INSA Toulouse", "Université de Lille"),
    "GB": ("University of Manchester", "University of Bristol", "University of Southampton", "University of Sheffield"),
    "CA": ("University of Waterloo", "McGill University", "University of Alberta"),
    "ES": ("Universidad Politécnica de Madrid", "Universitat Politècnica de Catalunya", "Universidad de Granada"),
    "BR": ("Universidade de São Paulo", "Universidade Estadual de Campinas", "Instituto Tecnológico de Aeronáutica"),
    "TR": ("Middle East Technical University", "Istanbul Technical University", "Boğaziçi University"),
    "PL": (
        "Warsaw University of Technology",
        "AGH University of Krakow",
        "Wrocław University of Science and Technology",
    ),
    "IT": ("Politecnico di Milano", "Politecnico di Torino", "University of Bologna"),
    "UA": (
        "Igor Sikorsky Kyiv Polytechnic Institute",
        "Lviv Polytechnic National University",
        "Kharkiv Polytechnic Institute",
    ),
    "AU": ("University of New South Wales", "Monash University", "University of Queensland"),
    "MX": ("Instituto Politécnico Nacional", "Tecnológico de Monterrey", "Universidad Nacional Autónoma de México"),
    "IR": ("Sharif University of Technology", "University of Tehran", "Amirkabir University of Technology"),
    "KR": ("Sungkyunkwan University", "Hanyang University", "UNIST", "GIST", "DGIST", "Kyungpook National University"),
}

# The five Korean universities whose graduates count as top-100 equivalents for the K-Tech Pass.
KOREAN_EQUIVALENT_UNIVERSITIES: tuple[str, ...] = (
    "Seoul National University",
    "KAIST",
    "Yonsei University",
    "Korea University",
    "POSTECH",
)

RESEARCH_INSTITUTES: tuple[tuple[str, str], ...] = (
    ("Fraunhofer Institute for Integrated Systems and Device Technology", "DE"),
    ("Max Planck Institute for Intelligent Systems", "DE"),
    ("Max Planck Institute of Biochemistry", "DE"),
    ("CNRS", "FR"),
    ("CEA-Leti", "FR"),
    ("imec", "BE"),
    ("RIKEN", "JP"),
    ("National Institute of Advanced Industrial Science and Technology (AIST)", "JP"),
    ("KIST (Korea Institute of Science and Technology)", "KR"),
    ("ETRI (Electronics and Telecommunications Research Institute)", "KR"),
    ("KRISS (Korea Research Institute of Standards and Science)", "KR"),
    ("Korea Institute of Machinery and Materials", "KR"),
    ("Argonne National Laboratory", "US"),
    ("Lawrence Berkeley National Laboratory", "US"),
    ("National Institute of Standards and Technology", "US"),
    ("Chinese Academy of Sciences", "CN"),
    ("A*STAR Institute of Microelectronics", "SG"),
    ("CSIRO", "AU"),
    ("TNO", "NL"),
    ("Paul Scherrer Institute", "CH"),
)

GOVERNMENT_BODIES: tuple[tuple[str, str], ...] = (
    ("European Commission Joint Research Centre", "BE"),
    ("Agency for Defense Development", "KR"),
    ("Japan Aerospace Exploration Agency", "JP"),
    ("Ministry of Science and Technology", "VN"),
    ("Defence Science and Technology Group", "AU"),
)

# Employers known in each industry, in addition to the ranked global companies.
INDUSTRY_EMPLOYERS: dict[str, tuple[tuple[str, str], ...]] = {
    "semiconductor": (
        ("Samsung Electronics", "KR"),
        ("SK hynix", "KR"),
        ("Intel", "US"),
        ("ASML", "NL"),
        ("Infineon Technologies", "DE"),
        ("Micron Technology", "US"),
        ("Applied Materials", "US"),
        ("GlobalFoundries", "US"),
        ("Tokyo Electron", "JP"),
    ),
    "display": (
        ("LG Display", "KR"),
        ("Samsung Display", "KR"),
        ("BOE Technology", "CN"),
        ("Sharp", "JP"),
        ("Universal Display Corporation", "US"),
    ),
    "secondary_battery": (
        ("LG Energy Solution", "KR"),
        ("Samsung SDI", "KR"),
        ("SK On", "KR"),
        ("CATL", "CN"),
        ("Panasonic Energy", "JP"),
        ("Northvolt", "SE"),
        ("Umicore", "BE"),
    ),
    "bio": (
        ("Samsung Biologics", "KR"),
        ("Celltrion", "KR"),
        ("Roche", "CH"),
        ("Novartis", "CH"),
        ("Pfizer", "US"),
        ("Lonza", "CH"),
        ("WuXi Biologics", "CN"),
    ),
    "robotics": (
        ("Doosan Robotics", "KR"),
        ("Rainbow Robotics", "KR"),
        ("Boston Dynamics", "US"),
        ("ABB Robotics", "CH"),
        ("FANUC", "JP"),
        ("KUKA", "DE"),
    ),
    "defence": (
        ("Hanwha Aerospace", "KR"),
        ("LIG Nex1", "KR"),
        ("Korea Aerospace Industries", "KR"),
        ("Thales", "FR"),
        ("Rheinmetall", "DE"),
        ("Lockheed Martin", "US"),
        ("Airbus Defence and Space", "DE"),
    ),
    "ai": (
        ("Naver", "KR"),
        ("Kakao", "KR"),
        ("LG AI Research", "KR"),
        ("Upstage", "KR"),
        ("Google DeepMind", "GB"),
        ("Baidu", "CN"),
        ("SAP", "DE"),
        ("Preferred Networks", "JP"),
    ),
    "advanced_mobility": (
        ("Hyundai Motor", "KR"),
        ("Kia", "KR"),
        ("Hyundai Mobis", "KR"),
        ("Robert Bosch", "DE"),
        ("Continental", "DE"),
        ("Valeo", "FR"),
        ("Mobileye", "IL"),
        ("Denso", "JP"),
    ),
}

# Ranked companies (from the Fortune Global 500 reference list) that actually hire engineers in
# these industries; the generator prefers them over retailers and oil majors.
TECH_RANKED_COMPANIES: frozenset[str] = frozenset(
    {
        "Apple",
        "Alphabet",
        "Microsoft",
        "Meta Platforms",
        "Nvidia",
        "Amazon.com",
        "Volkswagen",
        "Toyota Motor",
        "General Motors",
        "Ford Motor",
        "Stellantis",
        "Mercedes-Benz Group",
        "BMW Group",
        "Huawei Investment & Holding",
        "BYD",
        "Tesla",
        "Tencent Holdings",
        "Alibaba Group",
        "Taiwan Semiconductor Manufacturing (TSMC)",
        "Zhejiang Geely Holding Group (reported as 'Geely Automobile')",
        "Chery Automobile",
    }
)

FIELDS_OF_STUDY: dict[str, tuple[str, ...]] = {
    "semiconductor": ("Electrical engineering", "Materials science", "Physics", "Chemical engineering"),
    "display": ("Physics", "Materials science", "Optical engineering", "Electrical engineering"),
    "secondary_battery": ("Chemistry", "Chemical engineering", "Materials science", "Electrochemistry"),
    "bio": ("Biology", "Biochemistry", "Biomedical engineering", "Pharmacy", "Bioinformatics"),
    "robotics": ("Mechanical engineering", "Robotics", "Electrical engineering", "Computer science"),
    "defence": ("Aerospace engineering", "Electrical engineering", "Mechanical engineering", "Physics"),
    "ai": ("Computer science", "Mathematics", "Statistics", "Electrical engineering", "Data science"),
    "advanced_mobility": (
        "Mechanical engineering",
        "Automotive engineering",
        "Electrical engineering",
        "Computer science",
    ),
}

# Share of people whose main field is each of the 8 industries (weights).
INDUSTRY_WEIGHTS: dict[str, int] = {
    "semiconductor": 22,
    "ai": 22,
    "secondary_battery": 12,
    "bio": 12,
    "advanced_mobility": 10,
    "robotics": 9,
    "display": 8,
    "defence": 5,
}

COMPANY_ROLES: tuple[tuple[str, ...], ...] = (
    ("Engineer", "Research engineer", "Software engineer", "Process engineer"),
    ("Senior engineer", "Senior research engineer", "Senior scientist", "Technical lead"),
    ("Principal engineer", "Staff research scientist", "Engineering manager", "R&D group leader"),
    ("Director of R&D", "Chief engineer", "Head of research"),
)
RESEARCH_ROLES: tuple[tuple[str, ...], ...] = (
    ("Research scientist", "Researcher"),
    ("Senior researcher", "Senior research scientist"),
    ("Principal researcher", "Group leader"),
    ("Head of department", "Research director"),
)
UNIVERSITY_ROLES: tuple[tuple[str, ...], ...] = (
    ("Research assistant professor", "Lecturer"),
    ("Assistant professor",),
    ("Associate professor",),
    ("Professor",),
)
GOVERNMENT_ROLES: tuple[tuple[str, ...], ...] = (
    ("Technical officer",),
    ("Senior technical officer",),
    ("Programme manager",),
    ("Chief scientist",),
)

# --- Companies ---------------------------------------------------------------------------------

COMPANY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Hanbit", "한빛"),
    ("Saebit", "새빛"),
    ("Mirae", "미래"),
    ("Nuri", "누리"),
    ("Daon", "다온"),
    ("Haneul", "하늘"),
    ("Gaon", "가온"),
    ("Arum", "아름"),
    ("Bitsaem", "빛샘"),
    ("Sejong", "세종"),
    ("Hanul", "한울"),
    ("Dasol", "다솔"),
    ("Inno", "이노"),
    ("Nexus", "넥서스"),
    ("Quantum", "퀀텀"),
    ("Vision", "비전"),
    ("Daehan", "대한"),
    ("Cheonji", "천지"),
    ("Eunha", "은하"),
    ("Taeyang", "태양"),
    ("Purun", "푸른"),
    ("Hanvit", "한빗"),
    ("Sol", "솔"),
    ("Maru", "마루"),
    ("Garam", "가람"),
    ("Byeol", "별"),
    ("Jinwoo", "진우"),
    ("Seorin", "서린"),
    ("Yeon", "연"),
    ("Doore", "두레"),
    ("Hyeonmu", "현무"),
    ("Cheongryong", "청룡"),
    ("Baekho", "백호"),
    ("Orbit", "오르빗"),
    ("Nova", "노바"),
    ("Prime", "프라임"),
    ("Axis", "액시스"),
    ("Core", "코어"),
    ("Zeta", "제타"),
    ("Luma", "루마"),
)
INDUSTRY_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "semiconductor": (
        ("Semiconductor", "반도체"),
        ("Semitech", "세미텍"),
        ("Silicon", "실리콘"),
        ("Wafer Systems", "웨이퍼시스템즈"),
    ),
    "display": (("Display", "디스플레이"), ("Optronics", "옵트로닉스"), ("Photonics", "포토닉스")),
    "secondary_battery": (
        ("Energy", "에너지"),
        ("Battery", "배터리"),
        ("Cell Materials", "셀머티리얼즈"),
        ("Electrochem", "일렉트로켐"),
    ),
    "bio": (("Bio", "바이오"), ("Biologics", "바이오로직스"), ("Therapeutics", "테라퓨틱스"), ("Genomics", "지노믹스")),
    "robotics": (
        ("Robotics", "로보틱스"),
        ("Robot", "로봇"),
        ("Automation", "오토메이션"),
        ("Mechatronics", "메카트로닉스"),
    ),
    "defence": (
        ("Aerospace", "에어로스페이스"),
        ("Defense Systems", "디펜스시스템"),
        ("Avionics", "항공전자"),
        ("Radar", "레이더"),
    ),
    "ai": (
        ("AI", "에이아이"),
        ("Intelligence", "인텔리전스"),
        ("Data Labs", "데이터랩스"),
        ("Vision AI", "비전에이아이"),
    ),
    "advanced_mobility": (
        ("Mobility", "모빌리티"),
        ("Motors", "모터스"),
        ("Autonomous", "오토노머스"),
        ("Drive Systems", "드라이브시스템즈"),
    ),
}
COMPANY_FORMS: tuple[tuple[str, str], ...] = (
    ("Co., Ltd.", "주식회사 {name}"),
    ("Inc.", "(주){name}"),
    ("Corp.", "{name} 주식회사"),
    ("Co., Ltd.", "(주){name}"),
)

# Industrial districts where the advanced industries cluster: (postal code prefix, address in
# Korean road-name form with a {number} placeholder, industries most often found there).
KOREAN_ADDRESSES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("134", "경기도 성남시 분당구 판교로 {number}", ("ai", "semiconductor", "robotics", "bio")),
    ("134", "경기도 성남시 분당구 대왕판교로 {number}", ("ai", "display", "advanced_mobility")),
    ("183", "경기도 화성시 동탄기흥로 {number}", ("semiconductor", "display")),
    ("171", "경기도 용인시 기흥구 기흥로 {number}", ("semiconductor",)),
    ("174", "경기도 이천시 부발읍 경충대로 {number}", ("semiconductor",)),
    ("306", "대전광역시 유성구 대덕대로 {number}", ("defence", "bio", "ai", "robotics")),
    ("341", "대전광역시 유성구 가정로 {number}", ("ai", "defence", "semiconductor")),
    ("376", "경상북도 포항시 남구 청암로 {number}", ("secondary_battery", "bio")),
    ("395", "경상북도 구미시 1공단로 {number}", ("display", "defence")),
    ("281", "충청북도 청주시 흥덕구 오송생명로 {number}", ("bio", "secondary_battery")),
    ("288", "충청북도 청주시 청원구 오창읍 과학산업로 {number}", ("secondary_battery",)),
    ("219", "인천광역시 연수구 송도과학로 {number}", ("bio", "ai")),
    ("515", "경상남도 창원시 성산구 창원대로 {number}", ("defence", "robotics", "advanced_mobility")),
    ("446", "울산광역시 북구 염포로 {number}", ("advanced_mobility", "secondary_battery")),
    ("083", "서울특별시 구로구 디지털로 {number}", ("ai", "robotics")),
    ("061", "서울특별시 강남구 테헤란로 {number}", ("ai", "bio")),
    ("427", "대구광역시 달성군 현풍읍 테크노중앙대로 {number}", ("robotics", "advanced_mobility")),
    ("620", "광주광역시 광산구 하남산단로 {number}", ("advanced_mobility", "secondary_battery")),
)
ADDRESS_DETAILS: tuple[str, ...] = ("", "2층", "3층", "5층", "A동 4층", "B동 2층", "연구동 1층", "본관 7층")

REJECTION_REASON = (
    "The business registration certificate is issued to a different company name; "
    "please upload the current certificate."
)
VERIFICATION_NOTE = "Checked against the National Tax Service business status service."
