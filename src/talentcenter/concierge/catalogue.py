# ruff: noqa: E501  (bilingual prose: one sentence a line reads better than wrapped strings)
"""The settlement services a fresh database starts with (loaded by migration 0002 and by
``catalogue_load``; staff edit them afterwards in the back office, and a reload never overwrites a
service that exists)."""

from __future__ import annotations

from typing import Any

from talentcenter.concierge.enums import ServiceCategory, Situation

ALL = [Situation.KTECH_PASS, Situation.F2T, Situation.E7, Situation.FAMILY]
HOLDERS = [Situation.KTECH_PASS, Situation.F2T, Situation.E7]

SERVICES: list[dict[str, Any]] = [
    {
        "code": "alien-registration",
        "category": ServiceCategory.IMMIGRATION,
        "situations": ALL,
        "title_en": "Alien registration and visa extension",
        "title_ko": "외국인등록 및 체류기간 연장",
        "summary_en": "Register with the immigration office within 90 days of entry, and extend your stay before it ends.",
        "summary_ko": "입국 후 90일 이내에 출입국·외국인관서에 외국인등록을 하고, 체류기간이 끝나기 전에 연장하세요.",
        "center_help_en": "We book your appointment on HiKorea, check your documents and can accompany you.",
        "center_help_ko": "하이코리아 방문 예약을 대신 잡아 드리고, 서류를 확인하며, 필요하면 동행합니다.",
        "documents_en": "Passport\nOne passport photo (3.5 × 4.5 cm)\nK-Tech Pass certificate or recommendation letter\nEmployment contract\nProof of address in Korea",
        "documents_ko": "여권\n여권용 사진 1매(3.5 × 4.5 cm)\nK-테크패스 인증서 또는 고용추천서\n고용계약서\n국내 체류지 입증 서류",
        "partners_en": "Seoul Immigration Office (Mokdong)\nHiKorea online service",
        "partners_ko": "서울출입국·외국인청(목동)\n하이코리아 온라인 민원",
    },
    {
        "code": "housing",
        "category": ServiceCategory.HOUSING,
        "situations": ALL,
        "title_en": "Finding a home",
        "title_ko": "주거 마련",
        "summary_en": "Short-stay serviced flats on arrival, then a lease on Korean terms (jeonse or monthly rent) with housing loans on domestic terms for F-2-T holders.",
        "summary_ko": "도착 직후 단기 서비스드 레지던스를 거쳐 전세 또는 월세로 계약합니다. F-2-T 소지자는 내국인과 같은 조건으로 주택 대출을 받을 수 있습니다.",
        "center_help_en": "We introduce vetted bilingual estate agents, review the lease with you and check the landlord's registry for liens.",
        "center_help_ko": "검증된 외국어 가능 공인중개사를 소개하고, 계약서를 함께 검토하며, 등기부등본의 권리관계를 확인합니다.",
        "documents_en": "Passport\nAlien registration card (or receipt)\nEmployment contract or proof of income",
        "documents_ko": "여권\n외국인등록증(또는 접수증)\n고용계약서 또는 소득 증빙",
        "partners_en": "Seoul Global Center housing desk\nKorea Housing & Urban Guarantee Corporation (HUG)",
        "partners_ko": "서울글로벌센터 주거 상담\n주택도시보증공사(HUG)",
    },
    {
        "code": "bank-and-phone",
        "category": ServiceCategory.BANKING,
        "situations": ALL,
        "title_en": "Bank account and mobile phone",
        "title_ko": "은행 계좌 및 휴대전화 개통",
        "summary_en": "Open a salary account and a phone contract; both are easier once you have your alien registration card.",
        "summary_ko": "급여 계좌를 열고 휴대전화를 개통하세요. 외국인등록증이 있으면 두 가지 모두 쉬워집니다.",
        "center_help_en": "We tell you which branches serve in English and prepare a letter confirming your employment.",
        "center_help_ko": "외국어 상담이 가능한 지점을 안내하고, 재직 확인 안내문을 준비해 드립니다.",
        "documents_en": "Passport\nAlien registration card\nEmployment certificate",
        "documents_ko": "여권\n외국인등록증\n재직증명서",
        "partners_en": "Partner banks' global desks\nMobile carriers' foreigner service centres",
        "partners_ko": "협력 은행 외국인 전용 창구\n이동통신사 외국인 고객센터",
    },
    {
        "code": "schooling",
        "category": ServiceCategory.SCHOOLING,
        "situations": [Situation.KTECH_PASS, Situation.F2T, Situation.FAMILY],
        "title_en": "Children's schooling",
        "title_ko": "자녀 교육",
        "summary_en": "International schools (pass holders' children are admitted outside the foreign-student quota) or Korean public schools with Korean-language support.",
        "summary_ko": "국제학교(K-테크패스 소지자 자녀는 외국인 정원 외로 입학할 수 있습니다) 또는 한국어 지원이 있는 국공립학교를 선택할 수 있습니다.",
        "center_help_en": "We compare schools near your home and work, ask for places and help with the admission file.",
        "center_help_ko": "집과 직장 가까운 학교를 비교하고, 입학 가능 여부를 문의하며, 입학 서류 준비를 돕습니다.",
        "documents_en": "Child's passport\nFamily relationship certificate (apostilled)\nSchool records of the last two years\nVaccination record",
        "documents_ko": "자녀 여권\n가족관계 증명서(아포스티유)\n최근 2년간 학교 성적증명서\n예방접종 기록",
        "partners_en": "International schools in Seoul, Pangyo and Daejeon\nOffices of education (multicultural support)",
        "partners_ko": "서울·판교·대전 지역 국제학교\n시·도 교육청 다문화 지원",
    },
    {
        "code": "spouse-employment",
        "category": ServiceCategory.SPOUSE_EMPLOYMENT,
        "situations": [Situation.KTECH_PASS, Situation.F2T, Situation.FAMILY],
        "title_en": "Work for your spouse",
        "title_ko": "배우자 취업",
        "summary_en": "The spouse of an F-2-T holder may work in Korea without a separate work permit.",
        "summary_ko": "F-2-T 소지자의 배우자는 별도 허가 없이 국내에서 취업할 수 있습니다.",
        "center_help_en": "We share your spouse's profile with our partner companies (with consent) and point to job fairs.",
        "center_help_ko": "동의를 받아 배우자의 이력을 협력 기업에 소개하고, 채용 박람회를 안내합니다.",
        "documents_en": "Spouse's CV in English or Korean\nMarriage certificate (apostilled)",
        "documents_ko": "배우자 이력서(영문 또는 국문)\n혼인 증명서(아포스티유)",
        "partners_en": "Work24 (Ministry of Employment and Labor)\nKOTRA partner companies",
        "partners_ko": "고용24(고용노동부)\nKOTRA 협력 기업",
    },
    {
        "code": "health-insurance",
        "category": ServiceCategory.HEALTH_INSURANCE,
        "situations": ALL,
        "title_en": "National health insurance",
        "title_ko": "국민건강보험",
        "summary_en": "Employees are insured through their employer from the first day; family members are enrolled after 6 months of stay.",
        "summary_ko": "직장 가입자는 근무 첫날부터 가입됩니다. 가족은 체류 6개월이 지나면 가입됩니다.",
        "center_help_en": "We check your enrolment, add your family as dependants and explain the premiums.",
        "center_help_ko": "가입 여부를 확인하고, 가족을 피부양자로 등록하며, 보험료를 안내합니다.",
        "documents_en": "Alien registration card\nFamily relationship certificate (for dependants)",
        "documents_ko": "외국인등록증\n가족관계 증명서(피부양자 등록 시)",
        "partners_en": "National Health Insurance Service (foreigner centre, 1577-1000)",
        "partners_ko": "국민건강보험공단 외국인 민원센터(1577-1000)",
    },
    {
        "code": "driving-licence",
        "category": ServiceCategory.DRIVING_LICENCE,
        "situations": ALL,
        "title_en": "Driving licence",
        "title_ko": "운전면허",
        "summary_en": "An international driving permit is valid for one year after entry; then exchange your licence for a Korean one.",
        "summary_ko": "국제운전면허증은 입국 후 1년간 유효합니다. 그 뒤에는 한국 면허로 교환하세요.",
        "center_help_en": "We tell you whether your country's licence is exchanged without a test and book the licence office.",
        "center_help_ko": "본국 면허가 시험 없이 교환되는지 안내하고, 운전면허시험장 방문을 예약합니다.",
        "documents_en": "Foreign driving licence with a certified translation\nPassport and alien registration card\nThree photos\nMedical check (at the licence office)",
        "documents_ko": "외국 운전면허증 및 공증 번역본\n여권 및 외국인등록증\n사진 3매\n신체검사(시험장에서 실시)",
        "partners_en": "Korea Road Traffic Authority licence offices",
        "partners_ko": "도로교통공단 운전면허시험장",
    },
    {
        "code": "income-tax-reduction",
        "category": ServiceCategory.TAX,
        "situations": [Situation.KTECH_PASS, Situation.F2T],
        "title_en": "50% income-tax reduction for 10 years",
        "title_ko": "소득세 50% 감면(10년)",
        "summary_en": "K-Tech Pass and F-2-T holders pay half the income tax on their salary for up to 10 years. Apply through your employer by the 10th of the month after you start work.",
        "summary_ko": "K-테크패스 및 F-2-T 소지자는 최대 10년간 근로소득세의 50%를 감면받습니다. 근무를 시작한 달의 다음 달 10일까지 회사를 통해 신청하세요.",
        "center_help_en": "We give your employer's payroll team the application form and the certificate they need.",
        "center_help_ko": "회사 급여 담당자에게 감면 신청서와 필요한 인증서를 안내합니다.",
        "documents_en": "Application for the foreign-engineer tax reduction\nK-Tech Pass certificate\nEmployment contract",
        "documents_ko": "외국인 기술자 소득세 감면 신청서\nK-테크패스 인증서\n고용계약서",
        "partners_en": "National Tax Service (foreigners' tax help, 126)",
        "partners_ko": "국세청 외국인 세무 상담(126)",
    },
    {
        "code": "permanent-residence",
        "category": ServiceCategory.PERMANENT_RESIDENCE,
        "situations": [Situation.KTECH_PASS, Situation.F2T],
        "title_en": "Route to permanent residence (F-5)",
        "title_ko": "영주자격(F-5) 취득",
        "summary_en": "F-2-T holders may apply for permanent residence after 3 years of stay; the Korean-language test is not required from 2 July 2026.",
        "summary_ko": "F-2-T 소지자는 3년 체류 후 영주자격을 신청할 수 있습니다. 2026년 7월 2일부터 한국어능력시험(TOPIK)은 필요하지 않습니다.",
        "center_help_en": "We check your file a few months before the date and prepare the application with you.",
        "center_help_ko": "신청 가능일 몇 달 전에 서류를 점검하고 신청서를 함께 준비합니다.",
        "documents_en": "Passport and alien registration card\nIncome proof for the last 3 years\nCriminal record certificate\nProof of residence",
        "documents_ko": "여권 및 외국인등록증\n최근 3년간 소득 증빙\n범죄경력증명서\n체류지 입증 서류",
        "partners_en": "Immigration offices\nKorea Immigration Service (HiKorea)",
        "partners_ko": "출입국·외국인관서\n법무부 출입국·외국인정책본부(하이코리아)",
    },
]


def catalogue_rows() -> list[dict[str, Any]]:
    """The seed services with their order, ready for ``SettlementService(**row)``."""
    return [
        {**row, "position": (index + 1) * 10, "situations": [str(code) for code in row["situations"]]}
        for index, row in enumerate(SERVICES)
    ]
