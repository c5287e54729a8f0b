"""The settlement concierge: a catalogue of settlement services, each person's settlement plan with
proactive reminders, and requests handled as tickets with a working-day service level."""
