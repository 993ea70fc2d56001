"""The report workbook that leaves the ward (issue 5), and the agency round trip.

Public API (importing this package costs nothing: openpyxl is loaded only
when a workbook is written or read):

* ``cdstui.report.export.export_report(store, plan_id, period_code=None, *,
  output=None, lead=None, refresh=False, today=None, settings=None) ->
  ExportResult`` — write a period's report, record the submission, reproduce
  a submitted period unless ``refresh``; ``ReportError`` / ``PeriodError``.
* ``cdstui.report.roundtrip.is_cdstui_export(path)``,
  ``import_filled(store, path) -> FilledImport``, ``describe_filled(result)``
  — merge a workbook filled by an agency back into its plan.

Modules: ``look`` (styles, blocks, print setup), ``sheet_tasks``,
``sheet_indicators``, ``sheet_summary`` (one per sheet), ``workbook``
(assembly, identity sheet, safe write), ``xlsx_writer`` (the file itself,
faster than openpyxl alone), ``filename``, ``export``, ``roundtrip``.
"""
