"""Importing the site inventory: parcels and buildings from CSV or XLSX (one row a site), and
parcels, parks (or buildings, by a point) from GeoJSON (one feature a site). One pipeline
whose stages hand the next a plain value and never call back:

    read      (``read``: the format, the registry's hostile-file bounds for CSV and XLSX,
               GeoJSON checked as a whole; records of raw values, at most ``MAX_RECORDS``)
    → map     (``mapping``: headers or properties to fields in any of the three languages,
               parks and counties named by code, slug or name, a feature's geometry to the
               outline or the point, a key given twice refused on every line carrying it)
    → write   (``write``: each record through ``services.site_upsert``, the same checks as
               the forms; one transaction a record; an unchanged site is not written)
    → report  (``report``: counts and the problems by line or feature and field)

``fields`` lists what each kind takes and how headers are recognised; ``template`` writes the
blank template; ``pipeline`` drives the stages for the page and the command.
"""
