"""Chart labels: placed beside their points, inside the plot, never over each other or a
marker; dropped, most important last, when there is no room."""

from hypothesis import given, settings
from hypothesis import strategies as st

from infercost.model.costing.label_layout import AROUND, Box, Label, marker_box, place_labels

PLOT = Box(0, 0, 400, 300)


def test_a_lone_label_sits_up_and_to_the_right_of_its_point():
    (p,) = place_labels([Label(100, 100, 40, 12)], PLOT, gap=4)
    assert (p.index, p.place) == (0, "NE")
    assert (p.box.left, p.box.top, p.box.right, p.box.bottom) == (104, 84, 144, 96)


def test_at_the_plots_right_edge_it_goes_to_the_left():
    (p,) = place_labels([Label(390, 100, 40, 12)], PLOT, gap=4)
    assert p.place == "NW" and p.box.right == 386


def test_labels_of_one_point_take_its_four_corners_and_the_rest_are_dropped():
    same = [Label(200, 150, 40, 12) for _ in range(10)]
    placed = place_labels(same, PLOT, gap=4)
    # N, S, E and W overlap the corners of a label this size: four fit.
    assert [p.place for p in placed] == ["NE", "NW", "SE", "SW"]
    assert [p.index for p in placed] == [0, 1, 2, 3]
    assert AROUND[:4] == ("NE", "NW", "SE", "SW")


def test_a_marker_pushes_a_label_aside():
    marker = marker_box(120, 90, 10)
    (p,) = place_labels([Label(100, 100, 40, 12)], PLOT, obstacles=[marker], gap=4)
    assert p.place == "NW"


def test_the_limit_keeps_the_first_labels():
    labels = [Label(20 + 60 * i, 150, 40, 12) for i in range(6)]
    assert [p.index for p in place_labels(labels, PLOT, limit=3)] == [0, 1, 2]


def test_a_label_at_a_point_off_the_axes_is_skipped():
    labels = [Label(float("nan"), 10, 40, 12), Label(50, float("inf"), 40, 12), Label(50, 50, 4, 4)]
    assert [p.index for p in place_labels(labels, PLOT)] == [2]


def test_sixty_eight_crossings_in_a_knot_leave_readable_labels_only():
    """What a price edit did to the old chart: 68 numbers printed over each other."""
    labels = [Label(150 + (i % 7) * 9, 120 + (i // 7) * 5, 18, 12) for i in range(68)]
    markers = [marker_box(lab.x, lab.y, 11) for lab in labels]
    # A gap past the markers' radius: a label clears the markers of its point's neighbours.
    placed = place_labels(labels, PLOT, obstacles=markers, gap=6.5)
    assert 4 <= len(placed) < 20
    _no_overlaps([p.box for p in placed])
    assert not any(p.box.overlaps(m) for p in placed for m in markers)


def _no_overlaps(boxes):
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)


labels_st = st.lists(
    st.builds(
        Label,
        x=st.floats(-50, 450),
        y=st.floats(-50, 350),
        width=st.floats(1, 120),
        height=st.floats(1, 30),
    ),
    max_size=60,
)
boxes_st = st.lists(
    st.builds(
        Box,
        left=st.floats(-20, 400),
        top=st.floats(-20, 300),
        width=st.floats(0.5, 40),
        height=st.floats(0.5, 40),
    ),
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(labels_st, boxes_st, st.floats(0, 10), st.one_of(st.none(), st.integers(0, 30)))
def test_kept_labels_never_overlap_each_other_or_a_marker_and_stay_inside(
    labels, obstacles, gap, limit
):
    placed = place_labels(labels, PLOT, obstacles=obstacles, gap=gap, limit=limit)
    boxes = [p.box for p in placed]
    _no_overlaps(boxes)
    for b in boxes:
        assert b.inside(PLOT)
        assert not any(b.overlaps(o) for o in obstacles)
    assert limit is None or len(placed) <= limit
    # Each kept label touches the neighbourhood of its own point (gap plus its size).
    for p in placed:
        lab = labels[p.index]
        assert p.box.left - gap - lab.width <= lab.x <= p.box.right + gap + lab.width
        assert p.box.top - gap - lab.height <= lab.y <= p.box.bottom + gap + lab.height
    # In order of importance, and a label is dropped only when every place is taken or out.
    assert [p.index for p in placed] == sorted(p.index for p in placed)
    if placed and limit is None:
        kept = {p.index for p in placed}
        first_dropped = next((i for i in range(len(labels)) if i not in kept), None)
        if first_dropped is not None:
            from infercost.model.costing.label_layout import box_at

            lab = labels[first_dropped]
            before = [p.box for p in placed if p.index < first_dropped]
            for place in lab.places:
                b = box_at(lab, place, gap)
                assert (not b.inside(PLOT)) or any(b.overlaps(o) for o in [*before, *obstacles])


def test_a_run_of_crossings_a_pixel_apart_keeps_circles_that_do_not_touch():
    from infercost.model.costing.label_layout import thin_markers

    run = [(10.0 + i, 100.0 + i / 2) for i in range(200)]
    kept = thin_markers(run, 11, PLOT)
    assert kept[0] == 0 and 10 <= len(kept) <= 25
    boxes = [marker_box(*run[k], 11) for k in kept]
    _no_overlaps(boxes)
    # Nothing is dropped that had room: each dropped point touches a kept circle.
    for i, pt in enumerate(run):
        if i not in kept and marker_box(*pt, 11).inside(PLOT):
            assert any(marker_box(*pt, 11).overlaps(b) for b in boxes)
