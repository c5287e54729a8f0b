# ruff: noqa: E501  (guide text: one paragraph a line, as staff edit it)
"""The programme guides the center ships, loaded by the data migration ``0002_seed_guides``.

The facts come from the project's policy reference (``REFERENCE.md``, compiled from public
sources) and the product brief; each guide cites its sources as links and the rule parameters it
describes, whose values in force are filled in from ``policy/parameters/*.yaml`` when the page is
shown (``[[name]]``). Staff edit them afterwards in the back office; the loader only adds a guide
whose identifier does not exist yet.
"""

from __future__ import annotations

from typing import Any

KOTRA_STEPS_EN = """Eligibility confirmation: check the eligible fields, occupations and qualifications
Online application by the hiring company (corporate member)
Document review: more documents or corrections when asked
Validation of academic and career records
External evaluation
Issuance: the company downloads the letter
Submission to the immigration office with the E-7 application"""

KOTRA_STEPS_KO = """자격 확인: 대상 분야·직종과 인재 자격 요건 확인
채용 기업(기업회원)의 온라인 신청
서류 검토: 요청 시 서류 보완 또는 수정
학력·경력 검증
외부 평가
발급: 기업이 추천서를 내려받음
E-7 사증 신청 시 출입국·외국인관서에 추천서 제출"""

