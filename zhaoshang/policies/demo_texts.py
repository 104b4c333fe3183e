"""The texts of the demo policies in English, Simplified and Traditional Chinese: the title,
the summary and the body (Markdown) of each, by key. Every figure in them is the rule's
own (an award's amount, a threshold); the policies themselves are illustrative."""

from __future__ import annotations

TEXTS: dict[str, dict[str, tuple[str, str, str]]] = {
    "tech": {
        "en": (
            (
                "Award for the technological transformation of industrial enterprises above "
                "designated size"
            ),
            (
                "Industrial enterprises above designated size in Zhaoqing that renew "
                "equipment, upgrade processes or automate production lines receive a one-off "
                "award of 500,000 yuan."
            ),
            (
                "The award backs Guangdong's drive to transform the technology of its "
                "industrial enterprises.\n\n**Who may apply**\n\n- Manufacturers (section C of "
                "the national industry classification) registered in Zhaoqing;\n- "
                "main-business revenue last year at or above the threshold for enterprises "
                "above designated size (20 million yuan);\n- no major tax violation in the "
                "past three years.\n\nQualifying enterprises submit the documents to the "
                "industry and information technology bureau of their county or district "
                "within the application window."
            ),
        ),
        "zh_hans": (
            "规模以上工业企业技术改造奖励",
            (
                "肇庆市规模以上工业企业实施设备更新、工艺升级或生产线智能化改造的，可申请一次"
                "性奖励50万元。"
            ),
            (
                "本奖励支持广东省推动工业企业技术改造的工作部署。\n\n**申请条件**\n\n- 在肇庆市登"
                "记注册，属于制造业（国民经济行业分类C门类）；\n- 上一年度主营业务收入达到规模"
                "以上工业企业标准（2000万元）；\n- 近三年无重大税收违法记录。\n\n符合条件的企业"
                "请在申报期内向所在县（市、区）工业和信息化主管部门提交材料。"
            ),
        ),
        "zh_hant": (
            "規模以上工業企業技術改造獎勵",
            (
                "肇慶市規模以上工業企業實施設備更新、工藝升級或生產線智能化改造的，可申請一次"
                "性獎勵50萬元。"
            ),
            (
                "本獎勵支持廣東省推動工業企業技術改造的工作部署。\n\n**申請條件**\n\n- 在肇慶市登"
                "記註冊，屬於製造業（國民經濟行業分類C門類）；\n- 上一年度主營業務收入達到規模"
                "以上工業企業標準（2000萬元）；\n- 近三年無重大稅收違法記錄。\n\n符合條件的企業"
                "請在申報期內向所在縣（市、區）工業和信息化主管部門提交材料。"
            ),
        ),
    },
    "hightech": {
        "en": (
            "Award for recognition as a high-tech enterprise",
            (
                "Enterprises in Sihui recognised (or recognised again) as high-tech "
                "enterprises within the past two years, with a certificate still valid, "
                "receive a one-off award of 200,000 yuan."
            ),
            (
                "The award encourages enterprises to invest in research and to seek "
                "high-tech recognition.\n\n**Who may apply**\n\n- Enterprises registered in "
                "Sihui;\n- holding a valid high-tech enterprise certificate issued within the "
                "past two years.\n\nBring a copy of the certificate and the application form "
                "to the Sihui science and technology bureau."
            ),
        ),
        "zh_hans": (
            "高新技术企业认定奖励",
            (
                "四会市企业在近两年内首次或重新通过高新技术企业认定、证书仍在有效期内的，给予"
                "一次性奖励20万元。"
            ),
            (
                "鼓励企业加大研发投入、申报高新技术企业。\n\n**申请条件**\n\n- 注册地在四会市；\n-"
                " 持有有效的高新技术企业证书，且发证日期在近两年内。\n\n请携带证书复印件和申请"
                "表到四会市科学技术主管部门办理。"
            ),
        ),
        "zh_hant": (
            "高新技術企業認定獎勵",
            (
                "四會市企業在近兩年內首次或重新通過高新技術企業認定、證書仍在有效期內的，給予"
                "一次性獎勵20萬元。"
            ),
            (
                "鼓勵企業加大研發投入、申報高新技術企業。\n\n**申請條件**\n\n- 註冊地在四會市；\n-"
                " 持有有效的高新技術企業證書，且發證日期在近兩年內。\n\n請攜帶證書複印件和申請"
                "表到四會市科學技術主管部門辦理。"
            ),
        ),
    },
    "rd": {
        "en": (
            "Subsidy for enterprise R&D expenditure",
            (
                "Enterprises in Zhaoqing whose R&D expenditure is at least 3% of their "
                "revenue receive 10% of last year's R&D expenditure, up to 1 million yuan "
                "each. No application is needed: the bureau computes and pays it from the "
                "statistics."
            ),
            (
                "The subsidy is 10% of the enterprise's R&D expenditure last year, at most 1 "
                "million yuan.\n\n**Conditions**\n\n- Registered in Zhaoqing;\n- R&D expenditure "
                "last year of at least 300,000 yuan;\n- R&D expenditure of at least 3% of "
                "main-business revenue.\n\nThe bureau sets the amount itself and enterprises "
                "do not apply; make sure the R&D figure in your statistical returns is right."
            ),
        ),
        "zh_hans": (
            "企业研发费用补助",
            (
                "肇庆市研发投入强度达到3%以上的企业，按上一年度研发费用的10%给予补助，每家企"
                "业最高100万元，无需申请，由主管部门根据统计数据直接核定拨付。"
            ),
            (
                "补助按企业上一年度研发费用的10%计算，最高不超过100万元。\n\n**条件**\n\n- 注册地"
                "在肇庆市；\n- 上一年度研发费用不少于30万元；\n- 研发费用占主营业务收入的比例不"
                "低于3%。\n\n补助由主管部门直接核定，企业无需提交申请；请确保统计报表中的研发费"
                "用数据准确。"
            ),
        ),
        "zh_hant": (
            "企業研發費用補助",
            (
                "肇慶市研發投入強度達到3%以上的企業，按上一年度研發費用的10%給予補助，每家企"
                "業最高100萬元，無需申請，由主管部門根據統計數據直接核定撥付。"
            ),
            (
                "補助按企業上一年度研發費用的10%計算，最高不超過100萬元。\n\n**條件**\n\n- 註冊地"
                "在肇慶市；\n- 上一年度研發費用不少於30萬元；\n- 研發費用佔主營業務收入的比例不"
                "低於3%。\n\n補助由主管部門直接核定，企業無需提交申請；請確保統計報表中的研發費"
                "用數據準確。"
            ),
        ),
    },
    "digital": {
        "en": (
            (
                "Subsidy for the digital transformation of industrial enterprises above "
                "designated size"
            ),
            (
                "Industrial enterprises above designated size in Guangdong that carry out a "
                "digital transformation project receive 1% of their main-business revenue, "
                "up to 2 million yuan. Applications are paused until the next year's funds "
                "are allocated."
            ),
            (
                "The subsidy serves Guangdong's goal of bringing digital transformation to "
                "its industrial enterprises above designated size.\n\n**Who may apply**\n\n- "
                "Industrial enterprises above designated size in manufacturing;\n- at least "
                "50 employees.\n\nWhile applications are paused, enterprises can prepare their "
                "project plan and evidence of investment."
            ),
        ),
        "zh_hans": (
            "规模以上工业企业数字化转型补助",
            (
                "广东省规模以上工业企业实施数字化转型项目的，按主营业务收入的1%给予补助，最高"
                "200万元。本年度申报暂停，等待新一年度资金安排。"
            ),
            (
                "本补助服务于广东省推动规模以上工业企业数字化转型的目标。\n\n**申请条件**\n\n- 属"
                "于规模以上工业企业，行业为制造业；\n- 从业人员不少于50人。\n\n申报暂停期间，企"
                "业可先行准备项目方案和投入证明。"
            ),
        ),
        "zh_hant": (
            "規模以上工業企業數字化轉型補助",
            (
                "廣東省規模以上工業企業實施數字化轉型項目的，按主營業務收入的1%給予補助，最高"
                "200萬元。本年度申報暫停，等待新一年度資金安排。"
            ),
            (
                "本補助服務於廣東省推動規模以上工業企業數字化轉型的目標。\n\n**申請條件**\n\n- 屬"
                "於規模以上工業企業，行業為製造業；\n- 從業人員不少於50人。\n\n申報暫停期間，企"
                "業可先行準備項目方案和投入證明。"
            ),
        ),
    },
    "srdi": {
        "en": (
            "2025 award for specialised and new SMEs",
            (
                "In 2025, enterprises in Sihui recognised as specialised and new SMEs "
                "received a one-off award of 100,000 yuan. Applications have closed; this "
                "page stays for reference."
            ),
            (
                "The 2025 awards have been assessed and paid.\n\n**Conditions that year**\n\n- "
                "Registered in Sihui;\n- recognised as a specialised and new SME;\n- fewer "
                "than 1,000 employees."
            ),
        ),
        "zh_hans": (
            "2025年专精特新中小企业奖励",
            (
                "2025年度对四会市已认定的专精特新中小企业给予一次性奖励10万元。申报已结束，本"
                "页保留供查阅。"
            ),
            (
                "2025年度奖励已完成申报和拨付。\n\n**当年条件**\n\n- 注册地在四会市；\n- 已获专精"
                "特新中小企业认定；\n- 从业人员少于1000人。"
            ),
        ),
        "zh_hant": (
            "2025年專精特新中小企業獎勵",
            (
                "2025年度對四會市已認定的專精特新中小企業給予一次性獎勵10萬元。申報已結束，本"
                "頁保留供查閱。"
            ),
            (
                "2025年度獎勵已完成申報和撥付。\n\n**當年條件**\n\n- 註冊地在四會市；\n- 已獲專精"
                "特新中小企業認定；\n- 從業人員少於1000人。"
            ),
        ),
    },
}
