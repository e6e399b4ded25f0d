from dashboard.data.reference import kwb


def test_roll_up_sums_counts_and_weights_shares():
    children = [
        {
            "aantal_inwoners": 1000,
            "percentage_personen_0_tot_15_jaar": 10,
            "oppervlakte_land_in_ha": 100,
            "omgevingsadressendichtheid": 3000,
        },
        {
            "aantal_inwoners": 3000,
            "percentage_personen_0_tot_15_jaar": 30,
            "oppervlakte_land_in_ha": 300,
            "omgevingsadressendichtheid": 1000,
        },
        {"aantal_inwoners": None, "percentage_personen_0_tot_15_jaar": None},
    ]
    out = kwb.roll_up(children)
    assert out["aantal_inwoners"] == 4000
    assert out["percentage_personen_0_tot_15_jaar"] == 25.0  # (10*1000 + 30*3000) / 4000
    assert out["bevolkingsdichtheid_inwoners_per_km2"] == 1000  # 4000 / 4 km2
    assert out["omgevingsadressendichtheid"] == 1500.0
    assert out["stedelijkheid_adressen_per_km2"] == 2


def test_urbanity_classes_follow_cbs_limits():
    assert [kwb.urbanity_class(v) for v in (2500, 2499, 1500, 1000, 500, 499)] == [1, 2, 2, 3, 4, 5]
    assert kwb.urbanity_class(None) is None
