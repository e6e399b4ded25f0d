from dashboard.measures.open_data import PageState, parse_state, to_search


def test_round_trip():
    state = PageState(periode="jaar:2023-01-01", soort="0.0.0", niveau="buurt", gemeente="GM1742")
    assert parse_state(to_search(state)) == state


def test_crafted_values_fall_back():
    state = parse_state("?periode=1;DROP&niveau=provincie&gemeente=<x>&soort=0.0.0")
    assert state == PageState(periode=None, soort="0.0.0", niveau="gemeente", gemeente=None)
