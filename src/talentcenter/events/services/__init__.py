"""Writes of the events app: events (staff), talents' registrations, companies' booths, and the
timed work (lapsed offers, reminders). Every service that takes or frees a place locks the event."""