GUIDES: list[dict[str, Any]] = [
    {
        "slug": "k-tech-pass",
        "programme": "ktech-pass",
        "position": 10,
        "title_en": "K-Tech Pass: all three tracks",
        "title_ko": "K-테크패스: 세 가지 트랙 안내",
        "summary_en": "The certificate KOTRA's Global Talent Center issues to excellent overseas talent hired by Korean advanced-industry companies. It unlocks the F-2-T top-tier visa and its benefits.",
        "summary_ko": "KOTRA 글로벌인재센터가 국내 첨단산업 기업에 채용된 우수 해외인재에게 발급하는 확인서입니다. 톱티어 비자(F-2-T)와 그 혜택으로 이어집니다.",
        "parameters": [
            "ktech_pass.industries",
            "ktech_pass.salary_gni_multiple",
            "ktech_pass.waiver_gni_multiple",
            "gni.per_capita_krw",
            "ktech_pass.university_rank_cutoff",
            "ktech_pass.experience_years",
            "ktech_pass.global_company_years",
            "ktech_pass.postdoc_years",
            "ktech_pass.institute_years",
            "ktech_pass.qualitative.in_force_from",
            "ktech_pass.qualitative.sme_bonus",
            "ktech_pass.qualitative.pass_mark",
            "ktech_pass.government_programmes",
        ],
        "body_en": """## Standard track (from 2 April 2025)
All of these must hold ([KBS](https://newsweb.kbs.co.kr/news/pc/view/view.do?ncd=8216834), [korea.net](https://eng.korean.net/portal_en/customer/government_news.do?articleNo=1001909886&mode=view)):
- an employment contract with a Korean company in an advanced industry: [[ktech_pass.industries]];
- a master's or doctorate from a world top-[[ktech_pass.university_rank_cutoff]] university;
- experience: [[ktech_pass.experience_years]] of work including [[ktech_pass.global_company_years]] at a global top-500 company, **or** [[ktech_pass.postdoc_years]] of post-doctoral research including [[ktech_pass.institute_years]] at a world-class research institute;
- an annual salary of at least [[ktech_pass.salary_gni_multiple]] Korea's per-capita GNI ([[gni.per_capita_krw]] in force).

At [[ktech_pass.waiver_gni_multiple]] GNI the degree test **or** the experience test may be missed. Graduates of SNU, KAIST, Yonsei, Korea University and POSTECH, and staff of Samsung Electronics, Hyundai Motor, Kia, POSCO, Hyundai Mobis and Samsung C&T count as equivalents.

## Qualitative track (from [[ktech_pass.qualitative.in_force_from]])
A 100-point rubric: 65 points quantitative (degree pedigree, employer history, salary) and 35 qualitative (technical expertise, strategic value to the hiring firm). Hiring by a small or medium-sized enterprise adds [[ktech_pass.qualitative.sme_bonus]] points. The pass mark is not published; the center uses [[ktech_pass.qualitative.pass_mark]] until it is ([source](https://letsdatascience.com/news/korea-trims-bureaucracy-to-attract-elite-tech-experts-649a141b), one secondary source).

## Government-programme track
Scholars recruited through these programmes get the pass's benefits automatically: [[ktech_pass.government_programmes]].

## What the pass gives
F-2 residence from first entry, online processing within 2 weeks, permanent residence (F-5) after 3 years, work for the spouse, parents and a domestic helper may join, a 50% income-tax cut for up to 10 years, international-school places outside the quota, and housing loans on domestic terms ([fnnews](https://www.fnnews.com/ampNews/202504021143263526)).

## How to apply
Your hiring company applies with you through the center. Check first with the self-check below.""",
        "body_ko": """## 일반 트랙(2025년 4월 2일부터)
다음 요건을 모두 갖춰야 합니다([KBS](https://newsweb.kbs.co.kr/news/pc/view/view.do?ncd=8216834), [korea.net](https://eng.korean.net/portal_en/customer/government_news.do?articleNo=1001909886&mode=view)).
- 첨단산업 분야 국내 기업과의 고용계약: [[ktech_pass.industries]]
- 세계 [[ktech_pass.university_rank_cutoff]]위 이내 대학의 석사 또는 박사 학위
- 경력: 글로벌 500대 기업 [[ktech_pass.global_company_years]]을 포함한 [[ktech_pass.experience_years]] 경력, **또는** 세계적 연구기관 [[ktech_pass.institute_years]]을 포함한 [[ktech_pass.postdoc_years]] 박사후 연구 경력
- 1인당 국민총소득(GNI)의 [[ktech_pass.salary_gni_multiple]] 이상 연봉(적용 GNI [[gni.per_capita_krw]])

연봉이 GNI의 [[ktech_pass.waiver_gni_multiple]] 이상이면 학력 또는 경력 요건 중 하나가 부족해도 됩니다. 서울대·KAIST·연세대·고려대·포스텍 졸업자와 삼성전자·현대자동차·기아·포스코·현대모비스·삼성물산 근무자도 같은 요건으로 인정됩니다.

## 정성평가 트랙([[ktech_pass.qualitative.in_force_from]]부터)
100점 평가표로 정량 65점(학위, 경력 기업, 연봉)과 정성 35점(전문 기술, 채용 기업에 대한 전략적 가치)을 평가합니다. 중소기업이 채용하면 [[ktech_pass.qualitative.sme_bonus]]점을 더합니다. 합격 기준은 공표되지 않아 센터는 [[ktech_pass.qualitative.pass_mark]]점을 적용합니다([출처](https://letsdatascience.com/news/korea-trims-bureaucracy-to-attract-elite-tech-experts-649a141b), 단일 2차 출처).

## 정부 사업 트랙
다음 사업으로 유치된 과학자는 패스의 혜택을 자동으로 받습니다: [[ktech_pass.government_programmes]].

## 패스의 혜택
첫 입국부터 F-2 거주 자격, 2주 이내 온라인 처리, 3년 후 영주(F-5) 신청, 배우자 취업, 부모와 가사도우미 동반, 최대 10년간 소득세 50% 감면, 외국인학교 정원 외 입학, 내국인 수준의 주택 대출을 받습니다([파이낸셜뉴스](https://www.fnnews.com/ampNews/202504021143263526)).

## 신청 방법
채용 기업이 인재와 함께 센터에 신청합니다. 먼저 아래 자격 확인으로 요건을 확인하세요.""",
    },
    {
        "slug": "f-2-t-top-tier-visa",
        "programme": "top-tier-visa",
        "position": 20,
        "title_en": "F-2-T top-tier visa",
        "title_ko": "톱티어 비자(F-2-T)",
        "summary_en": "The Ministry of Justice's top-tier residence visa, in force since 2 April 2025, for the same talent as the K-Tech Pass, with permanent residence after 3 years.",
        "summary_ko": "2025년 4월 2일 시행된 법무부의 최우수인재 거주 비자로, K-테크패스와 같은 인재가 대상이며 3년 후 영주 자격을 신청할 수 있습니다.",
        "parameters": [
            "top_tier_visa.industries",
            "top_tier_visa.salary_gni_multiple",
            "top_tier_visa.waiver_gni_multiple",
            "top_tier_visa.university_rank_cutoff",
            "top_tier_visa.permanent_residence_after_years",
            "top_tier_visa.job_seeking_max_years",
            "top_tier_visa.topik_requirement",
        ],
        "body_en": """## Who qualifies
The test is the K-Tech Pass's: a contract in a target industry ([[top_tier_visa.industries]]), a salary of at least [[top_tier_visa.salary_gni_multiple]] per-capita GNI, a master's or doctorate from a top-[[top_tier_visa.university_rank_cutoff]] university and the experience test; at [[top_tier_visa.waiver_gni_multiple]] GNI one of the degree or experience tests may be missed ([KBS](https://newsweb.kbs.co.kr/news/pc/view/view.do?ncd=8216834)). The Ministry of Justice reads "top 100" on the QS World University Rankings and the U.S. News Best Global Universities ([Korea Times](https://m.koreatimes.co.kr/pages/article.asp?newsIdx=394177)).

## Benefits
- F-2 for you, your spouse and minor children, with free choice of employment;
- permanent residence (F-5) after [[top_tier_visa.permanent_residence_after_years]];
- parents and a domestic helper may be invited;
- a 50% income-tax cut for up to 10 years and international-school places outside the quota.

Korean language test: [[top_tier_visa.topik_requirement]] (reported change of July 2026).

## Not yet hired?
Master's-or-higher graduates of top-100 universities may hold a D-10 job-seeking visa for up to [[top_tier_visa.job_seeking_max_years]] without an offer ([kmib](https://www.kmib.co.kr/article/view_amp.asp?arcid=1743585012)). If some requirements are missing, an E-7 visa can be granted instead.""",
        "body_ko": """## 대상
K-테크패스와 같은 요건을 적용합니다. 대상 산업([[top_tier_visa.industries]]) 기업과의 계약, 1인당 GNI의 [[top_tier_visa.salary_gni_multiple]] 이상 연봉, 세계 [[top_tier_visa.university_rank_cutoff]]위 이내 대학의 석사 또는 박사 학위, 경력 요건을 갖춰야 하며, 연봉이 GNI의 [[top_tier_visa.waiver_gni_multiple]] 이상이면 학력 또는 경력 요건 중 하나가 부족해도 됩니다([KBS](https://newsweb.kbs.co.kr/news/pc/view/view.do?ncd=8216834)). 법무부는 QS 세계대학순위와 U.S. News 글로벌 대학 순위로 100위 이내를 판단합니다([코리아타임스](https://m.koreatimes.co.kr/pages/article.asp?newsIdx=394177)).

## 혜택
- 본인과 배우자, 미성년 자녀에게 F-2 자격을 주며 취업이 자유롭습니다.
- [[top_tier_visa.permanent_residence_after_years]] 후 영주(F-5) 자격을 신청할 수 있습니다.
- 부모와 가사도우미를 초청할 수 있습니다.
- 최대 10년간 소득세 50% 감면과 외국인학교 정원 외 입학 혜택이 있습니다.

한국어능력시험 요건: [[top_tier_visa.topik_requirement]](2026년 7월 변경 보도).

## 아직 채용되지 않았다면
세계 100위 이내 대학 석사 이상 졸업자는 구인 제안 없이 최대 [[top_tier_visa.job_seeking_max_years]] 동안 구직(D-10) 자격으로 체류할 수 있습니다([국민일보](https://www.kmib.co.kr/article/view_amp.asp?arcid=1743585012)). 일부 요건이 부족하면 E-7 자격을 받을 수 있습니다.""",
    },
    {
        "slug": "kotra-e7-recommendation",
        "programme": "kotra-recommendation",
        "position": 30,
        "title_en": "KOTRA employment recommendation for the E-7 visa",
        "title_ko": "E-7 사증을 위한 KOTRA 고용추천서",
        "summary_en": "A letter signed by KOTRA's President that supports an E-7 visa for a foreign technical hire, applied for online by the hiring company in seven steps.",
        "summary_ko": "KOTRA 사장 명의로 해외 기술 인력의 E-7 사증 발급을 지원하는 추천서로, 채용 기업이 7단계 절차에 따라 온라인으로 신청합니다.",
        "parameters": [
            "kotra_recommendation.fields",
            "kotra_recommendation.foreign_degree_experience_years",
            "kotra_recommendation.experience_only_years",
        ],
        "steps_en": KOTRA_STEPS_EN,
        "steps_ko": KOTRA_STEPS_KO,
        "body_en": """## Who qualifies
The talent must meet one of ([investkorea](https://www.investkorea.org/ik-en/cntnts/i-436/web.do)):
1. a master's or higher in the related field;
2. a bachelor's from a Korean university in the related field;
3. a bachelor's from a foreign university and [[kotra_recommendation.foreign_degree_experience_years]] of related experience;
4. [[kotra_recommendation.experience_only_years]] of related experience.

Fields: [[kotra_recommendation.fields]]. A diploma or experience certificate proves the route.

## The procedure
The seven steps are shown above. The letter goes to the immigration office with the E-7 application; practitioners report about 2 weeks for the letter ([immikorea](https://immikorea.com/en/issuance-of-foreigner-employment-recommendation-letter/)). KOTRA: 02-3460-7388.""",
        "body_ko": """## 대상
다음 중 하나를 충족해야 합니다([인베스트코리아](https://www.investkorea.org/ik-en/cntnts/i-436/web.do)).
1. 관련 분야 석사 이상 학위
2. 관련 분야 국내 대학 학사 학위
3. 해외 대학 학사 학위와 관련 분야 경력 [[kotra_recommendation.foreign_degree_experience_years]]
4. 관련 분야 경력 [[kotra_recommendation.experience_only_years]]

대상 분야: [[kotra_recommendation.fields]]. 학위증명서 또는 경력증명서로 요건을 증명합니다.

## 절차
일곱 단계는 위와 같습니다. 추천서는 E-7 사증 신청 시 출입국·외국인관서에 제출합니다. 추천서 발급에는 보통 약 2주가 걸린다고 알려져 있습니다([immikorea](https://immikorea.com/en/issuance-of-foreigner-employment-recommendation-letter/)). KOTRA 문의: 02-3460-7388.""",
    },
    {
        "slug": "e-7-1",
        "programme": "e7-1",
        "position": 40,
        "title_en": "E-7-1 professional visa",
        "title_ko": "전문인력(E-7-1) 사증",
        "summary_en": "The designated-activities visa for professionals in 67 occupations: degree or experience requirements, a fixed minimum salary and the employer's ratio of Korean staff.",
        "summary_ko": "67개 직종 전문인력을 위한 특정활동 사증입니다. 학력 또는 경력 요건, 고정 최저 연봉, 내국인 고용 비율을 확인하세요.",
        "parameters": [
            "e7_1.bachelor_experience_years",
            "e7_1.experience_only_years",
            "e7_1.salary_floor_krw",
            "e7_1.foreign_worker_share_max",
        ],
        "body_en": """## General requirements (any one)
- a master's or higher in a related field;
- a related bachelor's and [[e7_1.bachelor_experience_years]] of related experience;
- [[e7_1.experience_only_years]] of related experience ([kowork](https://kowork.kr/en/visa/E-7)).

## Minimum salary
[[e7_1.salary_floor_krw]] a year, the same for every company size (KRW 28,670,000 from April to December 2025; KRW 31,120,000 from February 2026, [kmcn](https://www.kmcn.kr/news/article.html?no=9141)).

## The employer
Foreign staff may be at most [[e7_1.foreign_worker_share_max]] of Korean insured employees. A KOTRA employment recommendation is a preferential route for high-tech hires: see its guide.""",
        "body_ko": """## 일반 요건(하나 충족)
- 관련 분야 석사 이상 학위
- 관련 분야 학사 학위와 관련 경력 [[e7_1.bachelor_experience_years]]
- 관련 경력 [[e7_1.experience_only_years]]([kowork](https://kowork.kr/en/visa/E-7))

## 최저 연봉
연 [[e7_1.salary_floor_krw]]이며 기업 규모와 관계없이 같습니다(2025년 4월~12월 2,867만 원, 2026년 2월부터 3,112만 원, [kmcn](https://www.kmcn.kr/news/article.html?no=9141)).

## 고용 기업
외국인 직원은 내국인 피보험자의 [[e7_1.foreign_worker_share_max]] 이내여야 합니다. 첨단기술 인력은 KOTRA 고용추천서로 우대받을 수 있습니다. 해당 안내를 확인하세요.""",
    },
    {
        "slug": "k-star",
        "programme": "k-star",
        "position": 50,
        "title_en": "K-STAR track for STEM graduates",
        "title_ko": "K-STAR 이공계 인재 트랙",
        "summary_en": "Master's, doctoral and postdoctoral STEM graduates of 32 designated Korean institutions, recommended by their president, get F-2 on graduation and F-5 after 3 years.",
        "summary_ko": "지정된 32개 국내 기관의 이공계 석사·박사·박사후 과정 졸업자가 총장 추천을 받으면 졸업과 함께 F-2, 3년 후 F-5 자격을 받습니다.",
        "parameters": ["k_star.degree_minimum_level", "k_star.stem_fields"],
        "body_en": """## Who qualifies
STEM graduates at [[k_star.degree_minimum_level]] level or above of a designated university, recommended by its president ([korea.net](https://www.korea.net/NewsFocus/policies/view?articleId=283601&koreanId=283585)). 32 institutions were designated on 5 December 2025.

## What it gives
- F-2 residence immediately on graduation, with no job requirement;
- permanent residence (F-5) after 3 years instead of 6;
- special naturalisation for outstanding research ([JoongAng](https://koreajoongangdaily.joins.com/news/2025-09-24/national/kcampus/Justice-Ministry-reveals-new-visa-track-for-intl-students-in-STEM-courses/2406866)).""",
        "body_ko": """## 대상
지정 대학의 [[k_star.degree_minimum_level]] 이상 이공계 졸업자로 총장 추천을 받은 사람입니다([korea.net](https://www.korea.net/NewsFocus/policies/view?articleId=283601&koreanId=283585)). 2025년 12월 5일 32개 기관이 지정되었습니다.

## 혜택
- 졸업과 함께 취업 요건 없이 F-2 거주 자격을 받습니다.
- 6년이 아닌 3년 후 영주(F-5) 자격을 신청할 수 있습니다.
- 우수한 연구 성과가 있으면 특별귀화를 신청할 수 있습니다([중앙데일리](https://koreajoongangdaily.joins.com/news/2025-09-24/national/kcampus/Justice-Ministry-reveals-new-visa-track-for-intl-students-in-STEM-courses/2406866)).""",
    },
    {
        "slug": "d-10-internships",
        "programme": "d10-3",
        "position": 60,
        "title_en": "D-10 job seeking and D-10-3 high-tech internships",
        "title_ko": "구직(D-10)과 첨단기술 인턴(D-10-3)",
        "summary_en": "Look for a job in Korea on a D-10 visa, or intern at a Korean research company on the D-10-3 high-tech internship visa, then switch to E-7.",
        "summary_ko": "구직(D-10) 자격으로 한국에서 일자리를 찾거나, 첨단기술 인턴(D-10-3) 자격으로 국내 연구 기업에서 인턴을 한 뒤 E-7으로 변경할 수 있습니다.",
        "parameters": [
            "d10_3.graduation_window_years",
            "d10_3.the_rank_cutoff",
            "d10_3.qs_rank_cutoff",
            "d10_3.foreign_intern_share_max",
            "top_tier_visa.job_seeking_max_years",
        ],
        "body_en": """## D-10-3 high-tech internship
Since 8 August 2022, students and graduates (within [[d10_3.graduation_window_years]]) in high-tech majors at universities ranked within THE top [[d10_3.the_rank_cutoff]] or QS top [[d10_3.qs_rank_cutoff]] may intern at listed companies with R&D facilities, corporate research institutes, ventures and government research institutes ([fnnews](https://busan.fnnews.com/news/202208051300402614)).
- Foreign interns: at most [[d10_3.foreign_intern_share_max]] of the host's Korean staff (SMEs and ventures exempt for 3 years after founding).
- Stay: up to 1 year, then a preferential switch to E-7.

## D-10 job seeking
Master's-or-higher graduates of top-100 universities may look for work for up to [[top_tier_visa.job_seeking_max_years]] without an offer. From October 2025 the D-10 for graduates of Korean universities lasts up to 3 years ([haninpost](https://haninpost.com/?p=120177)).""",
        "body_ko": """## 첨단기술 인턴(D-10-3)
2022년 8월 8일부터 THE [[d10_3.the_rank_cutoff]]위 또는 QS [[d10_3.qs_rank_cutoff]]위 이내 대학의 첨단 분야 재학생과 졸업 후 [[d10_3.graduation_window_years]] 이내 졸업생은 연구시설을 갖춘 상장기업, 기업부설연구소, 벤처기업, 정부출연연구기관에서 인턴을 할 수 있습니다([파이낸셜뉴스](https://busan.fnnews.com/news/202208051300402614)).
- 외국인 인턴은 내국인 직원의 [[d10_3.foreign_intern_share_max]] 이내여야 합니다(창업 3년 이내 중소·벤처기업은 예외).
- 최대 1년 체류 후 E-7으로 우대 변경할 수 있습니다.

## 구직(D-10)
세계 100위 이내 대학 석사 이상 졸업자는 구인 제안 없이 최대 [[top_tier_visa.job_seeking_max_years]] 동안 구직할 수 있습니다. 2025년 10월부터 국내 대학 졸업자의 D-10 체류 기간은 최대 3년입니다([한인포스트](https://haninpost.com/?p=120177)).""",
    },
    {
        "slug": "f-2-r-regional",
        "programme": "f2-r",
        "position": 70,
        "title_en": "F-2-R regional talent visa",
        "title_ko": "지역특화형 우수인재 비자(F-2-R)",
        "summary_en": "Residence for talent recommended by a local government to work and live in a population-decline area.",
        "summary_ko": "지방자치단체의 추천을 받아 인구감소지역에서 일하고 거주하는 인재를 위한 거주 자격입니다.",
        "parameters": ["f2_r.income_gni_share", "f2_r.topik_minimum_level", "f2_r.excluded_visas"],
        "body_en": """## Who qualifies
- a recommendation from the local government, for work and residence in a population-decline area in a designated industry;
- an income of at least [[f2_r.income_gni_share]] of the previous year's per-capita GNI, **or** a Korean associate degree or higher;
- Korean at TOPIK or KIIP level [[f2_r.topik_minimum_level]] or above (raised from 3 in 2025);
- a commitment to live in the region for about 5 years ([allvisakorea](https://allvisakorea.com/en/post/f2-visa-2024-region-specific-visa-f-2-r-regional-outstanding-talent-f2r-eligibility-and-requiremen)).

Not open to holders of: [[f2_r.excluded_visas]]. Workplace changes are restricted in the first year.""",
        "body_ko": """## 대상
- 지방자치단체의 추천을 받아 인구감소지역의 지정 산업에서 일하고 거주해야 합니다.
- 전년도 1인당 GNI의 [[f2_r.income_gni_share]] 이상 소득 **또는** 국내 전문학사 이상 학위가 있어야 합니다.
- 한국어능력시험(TOPIK) 또는 사회통합프로그램 [[f2_r.topik_minimum_level]]단계 이상이어야 합니다(2025년 3단계에서 상향).
- 약 5년간 해당 지역에 거주해야 합니다([allvisakorea](https://allvisakorea.com/en/post/f2-visa-2024-region-specific-visa-f-2-r-regional-outstanding-talent-f2r-eligibility-and-requiremen)).

다음 자격 소지자는 신청할 수 없습니다: [[f2_r.excluded_visas]]. 첫 1년간 근무처 변경이 제한됩니다.""",
    },
    {
        "slug": "youth-dream-visa",
        "programme": "",
        "position": 80,
        "title_en": "Youth Dream visa",
        "title_ko": "청년 드림 비자",
        "summary_en": "Cultural experience, language training, job seeking and company internships in Korea for young people from Korean War participant states and major economic partners.",
        "summary_ko": "6·25전쟁 참전국과 주요 경제 협력국 청년에게 한국에서의 문화 체험, 어학 연수, 구직, 기업 인턴 기회를 주는 비자입니다.",
        "parameters": [],
        "body_en": """## What it is
Announced by the Ministry of Justice on 26 September 2024 and detailed on 5 March 2025: young people from UN Korean War participant states and major economic partners come for cultural experience, language training, job seeking and corporate internships ([asiae](https://cm.asiae.co.kr/en/article/2024092610013783402)).

## How it runs
Local governments and universities select, train and place the participants. At the end, a participant is hired by the internship company or returns home.

## Not yet published
The age limit, visa code, length of stay, quota and country list have not been published. This guide will be updated when they are; the center answers questions through its inquiries.""",
        "body_ko": """## 개요
법무부가 2024년 9월 26일 발표하고 2025년 3월 5일 구체화한 제도로, 6·25전쟁 유엔 참전국과 주요 경제 협력국 청년이 한국에서 문화 체험, 어학 연수, 구직, 기업 인턴을 할 수 있습니다([아시아경제](https://cm.asiae.co.kr/en/article/2024092610013783402)).

## 운영 방식
지방자치단체와 대학이 참가자를 선발하고 교육해 취업을 연계합니다. 기간이 끝나면 인턴 기업에 정규 채용되거나 귀국합니다.

## 아직 공표되지 않은 내용
나이 제한, 사증 부호, 체류 기간, 인원, 대상 국가는 아직 공표되지 않았습니다. 공표되면 이 안내를 갱신합니다. 궁금한 점은 센터 민원으로 문의하세요.""",
    },
]


