"""Demo content for the portal: labels, posts and contacts of the Sihui demo site.

Plain data, no Django: a loader turns it into rows. Every statement presented as fact rests on
"Facts the demo and defaults rest on" in DESIGN.md; every example company or person is
marked as illustrative. Bodies are Markdown; they are written with soft line breaks for
readability here and unwrapped by ``_en`` / ``_zh`` so that a stored paragraph is one line
(a line break inside a Chinese paragraph would otherwise render as a stray space).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

LANGUAGES = ("en", "zh-hans", "zh-hant")


@dataclass(frozen=True)
class DemoLabel:
    slug: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str


@dataclass(frozen=True)
class DemoVersion:
    language: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class DemoPost:
    slug: str
    published: str
    labels: tuple[str, ...]
    featured: bool
    versions: tuple[DemoVersion, ...]


@dataclass(frozen=True)
class DemoContact:
    slug: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    role_en: str
    role_zh_hans: str
    role_zh_hant: str
    phone: str
    fax: str
    email: str
    address_en: str
    address_zh_hans: str
    address_zh_hant: str
    office_hours_en: str
    office_hours_zh_hans: str
    office_hours_zh_hant: str


_BLOCK_START = re.compile(r"(#|\||>|[-*] |\d+\. )")


def _unwrap(text: str, joiner: str) -> str:
    """Join the soft-wrapped lines of each Markdown paragraph, list item or quote."""
    lines: list[str] = []
    for raw in textwrap.dedent(text).strip().splitlines():
        line = raw.strip()
        previous = lines[-1] if lines else ""
        if not line or not previous or previous.startswith(("#", "|")):
            lines.append(line)
        elif previous.startswith("> ") and line.startswith("> "):
            lines[-1] = previous + joiner + line[2:]
        elif _BLOCK_START.match(line):
            lines.append(line)
        else:
            lines[-1] = previous + joiner + line
    return "\n".join(lines)


def _en(text: str) -> str:
    return _unwrap(text, " ")


def _zh(text: str) -> str:
    return _unwrap(text, "")


LABELS: tuple[DemoLabel, ...] = (
    DemoLabel("news", "News", "新闻动态", "新聞動態"),
    DemoLabel("policies", "Policies", "政策解读", "政策解讀"),
    DemoLabel("why-sihui", "Why Sihui", "投资环境", "投資環境"),
    DemoLabel("industry", "Industry", "产业发展", "產業發展"),
    DemoLabel("relocation", "Relocation", "产业转移", "產業轉移"),
    DemoLabel("events", "Events", "活动会议", "活動會議"),
)


_CONFERENCE = DemoPost(
    slug="guangdong-high-quality-development-conference-2024",
    published="2024-02-26",
    labels=("news", "events", "policies"),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="Guangdong opens 2024 with its High-Quality Development Conference",
            summary=(
                "On 18 February 2024, the first working day after the Spring Festival, Guangdong "
                "held its Provincial High-Quality Development Conference. We look at its 2024 "
                "targets and what they mean for manufacturers."
            ),
            body=_en(
                """
                ## A conference on the first working day

                On 18 February 2024, the first working day after the Spring Festival holiday,
                the province convened the Guangdong Provincial High-Quality Development
                Conference. The main venue was in Shenzhen, and branch venues were set up in
                every city and county, so the conference reached the whole province, Sihui
                included, on the same day.

                Opening the working year with a conference on development, rather than with
                routine business, is a signal in itself. The province wants industry, and
                manufacturing above all, to grow by becoming better: more productive, more
                digital and more closely tied to research.

                ## The 2024 targets

                | Area | Target for 2024 |
                | --- | --- |
                | Technological transformation | 9,000 industrial enterprises |
                | Digital transformation | 9,200 industrial enterprises above designated size |
                | Research | a batch of new major research projects |
                | Application | a batch of new application scenarios |
                | Transfer of results | more benefit rights for researchers in public institutions |

                ## What the targets mean in practice

                **Technological transformation** is the upgrading of an industrial enterprise's
                equipment, processes and production lines. For example, a furniture maker might
                replace manual cutting with numerically controlled machines, or a metal-parts
                workshop might add automatic inspection to a line.

                **Digital transformation** is aimed at industrial enterprises above designated
                size, that is, with annual main-business revenue of at least 20 million yuan.
                It covers the systems that plan, record and control production: from
                connecting machines to moving orders, stock and quality records onto a shared
                system.

                **New research projects and application scenarios** matter to manufacturers
                because a scenario is a place where a new technology is tried in real
                production. A factory that offers its line as a test bed can be among the first
                to use what comes out of it.

                **Greater rights over the benefits of transferring results** give researchers
                in universities and research institutes a stronger reason to work with
                enterprises, which should make it easier for a factory to find a partner for a
                hard technical problem.

                ## What we do with it

                The Sihui City Investment Promotion Center follows these programmes so that
                enterprises do not have to read every document themselves. On this site, the
                policy pages explain each programme, and a signed-in enterprise can see which
                ones it qualifies for and which data is still missing.

                > If you run a factory and wonder whether an upgrade you are planning fits one
                > of these programmes, send us an enquiry and describe the project. We will
                > tell you which programmes to look at and what they ask for.
                """
            ),
        ),
        DemoVersion(
            language="zh-hans",
            title="广东省高质量发展大会：2024年目标解读",
            summary=(
                "2024年2月18日，春节后第一个工作日，广东省高质量发展大会召开，"
                "主会场设在深圳，各市、县设分会场。本文梳理大会提出的2024年目标及其对企业的意义。"
            ),
            body=_zh(
                """
                ## 节后第一个工作日

                2024年2月18日是春节假期后的第一个工作日，
                广东省高质量发展大会于当天召开。
                主会场设在深圳，全省各市、县设立分会场，
                大会精神当天即传达到包括四会在内的全省各地。

                新春开工第一天就召开高质量发展大会，
                充分体现了全省上下聚焦发展、狠抓产业的决心。
                推动制造业向更高效、更数字化、
                与科研结合更紧密的方向发展，是今后工作的重点。

                ## 2024年主要目标

                | 领域 | 2024年目标 |
                | --- | --- |
                | 技术改造 | 推动9000家工业企业开展技术改造 |
                | 数字化转型 | 推动9200家规模以上工业企业数字化转型 |
                | 科研攻关 | 新布局一批重大科研项目 |
                | 场景应用 | 新推出一批应用场景 |
                | 成果转化 | 赋予事业单位科研人员更多成果转化收益权 |

                ## 对企业意味着什么

                - **技术改造**：即工业企业对设备、工艺和生产线进行升级。
                  例如，家具企业以数控设备替代人工开料，
                  五金企业在生产线上增加自动检测环节。
                - **数字化转型**：面向规模以上工业企业，
                  即年主营业务收入2000万元及以上的工业企业，
                  涵盖设备联网以及订单、库存、质量数据的统一管理等。
                - **科研项目与应用场景**：应用场景让新技术在真实生产中得到验证，
                  愿意开放生产线的企业可以率先用上新成果。
                - **成果转化**：科研人员获得更多成果转化收益权，
                  将进一步激发高校、科研院所与企业合作的积极性。

                ## 四会市投资促进中心能为企业做什么

                我们持续跟踪上述政策，帮助企业少走弯路。
                本网站的政策栏目对各项政策逐一解读；
                企业登录后，可查看自身符合哪些政策条件、还缺少哪些资料。

                > 如贵企业正在谋划技术改造或数字化转型项目，
                > 欢迎通过本网站提交咨询，说明项目情况，
                > 我们将介绍可关注的政策方向及申报要求。
                """
            ),
        ),
        DemoVersion(
            language="zh-hant",
            title="廣東省高質量發展大會：2024年目標解讀",
            summary=(
                "2024年2月18日，春節後第一個工作日，廣東省高質量發展大會召開，"
                "主會場設於深圳，各市、縣設分會場。本文整理大會提出的2024年目標及其對企業的意義。"
            ),
            body=_zh(
                """
                ## 春節後的第一個工作日

                2024年2月18日是春節假期後的第一個工作日，
                廣東省高質量發展大會就在這一天舉行。
                主會場設於深圳，全省各市、縣均設有分會場，
                大會訊息當天即傳達至包括四會在內的全省各地。

                開工首日即召開高質量發展大會，
                顯示全省將發展與產業放在首位的決心。
                推動製造業朝更高效率、更數位化、
                與研發結合更緊密的方向邁進，是今後的工作重點。

                ## 2024年主要目標

                | 領域 | 2024年目標 |
                | --- | --- |
                | 技術改造 | 推動9,000家工業企業進行技術改造 |
                | 數字化轉型 | 推動9,200家規模以上工業企業數字化轉型 |
                | 科研攻關 | 新布局一批重大科研項目 |
                | 場景應用 | 新推出一批應用場景 |
                | 成果轉化 | 賦予事業單位科研人員更多成果轉化收益權 |

                ## 對企業有何意義

                - **技術改造**：即工業企業就設備、製程及生產線進行升級。
                  例如，家具廠以數控機台取代人工裁切，
                  五金廠在產線上加裝自動檢測設備。
                - **數字化轉型**：對象為規模以上工業企業，
                  即年主營業務收入達人民幣2,000萬元（含）以上的工業企業，
                  範圍涵蓋機台連網，以及訂單、庫存、品質資料的整合管理。
                - **科研項目與應用場景**：應用場景讓新技術在實際生產中接受驗證，
                  願意開放產線的企業，可以率先採用新成果。
                - **成果轉化**：科研人員享有更多成果轉化收益權，
                  有助提升大專院校、研究機構與企業合作的意願。

                ## 四會市投資促進中心能提供的協助

                我們持續追蹤上述政策，協助企業掌握重點。
                本網站的政策專欄逐項說明各項措施；
                企業登入後，即可查看自身符合哪些條件、尚缺哪些資料。

                > 如貴公司正在規劃技術改造或數字化轉型專案，
                > 歡迎透過本網站提出諮詢並說明專案內容，
                > 我們將介紹值得關注的政策方向及申請要求。
                """
            ),
        ),
    ),
)


_ECONOMY = DemoPost(
    slug="guangdong-economy-2023-in-numbers",
    published="2024-03-18",
    labels=("news", "why-sihui"),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="Guangdong in 2023: the economy around Sihui in numbers",
            summary=(
                "Guangdong's GDP passed 13 trillion yuan in 2023, growing 4.8%. Here is what the "
                "province's size, its business base and its four trillion-yuan cities mean for a "
                "manufacturer looking at Sihui."
            ),
            body=_en(
                """
                An investor who looks at Sihui is also looking at the province around it. A
                county-level city is small on its own; what it can offer a factory depends a
                great deal on the suppliers, customers, workers and research within reach. So
                before we talk about Sihui, here is Guangdong in 2023.

                ## The province in five figures

                | Indicator (2023) | Figure |
                | --- | --- |
                | Gross domestic product | above 13 trillion yuan |
                | Growth | 4.8% |
                | Permanent residents | 127 million |
                | Business entities | more than 18 million |
                | High-tech enterprises | more than 75,000 |

                ## What the figures mean for a factory

                **A market on the doorstep.** With 127 million permanent residents, Guangdong
                is a large consumer market in its own right, before any goods leave the
                province. A maker of household goods, for example, can sell within the
                province while it builds up other markets.

                **Suppliers for almost anything.** More than 18 million business entities means
                that, for most components, materials and services a factory needs, someone in
                the province already makes or offers them. Shorter supply lines mean smaller
                stocks and faster changes when a customer asks for a new design.

                **Technology close by.** More than 75,000 high-tech enterprises are potential
                partners for automation, software, testing and design. For a factory planning a
                technological or digital transformation, that is a pool of people who have
                already solved similar problems.

                ## Four trillion-yuan cities

                Four cities in Guangdong each have an economy of more than a trillion yuan:
                **Guangzhou, Shenzhen, Foshan and Dongguan**. Two of them, Guangzhou and Foshan,
                are Sihui's neighbours in the Pearl River Delta. Sihui is a county-level city of
                Zhaoqing, and Zhaoqing is one of the Pearl River Delta cities of the
                Guangdong-Hong Kong-Macao Greater Bay Area.

                For an enterprise this means a choice that is not either-or. A company can keep
                its sales office or design team in a large city and run production in Sihui,
                within reach of the same supplier network.

                ## Growth that the province wants to steer

                Growth of 4.8% on an economy of this size is substantial in absolute terms. The
                province's programmes for 2024 aim less at adding capacity than at upgrading
                it: technological transformation, digital transformation and closer links
                between research and production. Our post on the 2024 High-Quality Development
                Conference describes those targets.

                > Figures in this post are for 2023 and are given as reported for the province.
                > For figures on a particular industry or place, please ask us.
                """
            ),
        ),
        DemoVersion(
            language="zh-hans",
            title="数说2023年广东经济",
            summary=(
                "2023年广东地区生产总值突破13万亿元，增长4.8%。"
                "本文解读全省经济体量、市场主体规模和四座万亿元城市对来四会投资的制造企业意味着什么。"
            ),
            body=_zh(
                """
                考察四会的投资者，同时也在考察四会所处的广东。
                一座县级市的承载力，很大程度上取决于周边的供应商、客户、
                劳动力和科研资源。因此，在介绍四会之前，先来看看2023年的广东。

                ## 五个数字看广东

                | 指标（2023年） | 数据 |
                | --- | --- |
                | 地区生产总值 | 突破13万亿元 |
                | 增速 | 4.8% |
                | 常住人口 | 1.27亿人 |
                | 市场主体 | 超过1800万户 |
                | 高新技术企业 | 超过7.5万家 |

                ## 这些数字对企业意味着什么

                - **市场就在身边**：1.27亿常住人口本身就是一个庞大的消费市场。
                  例如，日用品生产企业在开拓其他市场的同时，可以先立足省内销售。
                - **配套齐全**：超过1800万户市场主体，意味着企业所需的
                  大部分零部件、原材料和服务都能在省内找到。
                  供应链越短，库存越少，响应客户新需求越快。
                - **技术资源丰富**：超过7.5万家高新技术企业，
                  是企业在自动化、软件、检测和设计方面的潜在合作伙伴。

                ## 四座万亿元城市

                广州、深圳、佛山、东莞四市经济总量均超过万亿元。
                其中广州、佛山与四会同处珠三角。
                四会是肇庆市下辖的县级市，肇庆则是粤港澳大湾区珠三角九市之一。
                企业可以把销售和研发团队留在大城市，把生产基地放在四会，
                共享同一张供应链网络。

                > 本文数据为2023年全省情况。如需了解具体行业或地区的数据，欢迎咨询。
                """
            ),
        ),
    ),
)


_POLICIES_OVERVIEW = DemoPost(
    slug="support-policies-overview",
    published="2024-04-22",
    labels=("policies",),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="A map of the support policies: six kinds and who they are for",
            summary=(
                "Guangdong's programme for high-quality development supports enterprises in six "
                "broad ways. This overview explains each kind, the enterprises it usually suits "
                "and what to prepare."
            ),
            body=_en(
                """
                Support policies are easy to lose track of: each has its own document, its own
                conditions and its own deadline. It helps to see them first as a small number
                of kinds. Under Guangdong's programme for high-quality development, most of what
                an industrial enterprise can apply for falls into six.

                ## 1. Industrial technology innovation

                Support for enterprises that develop new products, materials or processes,
                often together with a university or research institute. It suits enterprises
                with their own engineering team and a concrete technical problem to solve.
                Prepare a description of the problem, the planned work and the people doing it.

                ## 2. Technological transformation of industrial enterprises

                Support for upgrading equipment, processes and production lines in existing
                factories. For example, a ceramics plant that replaces its kilns with more
                efficient ones, or a furniture maker that automates cutting and edging.
                Prepare the investment plan, the equipment list and what the change will
                improve: output, quality, energy use or safety.

                ## 3. Digital transformation of enterprises above designated size

                Support for industrial enterprises above designated size, that is, with annual
                main-business revenue of at least 20 million yuan, that connect machines and
                bring planning, production, quality and stock onto digital systems. Prepare a
                picture of the systems you use today and where you want to be.

                ## 4. Talent

                Support for bringing in and keeping skilled people: engineers, technicians and
                managers, and the training of an enterprise's own workforce. It suits
                enterprises that are adding a new process or moving production and need people
                who can run it.

                ## 5. Technology finance

                Ways to fund innovation and upgrading beyond an enterprise's own cash, such as
                loans and investment arranged for technology projects. It suits enterprises
                whose upgrade plan is sound but larger than they can pay for at once.

                ## 6. Integration of the four chains

                The "integration of the innovation, industrial, capital and talent chains" is
                less a single scheme than a way of working: linking research, production,
                money and people around an industry, so that a result in a laboratory can find
                a factory, funding and staff. We explain it in a post of its own.

                ## How to find what fits you

                Amounts, conditions and deadlines are set by each policy document and change
                from year to year, so this overview gives none of them. Instead:

                - read the current policies on this site, filtered by the **Policies** label;
                - sign in as an enterprise to see which policies you qualify for, which you
                  may qualify for and which data is missing;
                - or send us an enquiry, and an officer will go through them with you.
                """
            ),
        ),
    ),
)


_WHY_SIHUI = DemoPost(
    slug="why-a-relocating-factory-might-choose-sihui",
    published="2024-06-03",
    labels=("why-sihui", "relocation"),
    featured=True,
    versions=(
        DemoVersion(
            language="en",
            title="Why a relocating factory might choose Sihui",
            summary=(
                "Sihui is a county-level city of Zhaoqing, in the Pearl River Delta's orbit near "
                "Guangzhou and Foshan. Here is what it offers a factory that is moving, and the "
                "questions to ask before deciding."
            ),
            body=_en(
                """
                Every relocation starts with a list of places and ends with one. This post
                explains why Sihui deserves a place on the list, and is honest about the
                questions you should still ask us.

                ## Where Sihui is

                Sihui is a county-level city administered by Zhaoqing, in Guangdong. Zhaoqing is
                one of the Pearl River Delta cities of the Guangdong-Hong Kong-Macao Greater
                Bay Area, and Sihui is near Guangzhou and Foshan. Two of Guangdong's four
                trillion-yuan cities are therefore close by: their suppliers, logistics and
                customers are within reach, while the factory itself sits in a smaller city.

                ## Four reasons to look at Sihui

                1. **The delta's supply network without its big-city setting.** A factory in
                   Sihui draws on the same province of more than 18 million business entities
                   as one in a large city.
                2. **A province that is upgrading industry.** Guangdong's programmes support
                   the technological transformation of industrial enterprises and the digital
                   transformation of those above designated size. A factory that moves is also
                   installing new lines, which is the right moment to plan them with these
                   programmes in mind.
                3. **One point of contact.** The Sihui City Investment Promotion Center follows
                   a project from the first enquiry through site visits to aftercare once the
                   factory is running. You deal with people who know your file.
                4. **Attention.** In a county-level city, a manufacturing project is not one of
                   thousands. We aim to give each enquiry the time it needs.

                ## An illustration

                Take, as an invented example, a furniture maker with a plant abroad and most of
                its panel and hardware suppliers in the Pearl River Delta. Moving final assembly
                to Sihui would shorten the route from those suppliers to the line, and the new
                line could be designed from the start with automated cutting and a production
                system that records every order. Whether that beats staying put depends on the
                maker's own numbers, and working through them is what a site visit is for.

                ## Questions to ask us

                No place suits every factory. Before you decide, ask us, and ask for specifics:

                - What land or standard factory buildings are available for your size of line?
                - How are power, water and wastewater supplied for your process?
                - Which approvals does your project need, and in what order?
                - Which support policies could your project fit, and which data do they need?
                - What do enterprises already in Sihui say about working here?

                > Send us an enquiry with your product, the line you want to move, the space and
                > power it needs, and your timeline. You will get a reference number, and an
                > officer will contact you.
                """
            ),
        ),
        DemoVersion(
            language="zh-hans",
            title="工厂搬迁，为什么可以选择四会",
            summary=(
                "四会是肇庆市下辖的县级市，毗邻广州、佛山，处于珠三角辐射圈内。"
                "本文介绍四会能为搬迁工厂提供什么，以及决策前值得问清楚的问题。"
            ),
            body=_zh(
                """
                每一次产业转移，都从一份候选地名单开始，到一个地方结束。
                本文介绍四会为什么值得列入名单，也坦诚列出您应当向我们问清楚的问题。

                ## 四会在哪里

                四会是广东省肇庆市下辖的县级市。
                肇庆是粤港澳大湾区珠三角九市之一，
                四会邻近广州、佛山。
                这意味着两座万亿元城市的供应商、物流和客户都在辐射范围内，
                而工厂本身坐落在一座规模适中的城市。

                ## 选择四会的四个理由

                1. **共享珠三角配套网络**：在四会设厂，
                   同样可以依托全省超过1800万户市场主体形成的产业配套。
                2. **全省大力推动产业升级**：广东支持工业企业技术改造，
                   支持规模以上工业企业数字化转型。
                   工厂搬迁本身就要新建生产线，正是对照政策统筹规划的好时机。
                3. **一个窗口全程对接**：四会市投资促进中心从首次咨询、实地考察，
                   到工厂投产后的跟踪服务，全程跟进项目。
                4. **服务更用心**：在县级市，每一个制造业项目都备受重视，
                   我们力求给每一项咨询足够的时间。

                ## 举例说明

                以一家虚构的家具企业为例：工厂设在境外，
                板材和五金供应商大多在珠三角。
                若将总装环节迁至四会，可缩短供应商到生产线的距离，
                新生产线还可从一开始就配置自动开料设备和订单全程记录的生产管理系统。
                是否比留在原地更划算，取决于企业自身的测算，
                这正是实地考察要解决的问题。

                ## 建议向我们了解的问题

                - 有哪些适合贵企业生产线规模的用地或标准厂房？
                - 贵企业工艺所需的供电、供水和污水处理如何保障？
                - 项目需要办理哪些审批手续，先后顺序如何？
                - 项目可能符合哪些扶持政策，需要提供哪些数据？
                - 已在四会落户的企业如何评价这里的营商环境？

                > 欢迎提交咨询，写明产品、拟迁移的生产线、所需场地和用电以及时间安排。
                > 提交后您将获得咨询编号，我们的工作人员会与您联系。
                """
            ),
        ),
        DemoVersion(
            language="zh-hant",
            title="工廠遷移，為什麼可以選擇四會",
            summary=(
                "四會是肇慶市轄下的縣級市，鄰近廣州、佛山，位於珠三角的輻射範圍內。"
                "本文介紹四會能為遷廠企業提供哪些條件，以及決策前值得釐清的問題。"
            ),
            body=_zh(
                """
                每一次遷廠，都從一份候選地點清單開始，最後落腳在一個地方。
                本文說明四會為何值得列入清單，也坦白列出您應該向我們問清楚的問題。

                ## 四會的位置

                四會是廣東省肇慶市轄下的縣級市。
                肇慶是粵港澳大灣區珠三角九市之一，
                四會鄰近廣州與佛山。
                兩座經濟規模逾萬億元的城市，其供應商、物流與客戶都在可及範圍內，
                而工廠本身則設在一座規模適中的城市。

                ## 選擇四會的四個理由

                1. **共享珠三角供應鏈**：在四會設廠，
                   同樣能依託全省逾1,800萬家市場主體所構成的產業配套。
                2. **全省積極推動產業升級**：廣東支持工業企業技術改造，
                   並支持規模以上工業企業數字化轉型。
                   遷廠本來就要建置新產線，正是對照政策通盤規劃的好時機。
                3. **單一窗口全程服務**：四會市投資促進中心從初次諮詢、實地考察，
                   到工廠投產後的後續服務，全程跟進專案。
                4. **服務更周到**：在縣級市，每一個製造業專案都受到重視，
                   我們力求為每一項諮詢投入足夠的時間。

                ## 舉例說明

                以一家虛構的家具廠為例：工廠設在海外，
                板材與五金供應商多半在珠三角。
                若把組裝工序遷到四會，可縮短供應商到產線的距離，
                新產線也能一開始就配置自動裁切設備與記錄每張訂單的生產管理系統。
                是否比留在原地更划算，取決於企業自己的試算，
                這正是實地考察所要回答的問題。

                ## 建議向我們查詢的問題

                - 有哪些適合貴公司產線規模的用地或標準廠房？
                - 貴公司製程所需的電力、用水與廢水處理如何供應？
                - 專案須辦理哪些審批手續，順序為何？
                - 專案可能符合哪些獎補政策，須提供哪些資料？
                - 已在四會設廠的企業，如何評價當地的經營環境？

                > 歡迎提出諮詢，註明產品、擬遷移的產線、所需場地與用電量，以及時程規劃。
                > 送出後您將取得諮詢編號，我們的同仁會與您聯絡。
                """
            ),
        ),
    ),
)


_CONVERSATION = DemoPost(
    slug="from-vietnam-to-sihui-a-conversation",
    published="2024-08-19",
    labels=("relocation",),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="From Vietnam to Sihui? A conversation between two factory owners",
            summary=(
                "An invented conversation between two factory owners, one thinking about moving "
                "a line from Vietnam to Sihui and one who has moved production before, about "
                "the questions that decide such a move."
            ),
            body=_en(
                """
                *Both owners in this conversation are invented, and so are their companies.
                Their questions are the ones factory owners ask us most often; nothing here
                describes a real enterprise.*

                ## Over tea

                **Mr Wong** runs a plant in Vietnam that makes lighting fixtures. **Ms Lin**
                has moved production between countries once before.

                **Wong:** My customers keep asking about lead times, and half my components
                come from the Pearl River Delta anyway. I keep wondering whether the
                assembly should sit closer to the parts.

                **Lin:** Before you think about where, decide what. The whole plant, one line,
                or a new product?

                **Wong:** One line first. Moulding and assembly for the lighting range.

                **Lin:** Then start with the numbers you already have: floor space, power,
                headcount, the skills you need and the volumes you expect. Nobody can tell
                you whether a place fits until you can tell them that.

                **Wong:** Someone suggested Sihui. Why a county-level city?

                **Lin:** Because it is in Zhaoqing, near Guangzhou and Foshan, so your
                suppliers would still be within reach, but the factory is in a smaller city.
                Compare it with a larger city on the same list. What matters is the cost and
                time of your own supply route, and you can only work that out with your
                own parts list.

                **Wong:** I hear a lot about the provincial programmes: technological
                transformation, digital transformation.

                **Lin:** They are real programmes, but do not plan a move around a subsidy.
                Ask which programmes your project could fit and what data they need. Note
                the threshold too: some are for enterprises above designated size, which
                means annual main-business revenue of at least 20 million yuan.

                **Wong:** And the plant in Vietnam?

                **Lin:** When I moved, I kept the old line running until the new one had
                passed my customers' audits. Overlap costs money, but losing a customer
                costs more.

                **Wong:** How do I start?

                **Lin:** Write to the investment promotion center. Say what you make, which
                line you want to move, the space and power it needs, and your timeline. You
                get a reference number and an officer calls you back. Then go and see for
                yourself.

                **Wong:** Should I bring my engineers?

                **Lin:** Bring your production manager. The person who will run the line
                asks better questions than either of us.

                ## The questions, in short

                - What exactly moves: a plant, a line or a new product?
                - What does that line need: space, power, water, people, skills?
                - Where are its suppliers and customers, and how long is the route?
                - Which approvals, in what order?
                - Which support programmes could fit, and what data do they need?
                - How long will the old and new lines overlap?

                > If these are your questions too, send us an enquiry. We are glad to go
                > through them with you, in English or in Chinese.
                """
            ),
        ),
    ),
)


_ABOVE_DESIGNATED_SIZE = DemoPost(
    slug="what-above-designated-size-means",
    published="2024-10-14",
    labels=("policies", "industry"),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="What “above designated size” means, and why it matters",
            summary=(
                "An industrial enterprise is “above designated size” when its annual "
                "main-business revenue is at least 20 million yuan. The threshold decides which "
                "programmes an enterprise can join."
            ),
            body=_en(
                """
                Chinese policy documents often speak of enterprises “above designated size”
                (规模以上, often shortened to 规上). Investors from outside mainland China
                meet the phrase early, usually in the conditions of a support policy.

                ## The definition

                An industrial enterprise is above designated size when its **annual
                main-business revenue is at least 20 million yuan**. Below that, it is an
                enterprise below designated size.

                Two words in the definition deserve attention:

                - **Annual** means revenue over a year, not a single good month or quarter.
                - **Main-business** means revenue from the enterprise's principal activity,
                  for a factory its products. Other income, such as from selling an old
                  machine, is not part of it.

                ## Three illustrative cases

                | Enterprise (invented) | Annual main-business revenue | Status |
                | --- | --- | --- |
                | Small packaging workshop | 15 million yuan | below designated size |
                | Furniture maker | 20 million yuan | above designated size |
                | Electronics assembler | 26 million yuan | above designated size |

                The threshold is inclusive: an enterprise with exactly 20 million yuan is
                above designated size.

                ## Why it matters

                **Eligibility.** Some programmes are written for enterprises above designated
                size only. The clearest example is digital transformation: Guangdong's target
                for 2024 was the digital transformation of 9,200 industrial enterprises above
                designated size. A workshop below the threshold may still find support
                elsewhere, for example in technological transformation, whose 2024 target of
                9,000 industrial enterprises was not tied to the size threshold.

                **Statistics.** Industrial statistics commonly report enterprises above
                designated size as a group of their own, so the status also shapes how an
                enterprise's figures are collected and compared.

                **Planning.** For a relocating factory the threshold is a milestone worth
                planning for. An enterprise that expects to pass it in its second or third
                year in Sihui can prepare for the programmes that open up then.

                ## How this site uses it

                An enterprise that signs in sees its own status next to each policy: whether it
                meets the size condition, fails it, or whether the revenue figure is missing. If
                it is missing, the page says so, rather than guessing.

                > Not sure how your revenue should be counted? Send us an enquiry; we will
                > explain how the figure is usually reported.
                """
            ),
        ),
        DemoVersion(
            language="zh-hans",
            title="什么是“规模以上”工业企业",
            summary=(
                "年主营业务收入2000万元及以上的工业企业，即为规模以上工业企业。"
                "这一标准关系到企业能够参与哪些政策项目。"
            ),
            body=_zh(
                """
                政策文件中经常出现“规模以上工业企业”（简称“规上工业企业”）。
                对于境外投资者，这往往是在研究扶持政策申报条件时最先遇到的概念之一。

                ## 定义

                年主营业务收入**2000万元及以上**的工业企业，为规模以上工业企业；
                低于这一标准的，为规模以下工业企业。

                定义中有两点值得注意：

                - **年**：按全年收入计算，而不是某个月或某个季度。
                - **主营业务**：指企业主要经营活动的收入，对工厂而言即产品销售收入。
                  出售旧设备等其他收入不计入。

                ## 举例说明（虚构企业）

                | 企业 | 年主营业务收入 | 类别 |
                | --- | --- | --- |
                | 小型包装厂 | 1500万元 | 规模以下 |
                | 家具企业 | 2000万元 | 规模以上 |
                | 电子组装企业 | 2600万元 | 规模以上 |

                标准含本数：年主营业务收入恰好为2000万元的企业，属于规模以上。

                ## 为什么重要

                - **申报条件**：部分政策只面向规上工业企业。
                  例如，广东2024年提出推动9200家规上工业企业数字化转型；
                  而推动9000家工业企业技术改造的目标，并未限定企业规模。
                - **统计口径**：工业统计通常将规上工业企业作为单独一类，
                  这一身份也影响企业数据的采集和比较方式。
                - **发展规划**：对搬迁企业而言，迈入规上是值得提前规划的节点。

                ## 本网站如何使用这一标准

                企业登录后，可在每项政策旁看到自身情况：
                符合规模条件、不符合，或是缺少营业收入数据。
                数据缺失时，页面会如实提示，不作推测。

                > 如不确定营业收入应如何计算，欢迎提交咨询，我们将为您说明。
                """
            ),
        ),
    ),
)


_ENQUIRY = DemoPost(
    slug="how-to-send-an-enquiry",
    published="2025-01-13",
    labels=("news", "relocation"),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="How to send us an enquiry, and what happens next",
            summary=(
                "An enquiry is the quickest way to start a conversation with the Sihui City "
                "Investment Promotion Center. Here is what to write, what you receive and how "
                "we follow up."
            ),
            body=_en(
                """
                Many investment projects begin with a short message. You do not need
                a finished plan to write to us; you need a question. This post explains how to
                send an enquiry through this site and what happens after you press the button.

                ## What to write

                The more we know, the more useful our first answer. A good enquiry covers:

                - **Who you are:** the company, where it is registered, and a person to contact.
                - **What you make:** products, and if you know it, the industry they belong to.
                - **What you plan:** a new factory, moving a line, expanding, or a partnership.
                - **What it needs:** land or floor space, power, water, and roughly how many
                  people.
                - **When:** your timeline, even if it is only "within two years".
                - **Language:** English, Simplified Chinese or Traditional Chinese.

                Only a way to reach you is essential; the rest helps. If a figure is
                confidential or not yet known, say so; an honest "not decided" is more useful
                than a guess.

                ## What you receive

                When you send the form, the site shows a **reference number**. Keep it: quote
                it when you call or write to us, and everyone who handles your enquiry will
                find it at once.

                ## What happens next

                1. **An officer reads it.** Your enquiry goes to a promotion officer at the
                   center, who becomes your contact for the project.
                2. **We reply.** The officer contacts you by the channel you gave, answers what
                   can be answered straight away, and asks what is missing.
                3. **We talk it through.** For a serious project, a call or meeting follows, to
                   understand the line, the volumes and the constraints.
                4. **You visit.** When you are ready, we plan a site visit around your
                   questions: available sites, utilities, approvals and support policies.
                5. **We stay in touch.** The project is followed up until a decision is made,
                   and if you set up in Sihui, aftercare continues after production starts.

                ## If you prefer the telephone

                You can also call the center on +86 758 3611228; the same number takes faxes.
                Please mention your reference number if you already have one.

                > There is no wrong question. If you are only comparing places and want to
                > know whether Sihui belongs on your list, that is a good enquiry too.
                """
            ),
        ),
        DemoVersion(
            language="zh-hans",
            title="如何提交投资咨询？提交后会怎样？",
            summary=(
                "提交咨询是与四会市投资促进中心建立联系最便捷的方式。"
                "本文介绍咨询应写些什么、提交后会收到什么以及我们如何跟进。"
            ),
            body=_zh(
                """
                很多投资项目，都是从一条简短的留言开始的。
                给我们写信不需要完整的方案，只需要一个问题。
                本文介绍如何通过本网站提交咨询，以及提交之后的流程。

                ## 咨询内容建议

                信息越充分，我们的首次答复就越有针对性。建议写明：

                - **企业情况**：企业名称、注册地及联系人。
                - **主要产品**：产品类别，如已知可注明所属行业。
                - **投资计划**：新建工厂、迁移生产线、扩大产能或寻求合作。
                - **要素需求**：用地或厂房面积、用电、用水及大致用工人数。
                - **时间安排**：哪怕只是“两年之内”也可以。
                - **沟通语言**：英文、简体中文或繁体中文。

                其中联系方式必不可少，其余内容可视情况填写。
                如有数据涉及商业秘密或尚未确定，如实说明即可。

                ## 提交后您将收到什么

                提交表单后，页面将显示**咨询编号**。
                请妥善保存，来电或来函时告知编号，经办人员即可迅速查到您的咨询。

                ## 后续流程

                1. **专人受理**：咨询由中心的招商专员受理，并作为项目联系人全程跟进。
                2. **及时回复**：专员通过您留下的方式与您联系，
                   能当即答复的当即答复，并了解尚缺的信息。
                3. **深入沟通**：对有明确意向的项目，安排电话或会面，
                   了解生产线、产量和限制条件。
                4. **实地考察**：待您准备就绪，我们围绕您关心的问题安排考察，
                   包括可选地块、水电配套、审批手续和扶持政策。
                5. **持续服务**：项目跟进至作出决定；企业落户四会后，
                   投产后的跟踪服务也将继续。

                ## 电话联系

                您也可以致电四会市投资促进中心：+86 758 3611228（电话传真同号）。
                如已有咨询编号，请一并告知。

                > 没有不该问的问题。即使您只是在比较各地，
                > 想了解四会是否值得列入考虑，也欢迎来询。
                """
            ),
        ),
        DemoVersion(
            language="zh-hant",
            title="如何提出投資諮詢？送出後的流程為何？",
            summary=(
                "提出諮詢是與四會市投資促進中心聯絡最便捷的方式。"
                "本文說明諮詢內容該寫些什麼、送出後會收到什麼，以及我們如何跟進。"
            ),
            body=_zh(
                """
                許多投資專案，都是從一則簡短的留言開始。
                來信不需要完整的計畫，只需要一個問題。
                本文說明如何透過本網站提出諮詢，以及送出之後的流程。

                ## 建議填寫的內容

                資訊越完整，我們的第一次回覆就越切題。建議註明：

                - **公司資料**：公司名稱、註冊地點及聯絡人。
                - **主要產品**：產品類別，如已知可註明所屬行業。
                - **投資計畫**：新設工廠、遷移產線、擴充產能或尋求合作。
                - **資源需求**：用地或廠房面積、用電、用水及大約員工人數。
                - **時程規劃**：即使只是「兩年內」也無妨。
                - **溝通語言**：英文、簡體中文或繁體中文。

                其中聯絡方式不可或缺，其餘內容可視情況填寫。
                若有資料涉及營業秘密或尚未確定，直接說明即可。

                ## 送出後會收到什麼

                表單送出後，頁面會顯示**諮詢編號**。
                請妥善保存；來電或來函時提供編號，承辦同仁便能立即查到您的諮詢。

                ## 後續流程

                1. **專人受理**：諮詢由中心的招商專員受理，並擔任專案聯絡窗口。
                2. **盡快回覆**：專員以您留下的方式與您聯絡，
                   能立即回答的問題當場回答，並了解尚缺的資訊。
                3. **深入洽談**：對有明確意向的專案，安排電話或面談，
                   了解產線、產量與限制條件。
                4. **實地考察**：待您準備就緒，我們依您關心的問題安排考察行程，
                   包括可選用地、水電配套、審批手續與獎補政策。
                5. **持續服務**：專案跟進至作出決定為止；企業在四會設廠後，
                   投產後的後續服務也會持續進行。

                ## 電話聯絡

                您也可以致電四會市投資促進中心：+86 758 3611228（電話與傳真同號）。
                如已有諮詢編號，請一併告知。

                > 沒有不該問的問題。即使您仍在比較各地，
                > 想知道四會是否值得列入考量，也歡迎來信詢問。
                """
            ),
        ),
    ),
)


_CREDIT_CODE = DemoPost(
    slug="unified-social-credit-code-explained",
    published="2025-04-07",
    labels=("relocation",),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="The Unified Social Credit Code: an enterprise's 18-character identity",
            summary=(
                "Every enterprise registered in mainland China has a Unified Social Credit Code of "
                "18 characters. Here is what it is, how it is built and why this site asks for it."
            ),
            body=_en(
                """
                A factory that sets up in Sihui gets many documents, but one identifier
                follows it everywhere: the Unified Social Credit Code (统一社会信用代码). It
                appears on the business licence, on invoices, in bank accounts and in every
                application for a support policy. For an investor from outside mainland China,
                it is worth understanding early.

                ## One code instead of several

                The code is defined by the national standard GB 32100-2015. It gives each
                registered entity a single identifier of **18 characters**, used by every
                authority, so that the same enterprise is recognised in the same way whether
                it deals with tax, customs, statistics or a policy office.

                ## How the 18 characters are built

                | Position | Content |
                | --- | --- |
                | 1 | the kind of authority that registered the entity |
                | 2 | the kind of entity, for example an enterprise |
                | 3–8 | the administrative division code of the registering authority |
                | 9–17 | the identification number of the entity |
                | 18 | a check character |

                Positions 3 to 8 use the region codes of GB/T 2260. For an enterprise
                registered in Sihui they would normally read **441284**, the code of Sihui; a
                code of the form `XX441284XXXXXXXXXX` is therefore a hint, though not proof, of
                a registration in Sihui. Our post on region and industry codes explains how
                those six digits are put together.

                ## The check character

                The last character is computed from the first seventeen with a weighted sum
                modulo 31. It catches most typing mistakes: change one character, or swap two
                neighbouring ones, and the check usually fails. The code uses digits and
                capital letters, but not every letter, so that easily confused characters are
                left out.

                ## Why this site asks for it

                An enterprise account on this site is tied to its Unified Social Credit Code.
                The code lets us match the account to the enterprise's registered details and
                yearly figures, and so tell it which support policies it qualifies for, which
                it may qualify for once data is added, and why it does not meet the rest.

                When you type the code, the site checks its length, its characters and its
                check character before anything is saved. If it fails, the message says which
                rule was broken, so that a typing mistake is caught at once.

                ## A few practical points

                - Copy the code from the business licence, not from memory.
                - A branch may have a code of its own; use the code of the entity that will
                  apply for a policy.
                - Before an entity is registered, there is no code yet. You can still send an
                  enquiry without one.

                > Setting up a new entity in Sihui and unsure what it will need? Send us an
                > enquiry and we will explain the registration steps.
                """
            ),
        ),
    ),
)


_CODES = DemoPost(
    slug="region-and-industry-codes",
    published="2025-07-21",
    labels=("industry",),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="Region and industry codes: how Sihui and your products are classified",
            summary=(
                "Chinese statistics and policies classify places with GB/T 2260 and economic "
                "activities with GB/T 4754-2017. Knowing both codes for your project saves time "
                "in every form you fill in."
            ),
            body=_en(
                """
                Two code lists turn up again and again in forms, statistics and policy
                conditions: one says **where** an enterprise is, the other **what** it does.
                Both are national standards, and both are used on this site.

                ## Where: GB/T 2260

                GB/T 2260 gives every administrative division a code. Province, prefecture-level
                city and county-level unit each add two digits, so that the code of a place
                begins with the code of the places that contain it.

                | Level | Place | Code |
                | --- | --- | --- |
                | Province | Guangdong | 44 |
                | Prefecture-level city | Zhaoqing | 4412 |
                | County-level city | Sihui | 441284 |

                Written out in six digits, as forms usually ask, Guangdong is 440000 and
                Zhaoqing 441200. Because the codes nest, a policy that applies to all of
                Zhaoqing covers every code beginning with 4412, and one for the whole province
                covers every code beginning with 44.

                ## What: GB/T 4754-2017

                GB/T 4754-2017, the Industrial Classification for National Economic Activities,
                sorts every economic activity into a tree. At the top are **20 sections**,
                lettered A to T. Below them come **97 divisions**, numbered with two digits,
                and each division is split further into groups and classes.

                **Manufacturing is section C**, and it spans **divisions 13 to 43**. A factory
                therefore almost always has a code beginning with a number in that range. For
                example, furniture manufacturing is division 21, and the manufacture of
                computers, communication and other electronic equipment is division 39.

                ## Why the codes matter to you

                - **Policy conditions.** A policy is often limited to certain places or
                  industries. Written as codes, "manufacturing enterprises in Zhaoqing" becomes
                  a precise test: region code beginning with 4412, industry division between
                  13 and 43.
                - **Statistics.** Figures for a place or an industry are compiled by these
                  codes, so an enterprise's own classification decides which figures it counts
                  towards.
                - **Matching.** On this site, an enterprise's region and industry codes are
                  part of how policies are matched to it. A wrong or missing code can hide a
                  policy the enterprise would qualify for.

                ## Finding your own codes

                Your region code follows from where the entity is registered; for Sihui it is
                441284. Your industry code follows from your main activity. If the products
                could belong to more than one class, for example a maker of metal furniture,
                choose by the activity that brings in most of the revenue, and ask us if in
                doubt.

                > When you send an enquiry, you do not need to know your codes. Describe your
                > products; we will help you find the right classification.
                """
            ),
        ),
    ),
)


_TRANSFORMATION = DemoPost(
    slug="technological-and-digital-transformation-a-practical-reading",
    published="2025-09-15",
    labels=("industry", "policies"),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="Technological and digital transformation: a practical reading for factories",
            summary=(
                "Two of Guangdong's main programmes for industry are the technological "
                "transformation of industrial enterprises and the digital transformation of "
                "those above designated size. What is the difference, and how does a factory "
                "prepare?"
            ),
            body=_en(
                """
                Factory owners often ask us whether a project counts as "technological" or
                "digital" transformation. The two overlap, but they answer different
                questions. Technological transformation asks: can the line make more, better
                or more safely? Digital transformation asks: does the enterprise know, at any
                moment, what its lines are doing?

                ## Side by side

                | | Technological | Digital |
                | --- | --- | --- |
                | Who | industrial enterprises | industrial enterprises above designated size |
                | What changes | equipment, processes, lines | data, systems, connections |
                | Typical result | more output, better quality | decisions on live data |
                | 2024 provincial target | 9,000 enterprises | 9,200 enterprises |

                ## Technological transformation, by example

                Picture an invented ceramics plant with an old kiln and manual glazing. A
                technological transformation project might replace the kiln with a more
                efficient one and add a glazing robot. The plant produces the same tiles with
                less energy and fewer rejects. The project is measured in the factory: output
                per shift, defect rate, energy per square metre.

                ## Digital transformation, by example

                Now picture an invented furniture maker, above designated size, whose orders
                live in spreadsheets and whose machines report nothing. A digital
                transformation project might connect the cutting machines, give every order a
                record that follows it through the workshop, and bring stock and quality
                checks onto the same system. The project is measured in information: how
                quickly a delay is seen, how accurately delivery dates are promised.

                ## Where they meet

                A new machine usually arrives with sensors and software, so a technological
                project often carries a digital part. And a digital project gets more from
                modern equipment. For a factory that is relocating, the two can be planned
                together from the start, which is cheaper than adding the digital layer later.

                ## How to prepare

                1. **Describe today.** List the equipment, the systems and the figures you
                   track now. A baseline is what makes an improvement visible.
                2. **Name the goal.** One or two measurable aims are better than ten vague ones.
                3. **Cost the plan.** Separate equipment, software, installation and training.
                4. **Check your size.** If you are close to 20 million yuan of annual
                   main-business revenue, know which side of the threshold you are on.
                5. **Ask before you buy.** Some programmes look at projects before the money
                   is spent, so talk to us while the plan is still a plan.

                > This post describes the programmes in general. The conditions of each call
                > are set in its own document; the policy pages on this site list the current
                > ones.
                """
            ),
        ),
    ),
)


_FOUR_CHAINS = DemoPost(
    slug="integration-of-the-four-chains",
    published="2026-03-09",
    labels=("policies",),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="What “integrating the four chains” means for a factory",
            summary=(
                "Guangdong's high-quality development programme speaks of integrating the "
                "innovation, industrial, capital and talent chains. This post explains the idea "
                "in plain terms and what it can mean for one factory."
            ),
            body=_en(
                """
                Among the phrases in Guangdong's programme for high-quality development, the
                "integration of the innovation, industrial, capital and talent chains" is
                perhaps the hardest to translate into everyday terms. It is not a single
                scheme with an application form. It is a way of organising support so that
                four things that usually live apart meet around an industry.

                ## The four chains

                | Chain | What it carries | Typical actors |
                | --- | --- | --- |
                | Innovation | research results, new technology | universities, institutes, labs |
                | Industrial | materials, parts, finished goods | suppliers, makers, customers |
                | Capital | money for growth and risk | banks, investors, public funds |
                | Talent | people who can do the work | engineers, technicians, managers |

                Each chain can be strong on its own and still fail a factory. A research
                result nobody can manufacture stays in the laboratory. A factory with a good
                product but no money for new equipment stands still. A new line without
                people to run it is idle.

                ## What integration means

                Integration means that the four are linked on purpose. Research projects are
                chosen with the industries that will use them in mind; finance is arranged for
                the stage where a result becomes a product; training follows the skills that
                new lines need. The province's 2024 targets point the same way: new major
                research projects and application scenarios, and greater rights for
                researchers in public institutions to the benefits of transferring their
                results, which gives them a reason to work with industry.

                ## What it can mean for one factory

                Take an invented example: a maker of electrical components in Sihui wants a
                new insulating material that survives higher temperatures.

                - **Innovation:** it works with a research institute that has studied such
                  materials, and the researchers share in the benefit if the result is used.
                - **Industrial:** the new material has to fit the factory's moulding process
                  and its customers' specifications.
                - **Capital:** the trial line is funded partly through technology finance
                  rather than entirely from the factory's own cash.
                - **Talent:** technicians are trained to run the new process before it goes
                  into production.

                None of these steps is new on its own. What integration adds is that someone
                helps connect them, rather than leaving the enterprise to find each partner
                alone.

                ## Our part

                The Sihui City Investment Promotion Center is one of those connectors at the
                local level. If your project needs a research partner, finance or skilled
                staff, tell us which link is missing.

                > Send an enquiry describing the project and the gap. We will tell you which
                > programmes and partners to look at.
                """
            ),
        ),
    ),
)


_SITE_VISIT = DemoPost(
    slug="planning-a-site-visit-to-sihui",
    published="2026-11-02",
    labels=("events", "relocation"),
    featured=False,
    versions=(
        DemoVersion(
            language="en",
            title="Planning a site visit to Sihui: a checklist for investors",
            summary=(
                "A site visit is where a relocation plan meets real sites, utilities and people. "
                "This checklist helps you prepare, so that one visit answers as many questions "
                "as possible."
            ),
            body=_en(
                """
                Reading about a place only goes so far. Sooner or later, an investor who is
                serious about Sihui wants to stand on a site, see the buildings and talk to
                the people who would be their neighbours and partners. A site visit is also
                expensive in time, so it pays to plan it well.

                ## Before the visit

                Start with an enquiry, if you have not sent one. Then agree with your officer
                what the visit should settle. A good visit has three to five questions, not
                thirty. For example:

                1. Is there a site or standard factory building of the right size?
                2. Can power, water and wastewater treatment meet the process?
                3. Which approvals are needed, and how long do they usually take?
                4. Which support programmes could the project fit?

                Send the technical needs in advance: floor area, ceiling height, floor
                loading, power demand, water use, and anything special about the process. The
                officer can then choose sites that fit instead of showing everything.

                ## Whom to bring

                | Person | Why |
                | --- | --- |
                | Decision maker | to judge the overall fit and meet the people behind it |
                | Production or plant manager | to look at a site with the line in mind |
                | Finance lead | to ask about costs, finance and support programmes |
                | Interpreter, if needed | so that everyone on your team follows every detail |

                ## During the visit

                - Walk the sites with a floor plan of the line in hand.
                - Ask about utilities at the site itself, not in general.
                - Visit, where possible, an enterprise already working in Sihui and ask it
                  about daily practice.
                - Write down open questions as you go; your officer will collect them.

                ## After the visit

                Within your own team, compare Sihui with the other places on your list while
                the impressions are fresh. Send your officer the open questions and any
                figures you promised. The answers go into your project file under its
                reference number, so nothing has to be repeated.

                If you decide to go ahead, the same officer helps with the next steps. If you
                decide against Sihui, telling us why helps us too.

                ## An illustrative timetable

                For example, a one-day visit for a relocating electronics assembler might run:
                morning at two candidate sites, lunch with the center, afternoon at an
                existing factory and a meeting on approvals and policies, and a short review
                at the end of the day.

                > To plan a visit, send an enquiry or call the center on +86 758 3611228, and
                > mention your reference number if you have one.
                """
            ),
        ),
    ),
)


POSTS: tuple[DemoPost, ...] = (
    _CONFERENCE,
    _ECONOMY,
    _POLICIES_OVERVIEW,
    _WHY_SIHUI,
    _CONVERSATION,
    _ABOVE_DESIGNATED_SIZE,
    _ENQUIRY,
    _CREDIT_CODE,
    _CODES,
    _TRANSFORMATION,
    _FOUR_CHAINS,
    _SITE_VISIT,
)


CONTACTS: tuple[DemoContact, ...] = (
    DemoContact(
        slug="sihui-investment-promotion-center",
        name_en="Sihui City Investment Promotion Center",
        name_zh_hans="四会市投资促进中心",
        name_zh_hant="四會市投資促進中心",
        role_en="Investment enquiries, site visits and aftercare for enterprises in Sihui",
        role_zh_hans="投资咨询、实地考察及在四会企业的跟踪服务",
        role_zh_hant="投資諮詢、實地考察及在四會企業的後續服務",
        phone="+86 758 3611228",
        fax="+86 758 3611228",
        email="",
        address_en="",
        address_zh_hans="",
        address_zh_hant="",
        office_hours_en="",
        office_hours_zh_hans="",
        office_hours_zh_hant="",
    ),
    DemoContact(
        slug="zhaoqing-investment-promotion-bureau",
        name_en="Zhaoqing Investment Promotion Bureau",
        name_zh_hans="肇庆市投资促进局",
        name_zh_hant="肇慶市投資促進局",
        role_en="Investment promotion for the city of Zhaoqing, of which Sihui is a part",
        role_zh_hans="肇庆市（含四会市）投资促进工作",
        role_zh_hant="肇慶市（含四會市）投資促進工作",
        phone="+86 758 2899202",
        fax="+86 758 2282600",
        email="",
        address_en="6/F, No. 18 Jiangbin West Road, Duanzhou District, Zhaoqing, Guangdong",
        address_zh_hans="广东省肇庆市端州区江滨西路18号6楼",
        address_zh_hant="廣東省肇慶市端州區江濱西路18號6樓",
        office_hours_en="",
        office_hours_zh_hans="",
        office_hours_zh_hant="",
    ),
)


def check() -> None:
    """Assert that the demo content is consistent; cheap enough to run in a test."""
    label_slugs = [label.slug for label in LABELS]
    assert len(label_slugs) == len(set(label_slugs)), "label slugs are not unique"
    post_slugs = [post.slug for post in POSTS]
    assert len(post_slugs) == len(set(post_slugs)), "post slugs are not unique"
    contact_slugs = [contact.slug for contact in CONTACTS]
    assert len(contact_slugs) == len(set(contact_slugs)), "contact slugs are not unique"
    for slug in (*label_slugs, *post_slugs, *contact_slugs):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert sum(post.featured for post in POSTS) == 1, "exactly one post must be featured"
    for post in POSTS:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", post.published), post.slug
        for label in post.labels:
            assert label in label_slugs, f"{post.slug}: unknown label {label!r}"
        assert post.versions, f"{post.slug}: no versions"
        assert post.versions[0].language == "en", f"{post.slug}: English must come first"
        languages = [version.language for version in post.versions]
        assert len(languages) == len(set(languages)), f"{post.slug}: repeated language"
        for version in post.versions:
            assert version.language in LANGUAGES, f"{post.slug}: bad {version.language!r}"
            assert version.title, post.slug
            assert version.summary, post.slug
            assert version.body, post.slug
