"""The open-data page in headless Chromium: yearly police figures without the BVH extract."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import browser_errors, login_in_browser, wait_until


def test_open_data_page(dash_duo, twente_app, shared_data_dir):
    if not shared_data_dir:
        pytest.skip("needs the real 2023 police file")
    login_in_browser(dash_duo, twente_app, path="/open-data")
    driver = dash_duo.driver
    wait_until(
        dash_duo, lambda d: "24.170 geregistreerd" in d.find_element(By.ID, "opendata-titel").text
    )
    wait_until(dash_duo, lambda d: len(d.find_elements(By.CSS_SELECTOR, "path.area")) == 14)
    assert "geen tijdstip" in dash_duo.find_element("#opendata-titel").text
    # Real public figures: the demo database's "Demodata (synthetisch)" badge is not shown here.
    wait_until(dash_duo, lambda d: not d.find_element(By.ID, "demo-badge").is_displayed())
    driver.find_element(By.CSS_SELECTOR, "#opendata-niveau input[value='buurt']").click()
    # Every buurt of the 2021 map is drawn (grey where 2023 has no figure) ...
    wait_until(dash_duo, lambda d: len(d.find_elements(By.CSS_SELECTOR, "path.area")) == 517)
    # ... and the counts of Rijssen-Holten's newer buurten are named below the map, not lost.
    wait_until(
        dash_duo, lambda d: "Rijssen-Holten" in d.find_element(By.ID, "opendata-niet-op-kaart").text
    )
    assert "24.170 geregistreerd" in dash_duo.find_element("#opendata-titel").text
    # The view is in the URL: a reload shows the same level.
    wait_until(dash_duo, lambda d: "niveau=buurt" in d.current_url)
    driver.refresh()
    wait_until(dash_duo, lambda d: len(d.find_elements(By.CSS_SELECTOR, "path.area")) == 517)
    assert browser_errors(driver) == []
