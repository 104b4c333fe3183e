"""Industrial chains: chains as data files, the placement of enterprises on their links.

The Django-free part (file format, loader, classifier, bulk path) is :mod:`.engine`.
"""
