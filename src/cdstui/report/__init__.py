"""The report that leaves the ward: the workbook (issue 5) and the Word report (issue 13).

Public API (importing this package costs nothing: openpyxl is loaded only
when a workbook is written):

* ``cdstui.report.export.export_report(store, plan_id, period_code=None, *,
  output=None, lead=None, refresh=False, today=None, settings=None,
  format="xlsx") -> ExportResult`` — write a period's report ("xlsx",
  "docx" or "both"; ``ExportResult.paths`` lists the files), record one
  submission, reproduce a submitted period unless ``refresh``;
  ``ReportError`` / ``PeriodError``.
* ``cdstui.report.narrative``: ``Narrative`` (sections with titles and
  paragraphs, one text area each in the app), ``draft_narrative(plan,
  period, today=…, results=…)``; stored by ``cdstui.store.narratives``
  (``load_narrative``, ``store_draft`` — ``NarrativeConflict`` unless
  ``force`` when the officer edited —, ``save_edit``).
* ``cdstui.report.word.document.build_document(plan, period, *, settings,
  day, today, narrative, task_columns=None, indicator_columns=None,
  template=None)`` — the Word document itself (python-docx), for a caller
  that has its own narrative and columns.

The agency's filled copy comes back through ``cdstui.importers.roundtrip``.

Modules: ``appendices`` (the report's appendices and their labels, for both
formats), ``metrics`` and ``font_metrics`` (Times New Roman's glyph widths,
line wrapping), ``pagination`` (page breaks), ``wording`` (shared phrases),
``narrative``, ``export_word``, ``word/`` (the Word report, a module per
part), ``columns`` (the data sheets' columns, shared with the round trip),
``look`` (styles, cells, blocks, print setup), ``sheet_tasks``,
``sheet_indicators``, ``sheet_summary`` (one per sheet), ``workbook``
(assembly, identity sheet, safe write), ``xlsx_writer`` (the file itself,
faster than openpyxl alone; the only module with openpyxl's private names),
``filename``, ``export``.
"""
