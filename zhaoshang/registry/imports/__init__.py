"""Importing enterprise files: one pipeline whose stages each hand the next a plain value
and never call back.

    read      (``read``: format, encoding, bounds; raw rows of cell texts)
    → map     (``mapping``: the header row, which column is which field)
    → validate (``validate``: ``registry.domain.validation`` row by row, in a child process for a
               large file; rows ready for the database)
    → write   (``write``: upserts by credit code in chunks, one transaction each)
    → report  (``report``: counts, merged duplicates, ignored columns, problems by line)

``pipeline`` drives them; ``mappings`` keeps the mappings people save (the model and its
service).
"""
