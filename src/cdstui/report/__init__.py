"""The report workbook that leaves the ward (issue 5).

Public API (importing this package costs nothing: openpyxl is loaded only
when a workbook is written):

* ``cdstui.report.export.export_report(store, plan_id, period_code=None, *,
  output=None, lead=None, refresh=False, today=None, settings=None) ->
  ExportResult`` — write a period's report, record the submission, reproduce
  a submitted period unless ``refresh``; ``ReportError`` / ``PeriodError``.

The agency's filled copy comes back through ``cdstui.importers.roundtrip``.

Modules: ``columns`` (the data sheets' columns, shared with the round trip),
``look`` (styles, cells, blocks, print setup), ``sheet_tasks``,
``sheet_indicators``, ``sheet_summary`` (one per sheet), ``workbook``
(assembly, identity sheet, safe write), ``xlsx_writer`` (the file itself,
faster than openpyxl alone; the only module with openpyxl's private names),
``filename``, ``export``.
"""
