"""Measures: the one definition of every figure a user sees. A surface (page, report, export,
CLI) reads its figures here and computes none of its own; a measure takes a selection, reads
through dashboard.data and returns typed results (frozen dataclasses).

- usage: usage of the dashboards, "actief" and licences;
- completeness: whole and partial calendar periods, the whole months of data of a selection,
  how much of a period the data cover (DataCoverage, its flag 'Vergelijking onvolledig: ...'),
  and the completeness of the deliveries of a period;
- selection: a URL state of Algemeen beeld resolved for a viewer (policy applied) into the
  area, periods and categories or codes that its figures are about;
- counts: the KPI figure (count, comparison, change, rate per 1,000, significance hint,
  partial-period flags) of the cards, the areas table and CSV, and the periodic report;
- areas: Algemeen beeld's areas table (one row per area on the map, a page of it in a sort
  order) and, with the KPI figures, what its main callback shows;
- trend: a selection over time (per week or month beside the comparison, weekday x hour);
- extrapolation: the monthly history of a selection and its extrapolation, or why there is none;
- profile: the kerncijfers of an area beside its gemeente and region, and its incident mix;
- survey: the Veiligheidsmonitor figures of a selection (card and periodic report);
- freshness: up to which date the police data run and when they were delivered;
- open_data: the open-data page's state and its figures per area from the public tables.
- measurement: the usage of the dashboards around each measurement round (frozen when a round
  closes), for the Metingen page and the DVO report, and the results export;
- theme_selection: a theme page's URL state and sources resolved for a viewer into the area,
  period and windows of its figures (ThemeContext);
- theme_areas: a theme's counts per area with small numbers protected (AreaTable, its rows as
  shown and its CSV), one source's figure for the selection, the region's gemeenten compared;
- theme_kpis: a theme page's KPI cards, on the KpiFigure of `counts` with the theme's
  small-number rule on top;
- theme_trend, theme_breakdown, theme_notes: a theme's trend, its breakdown by code or
  attribute, and the CBS kerncijfers and source notes beside them.
"""
