"""The enterprise record and what is checked of it, without Django: the columns of an
enterprise file and the typed record (``schema``), the row validator (``validation``) with
what it compares against and says (``validation_tables``), and the shipped reference data,
Guangdong's regions and the GB/T 4754 industries (``reference``). The imports, the generator
and the rules engine build on them; the models and views live beside this package."""
