"""Step 1's import of a channel's interval volumes from the phone system's CSV."""

from __future__ import annotations

from django import forms

from portal import csv_reading, uploads
from portal.forms import form_helper
from portal.planning.actions import IntervalCsvInput


class IntervalImportForm(forms.Form):
    """A CSV of interval volumes from the phone system (``portal.planning.intervals``)."""

    file = forms.FileField(
        label="CSV file",
        help_text="Columns start,volume (2026-03-02 09:30,14) or weekday,time,volume "
        "(Monday,09:30,14); intervals of an hour or a half hour, one or more weeks. "
        + uploads.INTERVAL_CSV.help_text,
    )
    open_closed_hours = forms.BooleanField(
        label="Open the hours that have contacts",
        required=False,
        help_text="When the file has contacts in hours the channel is closed, open those "
        "hours instead of refusing the file.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Import")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The same hostile-upload checks as the other imports: content sniffed, markup refused.
        uploads.inspect_upload(upload, purpose=uploads.INTERVAL_CSV)
        text = csv_reading.decoded(upload.read())
        if text is None:
            raise forms.ValidationError("The file is not a UTF-8 CSV text file.")
        return text

    def to_input(self) -> IntervalCsvInput:
        return IntervalCsvInput(
            text=self.cleaned_data["file"],
            open_closed_hours=self.cleaned_data["open_closed_hours"],
        )
