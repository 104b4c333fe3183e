"""The chains engine: chain files, their loader, and the classifier. No Django here.

Chain file format (YAML; one chain per file; shipped ones in ``zhaoshang/chains/data/``)::

    key: nev_battery                # lower-case letters, digits and _
    names: {en: ..., zh_hans: ..., zh_hant: ...}   # all three required
    acyclic: true                   # true: a supply edge that closes a cycle is refused
    links:
      - key: batteries              # unique within the chain
        stage: midstream            # upstream | midstream | downstream
        names: {en: Battery cells, zh_hans: 电池（电芯）, zh_hant: 電池（電芯）}
        classes: [C3841, C3842]     # GB/T 4754-2017 classes, or ranges as rules write
                                    # them (C3321..C3329, C33, C); may be empty
        keywords:                   # both lists required and non-empty
          zh: [锂离子电池, 动力电池, "不锈钢*"]   # * : may begin (or, leading, end) a word
          en: [lithium-ion battery]
        exclude: [太阳能电池, 电池片]  # cancel a keyword found inside them; may be empty
        supplies: [battery_packs]   # keys of links of this chain that this link supplies

:func:`chain_from_text` (and ``chain_from_data``, ``load_chain``) returns a :class:`Chain`
or raises :class:`ChainFileError` with every problem and its path
(``links[3].supplies[1]: unknown link "cathode"``). Class codes are checked with
:mod:`zhaoshang.rules.codes` against the registry's GB/T 4754 sections and divisions (the
reference data lists divisions, not classes: ``C3899`` passes, ``C9999`` and ``B3841`` do not).

:class:`Classifier` places one enterprise (:meth:`Classifier.classify`); :func:`classify_columns`
places columns of many (Arrow arrays) and gives the same placements. The rule combining class
and keywords is written in :mod:`.classify`.
"""

from zhaoshang.chains.engine.classify import Classifier, Evidence, Placement
from zhaoshang.chains.engine.loader import (
    ChainFileError,
    Problem,
    chain_from_data,
    chain_from_text,
    load_chain,
    shipped_chains,
)
from zhaoshang.chains.engine.model import Chain, Keyword, Link, Names, Stage

__all__ = [
    "Chain",
    "ChainFileError",
    "Classifier",
    "Evidence",
    "Keyword",
    "Link",
    "Names",
    "Placement",
    "Problem",
    "Stage",
    "chain_from_data",
    "chain_from_text",
    "load_chain",
    "shipped_chains",
]
