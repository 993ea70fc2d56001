"""The cells that a page's ruling lines draw (``pdf_rulings``), on segments laid out by hand."""

from __future__ import annotations

from cdstui.importers.pdf_rulings import Rulings, find_tables


def grid(xs: list[float], ys: list[float]) -> Rulings:
    """Full-length rulings at ``xs`` (vertical) and ``ys`` (horizontal)."""
    return Rulings(
        horizontal=[(y, xs[0], xs[-1]) for y in ys],
        vertical=[(x, ys[0], ys[-1]) for x in xs],
    )


def test_a_grid_gives_its_cells_row_by_row():
    ((bbox, cells),) = find_tables(grid([50, 100, 300], [10, 30, 60]))
    assert bbox == (50, 10, 300, 60)
    assert cells == [(50, 10, 100, 30), (100, 10, 300, 30), (50, 30, 100, 60), (100, 30, 300, 60)]


def test_a_cell_spanning_two_columns_is_one_cell():
    rulings = grid([50, 100, 300], [10, 30, 60])
    # the header row has no ruling between its two columns
    rulings.vertical = [(50, 10, 60), (100, 30, 60), (300, 10, 60)]
    ((_, cells),) = find_tables(rulings)
    assert cells == [(50, 10, 300, 30), (50, 30, 100, 60), (100, 30, 300, 60)]


def test_borders_drawn_as_thin_rectangles_and_in_pieces_are_one_line():
    rulings = grid([50, 100, 300], [10, 30, 60])
    # the bottom border as a filled rectangle half a point high: its two long sides and two stubs
    rulings.horizontal[-1:] = [(59.75, 50, 300), (60.25, 50, 300)]
    rulings.vertical += [(50, 59.75, 60.25), (300, 59.75, 60.25)]
    # the middle line drawn cell by cell, each piece stopping short of the border
    rulings.horizontal[1:2] = [(30, 50.5, 99.5), (30, 100.5, 299.5)]
    ((bbox, cells),) = find_tables(rulings)
    assert bbox == (50, 10, 300, 60)
    assert [c[1::2] for c in cells] == [(10, 30), (10, 30), (30, 60), (30, 60)]


def test_a_frame_around_text_is_no_table_and_tables_come_top_to_bottom():
    frame = grid([50, 500], [700, 750])  # one cell: a box around a paragraph
    lower, upper = grid([50, 100, 300], [400, 420, 440]), grid([50, 200, 300], [100, 120])
    rulings = Rulings(
        frame.horizontal + lower.horizontal + upper.horizontal,
        frame.vertical + lower.vertical + upper.vertical,
    )
    assert [bbox for bbox, _ in find_tables(rulings)] == [(50, 100, 300, 120), (50, 400, 300, 440)]


def test_a_line_that_stops_short_meets_another_only_within_the_tolerance():
    near, far = grid([50, 100, 300], [10, 60]), grid([50, 100, 300], [10, 60])
    near.vertical[-1] = (300, 12, 58)  # 2 points short at both ends: the border still closes the cell
    far.vertical[-1] = (300, 14, 56)  # 4 points short: the right cell is open, the left one alone is a frame
    assert [cells for _, cells in find_tables(near)] == [[(50, 10, 100, 60), (100, 10, 300, 60)]]
    assert find_tables(far) == []
