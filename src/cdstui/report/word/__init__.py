"""The Word report (.docx): the narrative signed once, then the appendix tables.

Follows Nghị định 30/2020/NĐ-CP for an administrative report: A4 portrait,
margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt,
single spacing, 6 pt before and after; the two-column top block (issuer and
"Số: …/BC-UBND" on the left; the motto and the italic place-and-date line on
the right); "BÁO CÁO" in 16 pt bold with the trích yếu under it;
"Kính gửi: …"; the narrative; "Nơi nhận:" beside the one signature block;
page numbers at the top from the second page. The appendices follow in a
landscape section, unsigned, as in seed 004.

Modules, one per part: ``page`` (page setup, styles, top block, title,
page numbers), ``body`` (the narrative), ``signature`` ("Nơi nhận" and the
signature), ``appendix`` (the landscape section and its tables, built as
XML in one pass), ``template`` (a ward's own .docx with markers),
``document`` (the assembly: ``build_document``, ``save_document``).

Only imported when a Word report is written: python-docx is imported by the
modules here, never at the app's start-up.
"""
