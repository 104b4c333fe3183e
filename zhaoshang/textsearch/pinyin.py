"""Pinyin for search: the syllables of Han text, and the ways an ASCII word reads as pinyin.

Plain Python, no Django. Han text is indexed as one toneless syllable per character, in
order (四会市 gives ``si hui shi``). An ASCII query word is split into syllables, the last of
which may be unfinished, and looked up as a phrase: "sihui" reads ``si hui`` and finds 四会
however the text around it was segmented; "sihu" reads ``si hu…`` and finds it too.
"""

from __future__ import annotations

import functools
import unicodedata

SYLLABLES = frozenset(
    """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu
    ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou
    chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang
    dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en
    eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou
    gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai
    huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai
    kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao
    le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve
    ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang
    nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve
    o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang
    qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan
    rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi
    shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
    tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei
    wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan
    yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha
    zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui
    zhun zhuo zi zong zou zu zuan zui zun zuo
    """.split()  # noqa: SIM905 (a list literal would take 420 lines)
)
"""Toneless Mandarin syllables as pypinyin writes them (ü as v), interjections left out."""

_PREFIXES = frozenset(s[:end] for s in SYLLABLES for end in range(1, len(s) + 1))
_LONGEST = max(map(len, SYLLABLES))
MAX_READINGS = 8
"""At most this many readings of one ASCII word are looked up."""


@functools.lru_cache(maxsize=65536)
def word_syllables(word: str) -> tuple[str, ...]:
    """Toneless pinyin of a Han word, one per character ('' where none is known)."""
    import pypinyin  # on first use: its phrase dictionary takes 50 MiB and a second to load

    syllables = pypinyin.lazy_pinyin(word)
    if len(syllables) != len(word):
        syllables = [pypinyin.lazy_pinyin(char)[0] for char in word]
    return tuple(s if s.isascii() and s.isalpha() else "" for s in syllables)


def spelling(token: str) -> str:
    """``token`` as plain pinyin letters: tone marks dropped, ü written v."""
    decomposed = unicodedata.normalize("NFD", token.replace("ü", "v"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=4096)
def readings(word: str) -> tuple[tuple[str, ...], ...]:
    """The ways ``word`` splits into syllables, the last possibly unfinished; fewest first.

    Readings with at most two syllables more than the shortest are kept, at most
    ``MAX_READINGS`` of them: "xian" reads ``xian…``, ``xia n…``, ``xi an…`` and ``xi a n…``,
    "xianxian" also ``xi an xi an…`` (西安西安).
    """
    if not (word.isascii() and word.isalpha()):
        return ()
    size = len(word)
    # fewest[i]: the fewest syllables word[i:] reads as (size + 1 if it cannot be read).
    fewest = [size + 1] * (size + 1)
    for start in range(size - 1, -1, -1):
        fewest[start] = min(
            [1 if word[start:] in _PREFIXES else size + 1]
            + [fewest[stop] + 1 for stop in _stops(word, start) if word[start:stop] in SYLLABLES]
        )
    if fewest[0] > size:
        return ()
    budget = fewest[0] + 2
    found: list[tuple[str, ...]] = []

    def walk(start: int, path: tuple[str, ...]) -> None:
        # Every step keeps within the budget, so each one leads to a reading: the walk
        # stops after a few of them, never wandering through dead ends.
        if word[start:] in _PREFIXES:
            found.append((*path, word[start:]))
        for stop in reversed(_stops(word, start)):
            piece = word[start:stop]
            if len(found) >= 4 * MAX_READINGS:
                return
            if piece in SYLLABLES and len(path) + 1 + fewest[stop] <= budget:
                walk(stop, (*path, piece))

    walk(0, ())
    return tuple(sorted(found, key=len)[:MAX_READINGS])


def _stops(word: str, start: int) -> range:
    """Where a whole syllable starting at ``start`` can end, leaving something after it."""
    return range(start + 1, min(start + _LONGEST, len(word) - 1) + 1)


def matches(syllables: list[str], reading: tuple[str, ...]) -> list[int]:
    """Where ``reading`` starts in a run's syllables (the last one matched as a prefix)."""
    *whole, last = reading
    width = len(reading)
    return [
        start
        for start in range(len(syllables) - width + 1)
        if syllables[start : start + width - 1] == whole
        and syllables[start + width - 1].startswith(last)
    ]
