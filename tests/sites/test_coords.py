"""sites/coords.py against the public-domain prcoords library, and its round trips."""

import prcoords  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhaoshang.sites.geo.coords import distance_m, from_wgs84, in_china, to_wgs84

# (name, WGS 84 lat, lng)
KNOWN_POINTS = [
    ("Tiananmen", 39.908692, 116.397477),
    ("Sihui, Dongcheng", 23.327001, 112.734103),
    ("Zhaoqing, Duanzhou", 23.052101, 112.484848),
    ("Guangzhou Baiyun airport", 23.392436, 113.298786),
]


def _ref_gcj(lat: float, lng: float) -> tuple[float, float]:
    p = prcoords.wgs_gcj(prcoords.Coords(lat, lng))
    return p.lat, p.lon


def _ref_bd(lat: float, lng: float) -> tuple[float, float]:
    p = prcoords.wgs_bd(prcoords.Coords(lat, lng))
    return p.lat, p.lon


@pytest.mark.parametrize(("name", "lat", "lng"), KNOWN_POINTS)
def test_wgs84_to_gcj02_and_bd09_agree_with_prcoords_within_a_metre(name, lat, lng):
    for system, reference in (("gcj02", _ref_gcj), ("bd09", _ref_bd)):
        ours = from_wgs84(lat, lng, system)
        theirs = reference(lat, lng)
        assert distance_m(*ours, *theirs) < 1.0, (name, system)


@pytest.mark.parametrize(("name", "lat", "lng"), KNOWN_POINTS)
def test_the_offset_is_real_hundreds_of_metres_inside_china(name, lat, lng):
    # Proves from_wgs84 does something: GCJ-02 moves points by roughly 100-700 m.
    assert 100 < distance_m(lat, lng, *from_wgs84(lat, lng, "gcj02")) < 800
    assert 300 < distance_m(lat, lng, *from_wgs84(lat, lng, "bd09")) < 1500


@pytest.mark.parametrize(("name", "lat", "lng"), KNOWN_POINTS)
@pytest.mark.parametrize("system", ["wgs84", "gcj02", "bd09"])
def test_round_trip_is_under_a_metre(name, lat, lng, system):
    back = to_wgs84(*from_wgs84(lat, lng, system), system)
    assert distance_m(lat, lng, *back) < 1.0


def test_gcj02_input_is_converted_like_prcoords_inverse():
    gcj = (23.324, 112.739)
    ours = to_wgs84(*gcj, "gcj02")
    p = prcoords.gcj_wgs_bored(prcoords.Coords(*gcj))
    assert distance_m(*ours, p.lat, p.lon) < 1.0


def test_outside_china_gcj02_leaves_points_alone():
    london = (51.5074, -0.1278)
    assert not in_china(*london)
    assert from_wgs84(*london, "gcj02") == london
    assert to_wgs84(*london, "gcj02") == london


def test_unknown_system_is_refused():
    with pytest.raises(ValueError, match="mars"):
        to_wgs84(23.3, 112.7, "mars")


@given(
    lat=st.floats(min_value=18.2, max_value=53.0),
    lng=st.floats(min_value=74.0, max_value=134.0),
    system=st.sampled_from(["gcj02", "bd09"]),
)
def test_round_trip_anywhere_in_china_is_under_a_metre(lat, lng, system):
    back = to_wgs84(*from_wgs84(lat, lng, system), system)
    assert distance_m(lat, lng, *back) < 1.0
