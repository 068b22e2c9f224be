"""The registry list's results are kept per version of the site (``vendors.registry_list``):
each test shows the list, its search and its filters, changes what they show (through
the registry's action, or the ORM, audited as the admin's changes are) and checks every
page shows what it shows with nothing cached."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import VendorFactory
from tests.factories_vendors import DeliveryLocationFactory, VendorChannelFactory, language
from tests.test_portal_derived import NO_CACHE, _text
from vendors import registry_actions
from vendors.models import Certification, DeliveryLocation, Language, Vendor, VendorChannel

LIST = reverse("vendors:vendor-list")


@pytest.fixture
def registry(db):
    manila = VendorFactory(name="Manila Calls", headquarters_country="Philippines")
    DeliveryLocationFactory(vendor=manila, country="Philippines", region="asia_philippines")
    VendorChannelFactory(vendor=manila, channel="inbound_phone")
    manila.languages.add(language("English"), language("Tagalog"))
    bogota = VendorFactory(name="Bogota Care", headquarters_country="Colombia")
    DeliveryLocationFactory(vendor=bogota, country="Colombia", region="latin_america")
    bogota.languages.add(language("Spanish"))
    return {"manila": manila, "bogota": bogota}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change's on-commit work as its commit would (the site's version moves at
    commit; a test runs in one transaction that never commits)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def _urls() -> list[str]:
    spanish = Language.objects.get(name="Spanish").pk
    return [
        LIST,
        f"{LIST}?q=care",
        f"{LIST}?q=philippines",
        f"{LIST}?region=asia_philippines&channel=inbound_phone",
        f"{LIST}?language={spanish}",
        f"{LIST}?page=2",
    ]


def _no_stale_page(client, commit, change, *, changes: int):
    """After ``change``, every page shows what it shows with nothing cached, and at
    least ``changes`` of them show something new."""
    urls = _urls()
    for url in urls:
        _text(client, url)  # cached now
    before = {url: _text(client, url) for url in urls}
    commit(change)
    after = {url: _text(client, url) for url in urls}
    with override_settings(CACHES=NO_CACHE):
        fresh = {url: _text(client, url) for url in urls}
    for url in urls:
        assert after[url] == fresh[url], f"stale results on {url}"
    assert sum(after[url] != before[url] for url in urls) >= changes
    return after


def test_a_vendor_saved_through_the_registry_shows_at_once(member_client, member, registry, commit):
    manila = registry["manila"]

    def change():
        registry_actions.vendor_save(
            user=member,
            vendor=manila,
            data=registry_actions.VendorInput(
                name="Manila Care Hub",
                headquarters_country="Philippines",
                channels=["email"],
                languages=[language("English")],
                locations=[("Vietnam", "asia_philippines")],
            ),
        )

    after = _no_stale_page(member_client, commit, change, changes=4)
    assert "Manila Care Hub" in after[f"{LIST}?q=care"]
    assert "Manila Care Hub" not in after[f"{LIST}?region=asia_philippines&channel=inbound_phone"]


def test_a_new_and_a_deleted_vendor_show_at_once(member_client, registry, commit):
    def change():
        VendorFactory(name="Cebu Care")
        registry["bogota"].delete()

    after = _no_stale_page(member_client, commit, change, changes=3)
    assert "Cebu Care" in after[LIST] and "Bogota Care" not in after[LIST]


@pytest.mark.parametrize(
    "change",
    [
        lambda vendors: DeliveryLocation.objects.create(
            vendor=vendors["bogota"], country="Philippines", region="asia_philippines"
        ),
        lambda vendors: VendorChannel.objects.create(
            vendor=vendors["bogota"], channel="inbound_phone"
        ),
        lambda vendors: vendors["manila"].languages.add(Language.objects.get(name="Spanish")),
        lambda vendors: DeliveryLocation.objects.filter(vendor=vendors["manila"]).delete(),
    ],
    ids=["location added", "channel added", "language added", "location removed"],
)
def test_an_audited_change_of_a_vendors_details_shows_at_once(
    member_client, registry, commit, change
):
    _no_stale_page(member_client, commit, lambda: change(registry), changes=2)


def test_the_language_and_certification_lists_show_at_once(member_client, registry, commit):
    def change():
        spanish = Language.objects.get(name="Spanish")
        spanish.name = "Español"
        spanish.save()
        Certification.objects.create(name="Customer Care Standard 9")

    after = _no_stale_page(member_client, commit, change, changes=5)
    assert "Español" in after[LIST] and "Customer Care Standard 9" in after[LIST]


def test_a_deleted_language_filtered_on_is_an_error_at_once(member_client, registry, commit):
    url = _urls()[4]  # filtered on Spanish
    assert "Bogota Care" in _text(member_client, url)
    commit(lambda: Language.objects.filter(name="Spanish").delete())
    page = _text(member_client, url)
    with override_settings(CACHES=NO_CACHE):
        assert page == _text(member_client, url)
    assert "Select a valid choice" in page


def test_a_cached_page_reads_no_registry_table(member_client, registry):
    _text(member_client, LIST)
    with CaptureQueriesContext(connection) as captured:
        _text(member_client, LIST)
    assert not [q for q in captured if "vendors_" in q["sql"]]
    assert Vendor.objects.count() == 2
