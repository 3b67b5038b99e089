"""The Scenarios list and the Break-even chart show the same scenario, whichever is built first."""


def test_chart_follows_the_scenarios_list_and_back(window, qtbot):
    ids = [s.id for s in window.doc.project.scenarios]
    scenarios = window.scenarios_view.ensure_built()
    scenarios.select_scenario(ids[2])
    # The chart is built after the choice: it starts on the chosen scenario.
    chart = window.breakeven_tab.ensure_built()
    assert chart.scenario_id == ids[2]
    scenarios.select_scenario(ids[1])
    assert chart.scenario_id == ids[1]
    chart.set_scenario(ids[0])
    assert scenarios.scenario_id == ids[0]
    assert window._shown_scenario == ids[0]