def load_guides(guide_model: Any, revision_model: Any, *, snapshot: Any = None, now: Any = None) -> int:
    """Add each shipped guide whose identifier is new, published as its first revision."""
    added = 0
    for data in GUIDES:
        if guide_model.objects.filter(slug=data["slug"]).exists():
            continue
        guide = guide_model.objects.create(
            slug=data["slug"], programme=data["programme"], position=data["position"], status="draft"
        )
        revision = revision_model.objects.create(
            guide=guide,
            number=1,
            title_ko=data["title_ko"],
            title_en=data["title_en"],
            summary_ko=data["summary_ko"],
            summary_en=data["summary_en"],
            body_ko=data["body_ko"],
            body_en=data["body_en"],
            steps_ko=data.get("steps_ko", ""),
            steps_en=data.get("steps_en", ""),
            parameters=cited(data),
            note="Shipped with the application",
        )
        guide.current_revision = revision
        guide.published_revision = revision
        guide.status = "published"
        guide.published_at = now
        guide.reviewed_values = snapshot(cited(data)) if snapshot else {}
        guide.save()
        added += 1
    return added


def cited(data: dict[str, Any]) -> list[str]:
    import re

    found = re.findall(r"\[\[([a-z0-9_.]+)\]\]", data["body_en"] + data["body_ko"])
    return list(dict.fromkeys([*data["parameters"], *found]))


def load_shipped_guides() -> int:
    """:func:`load_guides` on the app's models (the demo, and tests after a flush)."""
    from django.utils import timezone

    from talentcenter.guides import citations
    from talentcenter.guides.models import Guide, GuideRevision

    return load_guides(Guide, GuideRevision, snapshot=citations.snapshot, now=timezone.now())
